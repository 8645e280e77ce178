import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type { ConsentsTable, ConsentTables } from './tables.js';

const own = (db: AppDb) => db as Kysely<ConsentTables>;

export async function insertConsent(db: AppDb, row: ConsentsTable) {
  await own(db).insertInto('consents').values(row).execute();
}

export function consentsOf(db: AppDb, clinicId: string, patientId: string) {
  return own(db)
    .selectFrom('consents')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .orderBy('given_at', 'desc')
    .execute();
}

/** Consents not withdrawn, of the given types, newest first. */
export function activeConsents(db: AppDb, clinicId: string, patientId: string, types: string[]) {
  return own(db)
    .selectFrom('consents')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('type', 'in', types)
    .where('withdrawn_at', 'is', null)
    .orderBy('given_at', 'desc')
    .execute();
}

export async function withdraw(
  db: AppDb,
  clinicId: string,
  patientId: string,
  id: string,
  patch: Pick<ConsentsTable, 'withdrawn_at' | 'withdrawn_reason' | 'withdrawn_by'>,
) {
  const r = await own(db)
    .updateTable('consents')
    .set(patch)
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
