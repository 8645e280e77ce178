import type { AppointmentStatus } from '../../../shared/scheduling/contract.js';
import type { AppDb } from '../../platform/db/index.js';
import { findAppointment } from './appointment-store.js';

/** What records needs to know about one appointment (a note belongs to one); undefined if not in this clinic. */
export async function appointmentForRecords(db: AppDb, clinicId: string, appointmentId: string) {
  const a = await findAppointment(db, clinicId, appointmentId);
  if (!a) return undefined;
  return {
    id: a.id,
    patientId: a.patient_id,
    therapistUserId: a.therapist_user_id,
    status: a.status as AppointmentStatus,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    actualEndAt: a.actual_end_at,
    typeName: a.type_name,
  };
}
