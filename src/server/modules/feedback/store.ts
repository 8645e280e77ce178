import { type Expression, type Kysely, sql } from 'kysely';
import { DEFAULT_TIME_ZONE } from '../../../shared/scheduling/contract.js';
import type { AppDb } from '../../platform/db/index.js';
import { fromJson, jsonArrayFrom } from '../../platform/db/json.js';
import { preparedQuery } from '../../platform/db/prepared.js';
import { patientFoundAndTreated, planHistoryQuery } from '../patients/index.js';
import { painAmendmentsQuery, painSeriesQuery } from '../records/index.js';
import type {
  FeedbackAlertQueueTable,
  FeedbackAlertsTable,
  FeedbackQuestionnairesTable,
  FeedbackRequestsTable,
  FeedbackResponsesTable,
  FeedbackSettingsTable,
  FeedbackTables,
} from './tables.js';

// The trajectory reads the clinic's time zone (scheduling, lower rank): read-only.
interface SchedulingView {
  scheduling_settings: { clinic_id: string; clinic_time_zone: string };
}
const own = (db: AppDb) => db as Kysely<FeedbackTables & SchedulingView>;

// ── Questionnaires ──────────────────────────────────────────────────────────────────────────────

export function findQuestionnaire(db: AppDb, id: string) {
  return own(db).selectFrom('feedback_questionnaires').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The built-in questionnaire (active) in one language. */
export function builtInQuestionnaireRow(db: AppDb, url: string, version: string, language: string) {
  return own(db)
    .selectFrom('feedback_questionnaires')
    .selectAll()
    .where('clinic_id', 'is', null)
    .where('url', '=', url)
    .where('version', '=', version)
    .where('language', '=', language)
    .executeTakeFirst();
}

export function questionnairesFor(db: AppDb, clinicId: string) {
  return own(db)
    .selectFrom('feedback_questionnaires')
    .select(['id', 'clinic_id', 'url', 'version', 'status', 'language', 'title', 'scored', 'created_at'])
    .where((eb) => eb.or([eb('clinic_id', 'is', null), eb('clinic_id', '=', clinicId)]))
    .orderBy('created_at')
    .orderBy('language')
    .execute();
}

export function sameCanonical(db: AppDb, clinicId: string, url: string, version: string, language: string) {
  return own(db)
    .selectFrom('feedback_questionnaires')
    .select('id')
    .where((eb) => eb.or([eb('clinic_id', 'is', null), eb('clinic_id', '=', clinicId)]))
    .where('url', '=', url)
    .where('version', '=', version)
    .where('language', '=', language)
    .executeTakeFirst();
}

export async function insertQuestionnaire(db: AppDb, row: FeedbackQuestionnairesTable) {
  await own(db).insertInto('feedback_questionnaires').values(row).execute();
}

// ── Settings and the sweep ──────────────────────────────────────────────────────────────────────

export function settingsOf(db: AppDb, clinicId: string) {
  return own(db).selectFrom('feedback_settings').selectAll().where('clinic_id', '=', clinicId).executeTakeFirst();
}

export async function saveSettings(db: AppDb, row: FeedbackSettingsTable) {
  await own(db)
    .insertInto('feedback_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('clinic_id').doUpdateSet({
        automatic_email: row.automatic_email,
        questionnaire_id: row.questionnaire_id ?? null,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

export function clinicsSendingAutomatically(db: AppDb) {
  return own(db).selectFrom('feedback_settings').selectAll().where('automatic_email', '=', 1).execute();
}

export async function setSweptUntil(db: AppDb, clinicId: string, at: string) {
  await own(db).updateTable('feedback_settings').set({ swept_until: at }).where('clinic_id', '=', clinicId).execute();
}

// ── Requests ────────────────────────────────────────────────────────────────────────────────────

export function requestForAppointment(db: AppDb, clinicId: string, appointmentId: string) {
  return own(db)
    .selectFrom('feedback_requests')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('appointment_id', '=', appointmentId)
    .executeTakeFirst();
}

export async function requestedAmong(db: AppDb, appointmentIds: string[]): Promise<Set<string>> {
  if (appointmentIds.length === 0) return new Set();
  const rows = await own(db)
    .selectFrom('feedback_requests')
    .select('appointment_id')
    .where('appointment_id', 'in', appointmentIds)
    .execute();
  return new Set(rows.map((r) => r.appointment_id));
}

/** False when the appointment already has a request (another process's sweep got there first). */
export async function insertRequest(db: AppDb, row: FeedbackRequestsTable): Promise<boolean> {
  const result = await own(db)
    .insertInto('feedback_requests')
    .values(row)
    .onConflict((oc) => oc.column('appointment_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** A new link for a request not yet answered: the old token stops working. */
export async function renewRequest(
  db: AppDb,
  id: string,
  patch: Pick<FeedbackRequestsTable, 'token_hash' | 'delivery' | 'sent_to' | 'expires_at' | 'created_at' | 'created_by'>,
): Promise<boolean> {
  const result = await own(db)
    .updateTable('feedback_requests')
    .set(patch)
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findRequestByTokenHash(db: AppDb, tokenHash: string) {
  return own(db).selectFrom('feedback_requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Spends the link atomically: only one caller can change used_at from null, and only before expiry. */
export async function spendRequest(db: AppDb, id: string, tokenHash: string, at: string): Promise<boolean> {
  const result = await own(db)
    .updateTable('feedback_requests')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

const requestsSentQuery = preparedQuery((db: AppDb, clinicId: string, patientId: string) =>
  own(db)
    .selectFrom('feedback_requests')
    .select((eb) => eb.fn.countAll<number>().as('sent'))
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId),
);

/**
 * How many questionnaires were sent to a patient (read from the index alone). How many were
 * answered is the number of responses: a link is spent in the transaction that stores its answer.
 */
export async function requestsSent(db: AppDb, clinicId: string, patientId: string): Promise<number> {
  const [row] = await requestsSentQuery(db, clinicId, patientId);
  return Number(row?.sent ?? 0);
}

// ── Responses ───────────────────────────────────────────────────────────────────────────────────

export async function insertResponse(db: AppDb, row: FeedbackResponsesTable, resource: string) {
  await own(db).insertInto('feedback_responses').values(row).execute();
  await own(db).insertInto('feedback_response_resources').values({ response_id: row.id, resource }).execute();
}

export async function countResponses(db: AppDb, clinicId: string, patientId: string): Promise<number> {
  const row = await own(db)
    .selectFrom('feedback_responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Everything one patient's trajectory shows, in one statement, with the access check's two facts
 * (`found`, `treated`: patients' `patientFoundAndTreated`, which `admitRead` judges): the answers
 * (oldest session first, without the FHIR text), the alerts (newest first), how many questionnaires
 * were sent, the pain series and the amendments that correct it (records), when this therapist set
 * or changed the plan (patients), and the clinic's time zone, each list a JSON column. CASE reads
 * them only for a reader whose role may treat (`clinicalWanted` = 1) and who treats this patient;
 * for anyone else they are null, never read. One statement instead of nine: on SQLite each costs a
 * call, a step and a reset whatever it reads; on PostgreSQL a round trip and a pooled connection.
 */
const trajectoryQuery = preparedQuery((db: AppDb, clinicId: string, patientId: string, readerUserId: string, clinicalWanted: number) =>
  own(db)
    .with('t', (qb) => qb.selectNoFrom((eb) => patientFoundAndTreated(eb, clinicId, patientId, readerUserId)))
    .selectFrom('t')
    .select(['t.found', 't.treated'])
    .select((eb) => {
      const shown = eb.and([sql<boolean>`${clinicalWanted} = 1`, eb.ref('t.found'), eb.ref('t.treated')]);
      const ifShown = <T>(e: Expression<T>) => eb.case().when(shown).then(e).end();
      return [
        ifShown(
          jsonArrayFrom(
            db,
            eb
              .selectFrom('feedback_responses')
              .select(['id', 'appointment_id', 'therapist_user_id', 'session_date', 'declined', 'scores', 'authored_at'])
              .where('clinic_id', '=', clinicId)
              .where('patient_id', '=', patientId)
              .orderBy('session_date')
              .orderBy('authored_at'),
          ),
        ).as('responses'),
        ifShown(
          jsonArrayFrom(
            db,
            eb
              .selectFrom('feedback_alerts')
              .select([
                'id',
                'kind',
                'priority',
                'item',
                'value',
                'baseline',
                'response_id',
                'created_at',
                'resolved_at',
                'resolution_note',
              ])
              .where('clinic_id', '=', clinicId)
              .where('patient_id', '=', patientId)
              .orderBy('created_at', 'desc'),
          ),
        ).as('alerts'),
        ifShown(
          eb
            .selectFrom('feedback_requests')
            .select((e) => e.fn.countAll<number>().as('sent'))
            .where('clinic_id', '=', clinicId)
            .where('patient_id', '=', patientId)
            .$asScalar(),
        ).as('sent'),
        ifShown(jsonArrayFrom(db, painSeriesQuery(db, clinicId, patientId))).as('pain'),
        ifShown(jsonArrayFrom(db, painAmendmentsQuery(db, clinicId, patientId))).as('amendments'),
        ifShown(jsonArrayFrom(db, planHistoryQuery(db, patientId, readerUserId))).as('plans'),
        ifShown(eb.selectFrom('scheduling_settings').select('clinic_time_zone').where('clinic_id', '=', clinicId).$asScalar()).as(
          'time_zone',
        ),
      ];
    }),
);

/**
 * One reader's trajectory read: `found` and `treated` for `admitRead`, and the lists when shown
 * (`shown` null when they were not read).
 */
export async function trajectoryOf(db: AppDb, clinicId: string, patientId: string, readerUserId: string, clinicalWanted: number) {
  const [row] = await trajectoryQuery(db, clinicId, patientId, readerUserId, clinicalWanted);
  if (!row) throw new Error('the trajectory statement returned no row');
  const { found, treated } = row;
  if (row.responses === null || row.alerts === null || row.pain === null || row.amendments === null || row.plans === null) {
    return { found, treated, shown: null };
  }
  return {
    found,
    treated,
    shown: {
      responses: fromJson(row.responses),
      alerts: fromJson(row.alerts),
      sent: Number(row.sent ?? 0),
      pain: fromJson(row.pain),
      amendments: fromJson(row.amendments),
      plans: fromJson(row.plans),
      timeZone: row.time_zone ?? DEFAULT_TIME_ZONE,
    },
  };
}

// ── The alert step's work list ─────────────────────────────────────────────────────────────────

export async function enqueueForAlerts(db: AppDb, rows: readonly FeedbackAlertQueueTable[]) {
  for (let i = 0; i < rows.length; i += 1_000)
    await own(db)
      .insertInto('feedback_alert_queue')
      .values(rows.slice(i, i + 1_000))
      .execute();
}

/** Patients with responses not yet looked at by the alert step, in one clinic (an index-only read). */
export async function patientsWithPendingAlerts(db: AppDb, clinicId: string): Promise<string[]> {
  const rows = await own(db).selectFrom('feedback_alert_queue').select('patient_id').distinct().where('clinic_id', '=', clinicId).execute();
  return rows.map((r) => r.patient_id);
}

/** Clinics with responses the alert step has not looked at yet (for the nightly pass). */
export async function clinicsWithPendingAlerts(db: AppDb): Promise<string[]> {
  const rows = await own(db).selectFrom('feedback_alert_queue').select('clinic_id').distinct().execute();
  return rows.map((r) => r.clinic_id);
}

/**
 * Takes these patients' responses off the alert step's work list and returns their ids: the
 * caller looks at exactly these, in the same transaction (if it fails, they go back on the list).
 * Claiming by deleting is exact under concurrency on both databases, and reads one index range per patient.
 */
export async function claimPending(db: AppDb, clinicId: string, patientIds: readonly string[]): Promise<Set<string>> {
  const pending = new Set<string>();
  for (let i = 0; i < patientIds.length; i += 1_000) {
    const rows = await own(db)
      .deleteFrom('feedback_alert_queue')
      .where('clinic_id', '=', clinicId)
      .where('patient_id', 'in', patientIds.slice(i, i + 1_000))
      .returning('response_id')
      .execute();
    for (const r of rows) pending.add(r.response_id);
  }
  return pending;
}

/** What the alert step reads of a response (not the FHIR resource itself). */
export type AlertInputRow = Pick<
  FeedbackResponsesTable,
  'id' | 'patient_id' | 'therapist_user_id' | 'questionnaire_id' | 'session_date' | 'declined' | 'scores'
>;

/** These patients' responses for the alert step, each patient's oldest session first. */
export function responsesForAlerts(db: AppDb, clinicId: string, patientIds: readonly string[]): Promise<AlertInputRow[]> {
  if (patientIds.length === 0) return Promise.resolve([]);
  return own(db)
    .selectFrom('feedback_responses')
    .select(['id', 'patient_id', 'therapist_user_id', 'questionnaire_id', 'session_date', 'declined', 'scores'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', 'in', patientIds)
    .orderBy('patient_id')
    .orderBy('session_date')
    .orderBy('authored_at')
    .execute();
}

/** When "pain not improving" was raised for each of these patients (it is raised once per plan). */
export async function painAlertsSince(db: AppDb, clinicId: string, patientIds: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (patientIds.length === 0) return found;
  const rows = await own(db)
    .selectFrom('feedback_alerts')
    .select(['patient_id', 'created_at'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', 'in', patientIds)
    .where('kind', '=', 'pain_not_improving')
    .execute();
  for (const r of rows) found.set(r.patient_id, [...(found.get(r.patient_id) ?? []), r.created_at]);
  return found;
}

/** Scores of a therapist's responses for their own private summary (no patient identity kept). */
export function scoresForTherapist(db: AppDb, clinicId: string, therapistUserId: string) {
  return own(db)
    .selectFrom('feedback_responses')
    .select(['scores', 'declined'])
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .execute();
}

// ── Alerts ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Inserts each alert unless the same one was already raised for its response (the nightly pass is
 * idempotent and may meet an answer's own alert step); returns the ids actually inserted.
 */
export async function insertAlertsOnce(db: AppDb, rows: readonly FeedbackAlertsTable[]): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const result = await own(db)
      .insertInto('feedback_alerts')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['response_id', 'kind', 'item']).doNothing())
      .returning('id')
      .execute();
    inserted.push(...result.map((r) => r.id));
  }
  return inserted;
}

/** Open alerts of one clinic, urgent first then newest (callers keep only patients the reader treats). */
export function openAlertsOf(db: AppDb, clinicId: string) {
  return own(db)
    .selectFrom('feedback_alerts')
    .innerJoin('feedback_responses', 'feedback_responses.id', 'feedback_alerts.response_id')
    .select([
      'feedback_alerts.id',
      'feedback_alerts.patient_id',
      'feedback_alerts.kind',
      'feedback_alerts.priority',
      'feedback_alerts.item',
      'feedback_alerts.created_at',
      'feedback_responses.session_date',
    ])
    .where('feedback_alerts.clinic_id', '=', clinicId)
    .where('feedback_alerts.resolved_at', 'is', null)
    .orderBy('feedback_alerts.priority', 'desc')
    .orderBy('feedback_alerts.created_at', 'desc')
    .limit(2000)
    .execute();
}

/** How many of a patient's alerts are still open (archiving waits for them). */
export async function openAlertCountOfPatient(db: AppDb, clinicId: string, patientId: string): Promise<number> {
  const row = await own(db)
    .selectFrom('feedback_alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findAlert(db: AppDb, clinicId: string, id: string) {
  return own(db).selectFrom('feedback_alerts').selectAll().where('clinic_id', '=', clinicId).where('id', '=', id).executeTakeFirst();
}

export async function resolveAlertRow(db: AppDb, id: string, patch: { resolved_at: string; resolved_by: string; resolution_note: string }) {
  const result = await own(db)
    .updateTable('feedback_alerts')
    .set(patch)
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
