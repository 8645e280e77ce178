import type { z } from 'zod';
import type { PsfsBody } from '../../../shared/records/contract.js';
import { type AppDb, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit, recordPatientRead } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { requirePatient } from '../patients/index.js';
import type { RecordsDeps } from './notes.js';
import { amendmentsOfNotes, insertPsfs, painSeries, psfsOf } from './store.js';
import type { PsfsAssessmentsTable } from './tables.js';

function presentPsfs(r: PsfsAssessmentsTable) {
  const activities = JSON.parse(r.activities) as { activity: string; score: number }[];
  const average = Math.round((activities.reduce((s, a) => s + a.score, 0) / activities.length) * 10) / 10;
  return {
    id: r.id,
    takenOn: r.taken_on,
    occasion: r.occasion as 'intake' | 'review' | 'discharge',
    activities,
    average,
    recordedBy: r.recorded_by,
  };
}

/** Patient-Specific Functional Scale: 3–5 activities the patient names, each scored 0 (unable) to 10. */
export async function recordPsfs(deps: RecordsDeps, actor: Actor, patientId: string, input: z.output<typeof PsfsBody>, ip: string | null) {
  const { clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const today = deps.now().toISOString().slice(0, 10);
  const d = new Date(`${input.takenOn}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== input.takenOn)
    throw new AppError('VALIDATION', 'This date does not exist.', { field: 'takenOn' });
  if (input.takenOn > today) throw new AppError('VALIDATION', 'The date cannot be in the future.', { field: 'takenOn' });
  const row: PsfsAssessmentsTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    patient_id: patientId,
    taken_on: input.takenOn,
    occasion: input.occasion,
    activities: JSON.stringify(input.activities),
    recorded_by: actor.user.id,
    created_at: deps.now().toISOString(),
  };
  await inTransaction(deps.db, async (tx) => {
    await insertPsfs(tx, row);
    await recordAudit(tx, deps.dialect, {
      type: 'psfs.recorded',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId,
      subject: { type: 'psfs', id: row.id },
      ip,
    });
  });
  return presentPsfs(row);
}

interface PainRow {
  id: string;
  appointment_id: string;
  pain_before: number | null;
  pain_after: number | null;
}

/** Pain as each signed note now reads: amendments (oldest first) correct the signed values. */
function painAsAmended(pain: readonly PainRow[], amendments: readonly { note_id: string; changes: string }[]) {
  const corrected = new Map(pain.map((p) => [p.id, { before: p.pain_before, after: p.pain_after }]));
  for (const a of amendments) {
    const value = corrected.get(a.note_id);
    if (!value) continue;
    const changes = JSON.parse(a.changes) as { painBefore?: number | null; painAfter?: number | null };
    if (changes.painBefore !== undefined) value.before = changes.painBefore;
    if (changes.painAfter !== undefined) value.after = changes.painAfter;
  }
  return corrected;
}

async function correctedPain(db: AppDb, pain: readonly PainRow[]) {
  return painAsAmended(
    pain,
    await amendmentsOfNotes(
      db,
      pain.map((p) => p.id),
    ),
  );
}

/**
 * Pain before and after each session with a signed note, by appointment, as the notes now read,
 * given the series and its amendments (read by the caller in one statement with its own reads:
 * records' `painSeriesQuery` and `painAmendmentsQuery`). For the feedback trajectory; the caller
 * has already checked that the reader treats the patient, and audits its own read.
 */
export function painBySession(pain: readonly PainRow[], amendments: readonly { note_id: string; changes: string }[]) {
  const corrected = painAsAmended(pain, amendments);
  const bySession = new Map<string, { before: number | null; after: number | null }>();
  for (const p of pain) {
    const value = corrected.get(p.id);
    if (p.appointment_id && value) bySession.set(p.appointment_id, value);
  }
  return bySession;
}

/** Pain before and after each signed session, and PSFS over time: what the charts draw. */
export async function measuresOf(deps: RecordsDeps, actor: Actor, patientId: string, ip: string | null) {
  const { clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const [pain, psfs] = await Promise.all([painSeries(deps.db, clinic.clinicId, patientId), psfsOf(deps.db, clinic.clinicId, patientId)]);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'measures.viewed', patientId);
  const corrected = await correctedPain(deps.db, pain);
  return {
    pain: pain.map((p) => ({
      noteId: p.id,
      date: p.created_at.slice(0, 10),
      before: corrected.get(p.id)?.before ?? null,
      after: corrected.get(p.id)?.after ?? null,
    })),
    psfs: psfs.map(presentPsfs),
  };
}
