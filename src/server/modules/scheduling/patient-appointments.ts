import { recordPatientRead } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { type ArchiveCheck, requirePatient } from '../patients/index.js';
import { appointmentsOfPatient, upcomingCountOfPatient } from './appointment-store.js';
import { clinicTimeZone } from './calendar-access.js';
import type { SchedulingDeps } from './deps.js';
import { allows } from './policy.js';
import { presentAppointment } from './present.js';

/**
 * One patient's appointments, for their chart. The same people as the calendar: the owner and
 * admins see every appointment of the clinic's patient; a therapist sees the patients they treat,
 * and only the appointments in their own calendar. Everyone else gets "not found". Audited as a read.
 */
export async function patientAppointments(deps: SchedulingDeps, actor: Actor, patientId: string, ip: string | null) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'demographics');
  const everyone = allows(clinic.role, 'scheduling.calendar.any');
  const timeZone = await clinicTimeZone(deps, clinic.clinicId);
  const now = deps.now().toISOString();
  const rows = (await appointmentsOfPatient(deps.db, clinic.clinicId, patient.id)).filter(
    (r) => everyone || r.therapist_user_id === actor.user.id,
  );
  const all = rows.map((r) => ({ ...presentAppointment(r, timeZone), therapistName: r.therapist_name ?? '' }));
  const past = all.filter((a) => a.endsAt <= now).reverse();
  const upcoming = all.filter((a) => a.endsAt > now);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'appointment.listed', patient.id, {
    data: { view: 'patient', shown: all.length },
  });
  return { timeZone, past, upcoming };
}

/**
 * Before a patient is archived (patients/archive.ts): their upcoming appointments must be cancelled
 * first, so nobody arrives for a visit the calendar no longer shows them on.
 */
export const upcomingAppointmentsCheck: ArchiveCheck = async (db, clinicId, patientId, now) => {
  const n = await upcomingCountOfPatient(db, clinicId, patientId, now.toISOString());
  if (n === 0) return null;
  return `This patient has ${n === 1 ? 'an upcoming appointment' : `${n} upcoming appointments`}. Cancel ${n === 1 ? 'it' : 'them'} first: an archived patient cannot be booked or seen in the calendar.`;
};
