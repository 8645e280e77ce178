import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type { PatientContactsTable, PatientGiftsTable, RelationshipLogTables } from './relationship-log-tables.js';

// Reads join users (auth) for the name of who logged an entry: read-only, lower rank.
interface UsersView {
  users: { id: string; name: string };
}
const own = (db: AppDb) => db as Kysely<RelationshipLogTables & UsersView>;

export type LogTable = keyof RelationshipLogTables;

export async function insertGift(db: AppDb, row: PatientGiftsTable) {
  await own(db).insertInto('patient_gifts').values(row).execute();
}

export async function insertContact(db: AppDb, row: PatientContactsTable) {
  await own(db).insertInto('patient_contacts').values(row).execute();
}

export function giftsOf(db: AppDb, clinicId: string, patientId: string) {
  return own(db)
    .selectFrom('patient_gifts as g')
    .innerJoin('users as u', 'u.id', 'g.therapist_user_id')
    .selectAll('g')
    .select('u.name as therapist_name')
    .where('g.clinic_id', '=', clinicId)
    .where('g.patient_id', '=', patientId)
    .orderBy('g.given_on', 'desc')
    .orderBy('g.created_at', 'desc')
    .execute();
}

export function contactsOf(db: AppDb, clinicId: string, patientId: string) {
  return own(db)
    .selectFrom('patient_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.therapist_user_id')
    .selectAll('c')
    .select('u.name as therapist_name')
    .where('c.clinic_id', '=', clinicId)
    .where('c.patient_id', '=', patientId)
    .orderBy('c.contact_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .execute();
}

export function findLogEntry(db: AppDb, table: LogTable, patientId: string, id: string) {
  return own(db)
    .selectFrom(table)
    .select(['id', 'therapist_user_id', 'entered_in_error_at'])
    .where('patient_id', '=', patientId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks an entry as entered in error; the entry itself stays. False if it was already marked. */
export async function markEnteredInError(db: AppDb, table: LogTable, id: string, at: string, reason: string): Promise<boolean> {
  const result = await own(db)
    .updateTable(table)
    .set({ entered_in_error_at: at, entered_in_error_reason: reason })
    .where('id', '=', id)
    .where('entered_in_error_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One therapist's own entries since a date (signals): bounded by date, entries in error left out. */
export function giftsLoggedBy(db: AppDb, clinicId: string, therapistUserId: string, sinceDate: string) {
  return own(db)
    .selectFrom('patient_gifts')
    .select(['patient_id', 'given_on', 'direction', 'outcome', 'created_at'])
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('given_on', '>=', sinceDate)
    .where('entered_in_error_at', 'is', null)
    .orderBy('given_on')
    .execute();
}

export function contactsLoggedBy(db: AppDb, clinicId: string, therapistUserId: string, sinceDate: string) {
  return own(db)
    .selectFrom('patient_contacts')
    .select(['patient_id', 'contact_on', 'channel', 'initiated_by', 'created_at'])
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('contact_on', '>=', sinceDate)
    .where('entered_in_error_at', 'is', null)
    .orderBy('contact_on')
    .execute();
}
