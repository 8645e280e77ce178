import type { AppDb } from '../../platform/db/index.js';
import { membershipsOf } from '../clinic/index.js';
import { feeEventsSince, sessionsSince } from './appointment-store.js';

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

/**
 * One therapist's completed appointments since `sinceIso` (by start time, oldest first) that had a
 * fee adjustment (discount or waiver) or are marked unpaid: what the "repeated discounts, waivers
 * or unpaid sessions for one patient" signal counts. In every clinic the therapist is a member of.
 */
export async function feeEventsForTherapist(
  db: AppDb,
  therapistUserId: string,
  sinceIso: string,
): Promise<
  Array<{ patientId: string; appointmentId: string; startsAt: string; adjustment: 'discount' | 'waived' | null; unpaid: boolean }>
> {
  const clinicIds = (await membershipsOf(db, therapistUserId)).map((m) => m.clinic_id);
  return (await feeEventsSince(db, clinicIds, therapistUserId, sinceIso)).map((r) => ({
    patientId: r.patient_id,
    appointmentId: r.id,
    startsAt: r.starts_at,
    adjustment: r.fee_adjustment === 'discount' || r.fee_adjustment === 'waived' ? r.fee_adjustment : null,
    unpaid: r.payment_status === 'unpaid',
  }));
}
