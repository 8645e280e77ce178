import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type {
  JournalEntriesTable,
  JournalKeysTable,
  LearningPlansTable,
  NeedsAssessmentsTable,
  PresenceCheckInsTable,
  ReflectionTables,
  SelfCarePlansTable,
  SignalDismissalsTable,
  SignalReflectionsTable,
} from './tables.js';

const own = (db: AppDb) => db as Kysely<ReflectionTables>;

export async function insertCheckIn(db: AppDb, row: PresenceCheckInsTable) {
  await own(db).insertInto('presence_checkins').values(row).execute();
}

/** Always filtered by the owner of the rows: there is no query here that reads another user's. */
export function checkInsOf(db: AppDb, userId: string, clinicId: string, from: string, to: string) {
  return own(db)
    .selectFrom('presence_checkins')
    .selectAll()
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .where('local_date', '>=', from)
    .where('local_date', '<=', to)
    .orderBy('at')
    .execute();
}

/** The person's own check-ins linked to sessions with one patient (the latest one per session). */
export function checkInsForPatient(db: AppDb, userId: string, clinicId: string, patientId: string) {
  return own(db)
    .selectFrom('presence_checkins')
    .select(['appointment_id', 'at', 'presence', 'attention'])
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('appointment_id', 'is not', null)
    .orderBy('at')
    .execute();
}

export function recentCheckIns(db: AppDb, userId: string, clinicId: string, limit: number) {
  return own(db)
    .selectFrom('presence_checkins')
    .selectAll()
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

export async function settingsOf(db: AppDb, userId: string, clinicId: string): Promise<string | undefined> {
  const row = await own(db)
    .selectFrom('signal_settings')
    .select('settings')
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  return row?.settings;
}

export async function saveSettings(db: AppDb, userId: string, clinicId: string, settings: string, at: string) {
  await own(db)
    .insertInto('signal_settings')
    .values({ user_id: userId, clinic_id: clinicId, settings, updated_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'clinic_id']).doUpdateSet({ settings, updated_at: at }))
    .execute();
}

export function dismissalsOf(db: AppDb, userId: string, clinicId: string) {
  return own(db).selectFrom('signal_dismissals').selectAll().where('user_id', '=', userId).where('clinic_id', '=', clinicId).execute();
}

export async function saveDismissal(db: AppDb, row: SignalDismissalsTable) {
  await own(db)
    .insertInto('signal_dismissals')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'clinic_id', 'signal_key'])
        .doUpdateSet({ evidence_until: row.evidence_until, dismissed_at: row.dismissed_at }),
    )
    .execute();
}

export function reflectionsOf(db: AppDb, userId: string, clinicId: string) {
  return own(db).selectFrom('signal_reflections').selectAll().where('user_id', '=', userId).where('clinic_id', '=', clinicId).execute();
}

export async function saveReflection(db: AppDb, row: SignalReflectionsTable) {
  await own(db)
    .insertInto('signal_reflections')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'clinic_id', 'signal_key'])
        .doUpdateSet({ evidence_until: row.evidence_until, reflected_at: row.reflected_at }),
    )
    .execute();
}

export async function insertAssessment(db: AppDb, row: NeedsAssessmentsTable) {
  await own(db).insertInto('needs_assessments').values(row).execute();
}

export function assessmentsOf(db: AppDb, userId: string, clinicId: string) {
  return own(db)
    .selectFrom('needs_assessments')
    .selectAll()
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .orderBy('taken_at', 'desc')
    .limit(120)
    .execute();
}

export function planOf(db: AppDb, userId: string, clinicId: string) {
  return own(db)
    .selectFrom('self_care_plans')
    .selectAll()
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
}

export async function savePlan(db: AppDb, row: SelfCarePlansTable) {
  await own(db)
    .insertInto('self_care_plans')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'clinic_id'])
        .doUpdateSet({ plan: row.plan, cadence: row.cadence, updated_at: row.updated_at, reviewed_at: row.reviewed_at }),
    )
    .execute();
}

export function journalKeyOf(db: AppDb, userId: string) {
  return own(db).selectFrom('journal_keys').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function insertJournalKey(db: AppDb, row: JournalKeysTable) {
  await own(db).insertInto('journal_keys').values(row).execute();
}

export async function replaceJournalKey(db: AppDb, userId: string, patch: Omit<JournalKeysTable, 'user_id' | 'created_at'>) {
  await own(db).updateTable('journal_keys').set(patch).where('user_id', '=', userId).execute();
}

/** Only the passphrase-wrapped key, and only if it is still the one the browser unwrapped. */
export async function rewrapJournalKey(
  db: AppDb,
  userId: string,
  previousWrappedKey: string,
  patch: Pick<JournalKeysTable, 'iterations' | 'salt' | 'wrapped_key' | 'wrapped_key_iv' | 'updated_at'>,
) {
  const r = await own(db)
    .updateTable('journal_keys')
    .set(patch)
    .where('user_id', '=', userId)
    .where('wrapped_key', '=', previousWrappedKey)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function learningPlanOf(db: AppDb, userId: string) {
  return own(db).selectFrom('learning_plans').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/**
 * The first plan, only if there is none yet: one statement, so two windows creating at once cannot
 * both succeed (the loser's INSERT does nothing, on SQLite and on PostgreSQL). True when inserted.
 */
export async function createLearningPlan(db: AppDb, row: LearningPlansTable) {
  const r = await own(db)
    .insertInto('learning_plans')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Replaces the plan only while it is still the version the edit was based on. One conditional
 * UPDATE: on PostgreSQL a concurrent update waits for the row lock, then re-checks `updated_at`
 * against the committed row and changes nothing; SQLite has one writer. True when replaced.
 */
export async function replaceLearningPlan(
  db: AppDb,
  userId: string,
  basedOn: string,
  patch: Pick<LearningPlansTable, 'iv' | 'ciphertext' | 'updated_at'>,
) {
  const r = await own(db)
    .updateTable('learning_plans')
    .set(patch)
    .where('user_id', '=', userId)
    .where('updated_at', '=', basedOn)
    .returning('user_id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function insertJournalEntry(db: AppDb, row: JournalEntriesTable) {
  await own(db).insertInto('journal_entries').values(row).execute();
}

export function journalEntryOf(db: AppDb, userId: string, id: string) {
  return own(db).selectFrom('journal_entries').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

/** Changes an entry only while it is still the version the edit was based on (see replaceLearningPlan). */
export async function updateJournalEntry(
  db: AppDb,
  userId: string,
  id: string,
  basedOn: string,
  patch: Pick<JournalEntriesTable, 'kind' | 'iv' | 'ciphertext' | 'updated_at'>,
) {
  return own(db)
    .updateTable('journal_entries')
    .set(patch)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('updated_at', '=', basedOn)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteJournalEntry(db: AppDb, userId: string, id: string) {
  const r = await own(db).deleteFrom('journal_entries').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function journalEntriesOf(db: AppDb, userId: string, limit: number, offset: number) {
  const base = own(db).selectFrom('journal_entries').where('user_id', '=', userId);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
