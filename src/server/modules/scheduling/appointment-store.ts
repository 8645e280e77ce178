import { type Kysely, sql } from 'kysely';
import type { AppDb, DialectName } from '../../platform/db/index.js';
import type { AuthTables } from '../auth/index.js';
import type { PatientsTables } from '../patients/index.js';
import type { AppointmentFeeEventsTable, AppointmentsTable, SchedulingTables } from './tables.js';

// Reads join patients and users (lower ranks) for display names: read-only.
type PatientNames = { patients: Pick<PatientsTables['patients'], 'id' | 'legal_first_name' | 'legal_last_name' | 'preferred_name'> };
type UserNames = { users: Pick<AuthTables['users'], 'id' | 'name'> };
const own = (db: AppDb) => db as Kysely<SchedulingTables & PatientNames & UserNames>;

/** Longest possible booked span: a type lasts at most 8 hours, so range scans stay bounded. */
export const MAX_SPAN_MS = 8 * 60 * 60 * 1000;
const LOCK_NAMESPACE = 4_242;

/**
 * Serialises bookings per therapist. PostgreSQL: a transaction-level advisory lock per therapist
 * (two-key form, so it never meets the audit chain's one-key lock); locks are taken in a fixed
 * order so a move between two therapists cannot deadlock. SQLite: the one connection already
 * runs one transaction at a time.
 */
