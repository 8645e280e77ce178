import type { AppDb } from '../../platform/db/index.js';
import { sessionsSince } from './appointment-store.js';

/**
 * One therapist's sessions since a date, oldest first, with what boundary signals look at: how long
 * they really ran and whether they were booked outside the therapist's hours. Bounded by date.
 */
export async function sessionsOfTherapist(db: AppDb, clinicId: string, therapistUserId: string, since: string) {
  return (await sessionsSince(db, clinicId, therapistUserId, since)).map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    actualEndAt: r.actual_end_at,
    status: r.status,
    outsideHours: r.outside_hours === 1,
  }));
}
