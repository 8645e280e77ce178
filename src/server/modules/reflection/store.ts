import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type {
  JournalEntriesTable,
  JournalKeysTable,
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

export function settingsOf(db: AppDb, userId: string, clinicId: string) {
  return own(db)
    .selectFrom('signal_settings')
    .select(['settings', 'updated_at'])
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
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

/**
 * The plan's cadence or review date, and nothing else: the plan's words and their version
 * (`updated_at`) belong to its version-checked save, so a change here never writes back an older
 * plan read a moment before. `fresh` is the row to start from when there is none yet.
 */
export async function savePlanSettings(
  db: AppDb,
  fresh: SelfCarePlansTable,
  set: Partial<Pick<SelfCarePlansTable, 'cadence' | 'reviewed_at'>>,
) {
  await own(db)
    .insertInto('self_care_plans')
    .values({ ...fresh, ...set })
    .onConflict((oc) => oc.columns(['user_id', 'clinic_id']).doUpdateSet(set))
    .execute();
}

export function journalKeyOf(db: AppDb, userId: string) {
  return own(db).selectFrom('journal_keys').selectAll().where('user_id', '=', userId).executeTakeFirst();
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

export async function insertJournalEntry(db: AppDb, row: JournalEntriesTable) {
  await own(db).insertInto('journal_entries').values(row).execute();
}

export function journalEntryOf(db: AppDb, userId: string, id: string) {
  return own(db).selectFrom('journal_entries').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
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

/** The rows saved version-checked: each save names the `updated_at` it was based on. */
type Versioned = 'learning_plans' | 'journal_entries' | 'journal_keys' | 'self_care_plans' | 'signal_settings';
type Cell = string | number | null;
/** The same handle, seen without table types: the one place below works for every versioned table. */
const loose = (db: AppDb) => db as unknown as Kysely<Record<string, Record<string, Cell>>>;

/**
 * The private room's one version-checked write. `basedOn` null ("none yet"): insert `fresh`, or,
 * when a row with this key exists whose `updated_at` is still null (a self-care plan row made by
 * its cadence alone), apply `patch` to it; `key` must then be the table's primary key. Otherwise
 * apply `patch` only while `updated_at` is still `basedOn`. Either way one statement:
 * `INSERT … ON CONFLICT DO UPDATE … WHERE updated_at IS NULL` or `UPDATE … WHERE updated_at = ?`,
 * so of saves based on one version exactly one succeeds, on SQLite (one writer) and on PostgreSQL
 * (a concurrent write waits for the row lock, then re-checks the committed row and changes
 * nothing). Answers the row as written, or undefined when nothing was.
 */
export async function writeVersion<T extends Versioned>(
  db: AppDb,
  table: T,
  key: Partial<ReflectionTables[T]>,
  basedOn: string | null,
  patch: Partial<ReflectionTables[T]> & { updated_at: string },
  fresh?: ReflectionTables[T],
): Promise<ReflectionTables[T] | undefined> {
  const name: string = table;
  const k = key as Record<string, Cell>;
  const set = patch as Record<string, Cell>;
  if (basedOn === null) {
    if (!fresh) throw new Error(`${table}: a first version needs the row to insert`);
    const row = await loose(db)
      .insertInto(name)
      .values(fresh as unknown as Record<string, Cell>)
      .onConflict((oc) => oc.columns(Object.keys(k)).doUpdateSet(set).where(`${table}.updated_at`, 'is', null))
      .returningAll()
      .executeTakeFirst();
    return row as ReflectionTables[T] | undefined;
  }
  let update = loose(db).updateTable(name).set(set).where('updated_at', '=', basedOn);
  for (const [column, value] of Object.entries(k)) update = update.where(column, '=', value);
  return (await update.returningAll().executeTakeFirst()) as ReflectionTables[T] | undefined;
}