export async function lockTherapists(tx: AppDb, dialect: DialectName, therapistUserIds: string[]) {
  if (dialect !== 'postgres') return;
  for (const id of [...new Set(therapistUserIds)].sort()) {
    await sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${id}))`.execute(tx);
  }
}

/** The therapist's appointments that still hold time and overlap [startsAt, endsAt). */
export function overlapping(db: AppDb, clinicId: string, therapistUserId: string, startsAt: string, endsAt: string, exceptId?: string) {
  const earliest = new Date(new Date(startsAt).getTime() - MAX_SPAN_MS).toISOString();
  let q = own(db)
    .selectFrom('appointments')
    .select(['id', 'starts_at', 'ends_at'])
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('starts_at', '>', earliest)
    .where('starts_at', '<', endsAt)
    .where('ends_at', '>', startsAt)
    .where('status', 'not in', ['cancelled', 'no_show']);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.orderBy('starts_at').limit(1).executeTakeFirst();
}

export async function insertAppointment(db: AppDb, row: AppointmentsTable) {
  await own(db).insertInto('appointments').values(row).execute();
}

export function findAppointment(db: AppDb, clinicId: string, id: string) {
  return own(db).selectFrom('appointments').selectAll().where('clinic_id', '=', clinicId).where('id', '=', id).executeTakeFirst();
}

/** Changes an appointment only if its status is still `expected`: two racing changes cannot both win. */
export async function updateAppointment(db: AppDb, id: string, expected: string, patch: Partial<AppointmentsTable>): Promise<boolean> {
  const r = await own(db).updateTable('appointments').set(patch).where('id', '=', id).where('status', '=', expected).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** One therapist's appointments starting in [from, to), with patient names: one index range scan. */
export function appointmentsBetween(
  db: AppDb,
  filter: { clinicId: string; therapistUserId: string; from: string; to: string; includeCancelled: boolean },
) {
  let q = own(db)
    .selectFrom('appointments as a')
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .selectAll('a')
    .select(['p.legal_first_name', 'p.legal_last_name', 'p.preferred_name'])
    .where('a.clinic_id', '=', filter.clinicId)
    .where('a.therapist_user_id', '=', filter.therapistUserId)
    .where('a.starts_at', '>=', filter.from)
    .where('a.starts_at', '<', filter.to);
  if (!filter.includeCancelled) q = q.where('a.status', '!=', 'cancelled');
  return q.orderBy('a.starts_at').orderBy('a.id').limit(5000).execute();
}

export function findAppointmentWithName(db: AppDb, clinicId: string, id: string) {
  return own(db)
    .selectFrom('appointments as a')
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .selectAll('a')
    .select(['p.legal_first_name', 'p.legal_last_name', 'p.preferred_name'])
    .where('a.clinic_id', '=', clinicId)
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** One therapist's sessions since a date (not cancelled), oldest first: for their private signals. */
export function sessionsSince(db: AppDb, clinicId: string, therapistUserId: string, since: string) {
  return own(db)
    .selectFrom('appointments')
    .select(['id', 'patient_id', 'starts_at', 'ends_at', 'actual_end_at', 'status', 'outside_hours'])
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('starts_at', '>=', since)
    .where('status', '!=', 'cancelled')
    .orderBy('starts_at')
    .execute();
}

/** Sets the current fee adjustment or payment mark (the caller keeps the change in appointment_fee_events). */
export async function updateAppointmentFee(db: AppDb, id: string, patch: Partial<AppointmentsTable>) {
  await own(db).updateTable('appointments').set(patch).where('id', '=', id).execute();
}

/**
 * Inside the caller's transaction: serialises fee changes to one appointment, so the history's
 * numbering never collides. PostgreSQL: a row lock; SQLite: one transaction runs at a time already.
 */
export async function lockAppointmentRow(tx: AppDb, dialect: DialectName, id: string) {
  if (dialect === 'postgres') await own(tx).selectFrom('appointments').select('id').where('id', '=', id).forUpdate().execute();
}

/** Appends a change to the appointment's fee history, numbered after the last one. */
export async function insertFeeEvent(db: AppDb, row: Omit<AppointmentFeeEventsTable, 'seq'>) {
  const last = await own(db)
    .selectFrom('appointment_fee_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('appointment_id', '=', row.appointment_id)
    .executeTakeFirst();
  await own(db)
    .insertInto('appointment_fee_events')
    .values({ ...row, seq: Number(last?.seq ?? 0) + 1 })
    .execute();
}

/** Every fee change of one appointment, oldest first, with the name of who made it. */
export function feeEventsOf(db: AppDb, clinicId: string, appointmentId: string) {
  return own(db)
    .selectFrom('appointment_fee_events as e')
    .leftJoin('users as u', 'u.id', 'e.created_by')
    .selectAll('e')
    .select('u.name as by_name')
    .where('e.clinic_id', '=', clinicId)
    .where('e.appointment_id', '=', appointmentId)
    .orderBy('e.seq')
    .execute();
}

/** One patient's appointments (all statuses), oldest first, with the therapist's name: one index range scan. */
export function appointmentsOfPatient(db: AppDb, clinicId: string, patientId: string) {
  return own(db)
    .selectFrom('appointments as a')
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .leftJoin('users as u', 'u.id', 'a.therapist_user_id')
    .selectAll('a')
    .select(['p.legal_first_name', 'p.legal_last_name', 'p.preferred_name', 'u.name as therapist_name'])
    .where('a.patient_id', '=', patientId)
    .where('a.clinic_id', '=', clinicId)
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .limit(5000)
    .execute();
}

/** How many appointments a patient still has ahead (booked, or arrived and not yet over) after `now`. */
export async function upcomingCountOfPatient(db: AppDb, clinicId: string, patientId: string, now: string): Promise<number> {
  const row = await own(db)
    .selectFrom('appointments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('patient_id', '=', patientId)
    .where('clinic_id', '=', clinicId)
    .where('status', 'in', ['booked', 'arrived'])
    .where('ends_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A therapist's completed sessions since a date with a fee adjustment or marked unpaid, oldest first. */
export function feeEventsSince(db: AppDb, clinicIds: string[], therapistUserId: string, since: string) {
  if (clinicIds.length === 0) return Promise.resolve([]);
  return own(db)
    .selectFrom('appointments')
    .select(['id', 'patient_id', 'starts_at', 'fee_adjustment', 'payment_status'])
    .where('clinic_id', 'in', clinicIds)
    .where('therapist_user_id', '=', therapistUserId)
    .where('starts_at', '>=', since)
    .where('status', '=', 'completed')
    .where((eb) => eb.or([eb('fee_adjustment', 'is not', null), eb('payment_status', '=', 'unpaid')]))
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}
