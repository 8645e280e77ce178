import type { z } from 'zod';
import type { CheckIn, CheckInBody } from '../../../shared/reflection/contract.js';
import type { AppDb, DialectName } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { type Actor, requireClinic } from '../clinic/index.js';
import { patientDisplayNames } from '../patients/index.js';
import { appointmentForRecords, clinicTimeZone, wallClock } from '../scheduling/index.js';
import { checkInsForPatient, checkInsOf, insertCheckIn, recentCheckIns } from './store.js';
import type { PresenceCheckInsTable } from './tables.js';
import { refocusFor, type TrendBy, trendOf } from './trend.js';

export interface ReflectionDeps {
  db: AppDb;
  dialect: DialectName;
  now: () => Date;
}

/**
 * The therapist's own presence check-ins. Not patient health information and not shared with the
 * clinic: nothing here is written to the clinic's audit log (whose readers include the owner),
 * and every query is bound to the signed-in user.
 */
export function therapistIn(actor: Actor) {
  const clinic = requireClinic(actor);
  const treats = clinic.role === 'therapist' || clinic.role === 'locum' || clinic.treats;
  if (!treats) throw new AppError('FORBIDDEN', 'Presence check-ins are for those who treat patients.');
  return clinic;
}

function present(r: PresenceCheckInsTable): z.infer<typeof CheckIn> {
  return {
    id: r.id,
    at: r.at,
    localDate: r.local_date,
    presence: r.presence,
    attention: r.attention,
    pulls: JSON.parse(r.pulls),
    pullNote: r.pull_note,
    intention: r.intention,
    appointmentId: r.appointment_id,
    patientId: r.patient_id,
  };
}

export async function checkIn(deps: ReflectionDeps, actor: Actor, input: z.output<typeof CheckInBody>) {
  const clinic = therapistIn(actor);
  let patientId: string | null = null;
  if (input.appointmentId) {
    const appointment = await appointmentForRecords(deps.db, clinic.clinicId, input.appointmentId);
    if (!appointment || appointment.therapistUserId !== actor.user.id) {
      throw new AppError('NOT_FOUND', 'This appointment is not one of yours.', { field: 'appointmentId' });
    }
    patientId = appointment.patientId;
  }
  const now = deps.now();
  const local = wallClock(now, await clinicTimeZone(deps, clinic.clinicId));
  const row: PresenceCheckInsTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    user_id: actor.user.id,
    at: now.toISOString(),
    local_date: local.date,
    local_hour: Math.floor(local.minutes / 60),
    weekday: local.weekday,
    presence: input.presence,
    attention: input.attention,
    pulls: JSON.stringify([...new Set(input.pulls)]),
    pull_note: input.pullNote || null,
    intention: input.intention || null,
    appointment_id: input.appointmentId ?? null,
    patient_id: patientId,
  };
  await insertCheckIn(deps.db, row);
  return { checkIn: present(row), refocus: refocusFor(input.presence, input.attention) };
}

export async function recent(deps: ReflectionDeps, actor: Actor) {
  const clinic = therapistIn(actor);
  return (await recentCheckIns(deps.db, actor.user.id, clinic.clinicId, 30)).map(present);
}

const MAX_RANGE_DAYS = 366 * 6;

export async function trend(deps: ReflectionDeps, actor: Actor, query: { from: string; to: string; by: TrendBy }) {
  const clinic = therapistIn(actor);
  const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
  if (!(days >= 0) || days > MAX_RANGE_DAYS)
    throw new AppError('VALIDATION', 'Choose a range of up to six years, with the start before the end.', { field: 'from' });
  const rows = await checkInsOf(deps.db, actor.user.id, clinic.clinicId, query.from, query.to);
  const names =
    query.by === 'patient'
      ? await patientDisplayNames(
          deps.db,
          clinic.clinicId,
          rows.flatMap((r) => (r.patient_id ? [r.patient_id] : [])),
        )
      : new Map<string, string>();
  return { by: query.by, points: trendOf(rows, query.by, names), checkIns: rows.length };
}

/**
 * My presence before each session with one patient, for "presence against experience" beside the
 * patient's feedback. Only the signed-in therapist's own rows; it says nothing about the patient.
 */
export async function presenceForPatient(deps: ReflectionDeps, actor: Actor, patientId: string) {
  const clinic = therapistIn(actor);
  const bySession = new Map<string, { appointmentId: string; at: string; presence: number; attention: number }>();
  for (const r of await checkInsForPatient(deps.db, actor.user.id, clinic.clinicId, patientId)) {
    if (r.appointment_id)
      bySession.set(r.appointment_id, { appointmentId: r.appointment_id, at: r.at, presence: r.presence, attention: r.attention });
  }
  return { sessions: [...bySession.values()] };
}
