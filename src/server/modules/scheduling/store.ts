import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type { AppointmentTypesTable, AvailabilityBlocksTable, AvailabilityExceptionsTable, SchedulingTables } from './tables.js';

const own = (db: AppDb) => db as Kysely<SchedulingTables>;

export async function findTimeZone(db: AppDb, clinicId: string): Promise<string | undefined> {
  const row = await own(db)
    .selectFrom('scheduling_settings')
    .select('clinic_time_zone')
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  return row?.clinic_time_zone;
}

export async function saveTimeZone(db: AppDb, clinicId: string, timeZone: string, at: string) {
  await own(db)
    .insertInto('scheduling_settings')
    .values({ clinic_id: clinicId, clinic_time_zone: timeZone, updated_at: at })
    .onConflict((oc) => oc.column('clinic_id').doUpdateSet({ clinic_time_zone: timeZone, updated_at: at }))
    .execute();
}

export async function insertType(db: AppDb, row: AppointmentTypesTable) {
  await own(db).insertInto('appointment_types').values(row).execute();
}

export async function updateType(db: AppDb, id: string, patch: Partial<AppointmentTypesTable>) {
  await own(db).updateTable('appointment_types').set(patch).where('id', '=', id).execute();
}

export function findType(db: AppDb, clinicId: string, id: string) {
  return own(db).selectFrom('appointment_types').selectAll().where('clinic_id', '=', clinicId).where('id', '=', id).executeTakeFirst();
}

export function typesOf(db: AppDb, clinicId: string, includeInactive: boolean) {
  let q = own(db).selectFrom('appointment_types').selectAll().where('clinic_id', '=', clinicId);
  if (!includeInactive) q = q.where('active', '=', 1);
  return q.orderBy('name').orderBy('id').execute();
}

export async function typeNamed(db: AppDb, clinicId: string, name: string) {
  return own(db)
    .selectFrom('appointment_types')
    .select(['id', 'name'])
    .where('clinic_id', '=', clinicId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function weeklyBlocks(db: AppDb, clinicId: string, therapistUserId: string) {
  return own(db)
    .selectFrom('availability_blocks')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('ended_at', 'is', null)
    .orderBy('weekday')
    .orderBy('start_time')
    .execute();
}

/** Replaces the weekly hours: the old set is kept with an end date. */
export async function replaceWeeklyBlocks(
  db: AppDb,
  clinicId: string,
  therapistUserId: string,
  rows: AvailabilityBlocksTable[],
  at: string,
) {
  await own(db)
    .updateTable('availability_blocks')
    .set({ ended_at: at })
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('ended_at', 'is', null)
    .execute();
  if (rows.length > 0) await own(db).insertInto('availability_blocks').values(rows).execute();
}

export function exceptionsBetween(db: AppDb, clinicId: string, therapistUserId: string, from: string, to: string) {
  return own(db)
    .selectFrom('availability_exceptions')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .where('removed_at', 'is', null)
    .orderBy('date')
    .execute();
}

/** Removes (keeps, marked removed) the exception on a date; true when there was one. */
export async function removeException(db: AppDb, clinicId: string, therapistUserId: string, date: string, at: string) {
  const r = await own(db)
    .updateTable('availability_exceptions')
    .set({ removed_at: at })
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('date', '=', date)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertException(db: AppDb, row: AvailabilityExceptionsTable) {
  await own(db).insertInto('availability_exceptions').values(row).execute();
}
