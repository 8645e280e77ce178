import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type { SchedulingTables } from './tables.js';

const own = (db: AppDb) => db as Kysely<SchedulingTables>;

/**
 * One therapist's sessions since a date, oldest first, with what boundary signals look at: how long
 * they really ran and whether they were booked outside the therapist's hours. Bounded by date.
 */
export async function sessionsOfTherapist(db: AppDb, clinicId: string, therapistUserId: string, since: string) {
  const rows = await own(db)
    .selectFrom('appointments')
    .select(['id', 'patient_id', 'starts_at', 'ends_at', 'actual_end_at', 'status', 'outside_hours'])
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('starts_at', '>=', since)
    .where('status', '!=', 'cancelled')
    .orderBy('starts_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    actualEndAt: r.actual_end_at,
    status: r.status,
    outsideHours: r.outside_hours === 1,
  }));
}
