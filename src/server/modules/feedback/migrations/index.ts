import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrator.js';
import { BUILT_IN_URL, builtInQuestionnaire } from '../instrument.js';

const SHIPPED_AT: Record<string, string> = { '1': '2026-11-25T00:00:00.000Z', '2': '2026-11-25T12:00:00.000Z' };

/** Stores one version of the built-in questionnaire in English and French (a version is never changed). */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
async function insertBuiltIn(db: Kysely<any>, version: string) {
  for (const language of ['en', 'fr'] as const) {
    const resource = builtInQuestionnaire(language, version);
    await db
      .insertInto('feedback_questionnaires')
      .values({
        id: `builtin-post-session-${version}-${language}`,
        clinic_id: null,
        url: BUILT_IN_URL,
        version,
        status: 'active',
        language,
        title: resource.title ?? '',
        resource: JSON.stringify(resource),
        scored: 1,
        loaded_by: null,
        created_at: SHIPPED_AT[version] as string,
      })
      .execute();
  }
}

export const feedbackMigrations: Migration[] = [
  {
    id: 'feedback/001-questionnaires-requests-responses-alerts',
    async up(db) {
      await db.schema
        .createTable('feedback_questionnaires')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.references('clinics.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('scored', 'integer', (c) => c.notNull())
        .addColumn('loaded_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('feedback_questionnaires_canonical')
        .on('feedback_questionnaires')
        .columns(['clinic_id', 'url', 'version', 'language'])
        .execute();
      await db.schema
        .createTable('feedback_settings')
        .addColumn('clinic_id', 'text', (c) => c.primaryKey().references('clinics.id'))
        .addColumn('automatic_email', 'integer', (c) => c.notNull())
        .addColumn('swept_until', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema
        .createTable('feedback_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
        .addColumn('therapist_user_id', 'text', (c) => c.notNull())
        .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('feedback_questionnaires.id'))
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('session_date', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('delivery', 'text', (c) => c.notNull())
        .addColumn('sent_to', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('feedback_requests_appointment').unique().on('feedback_requests').column('appointment_id').execute();
      await db.schema.createIndex('feedback_requests_token').unique().on('feedback_requests').column('token_hash').execute();
      await db.schema.createIndex('feedback_requests_patient').on('feedback_requests').columns(['clinic_id', 'patient_id']).execute();
      await db.schema
        .createTable('feedback_responses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('appointment_id', 'text', (c) => c.notNull())
        .addColumn('therapist_user_id', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull().references('feedback_requests.id'))
        .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('feedback_questionnaires.id'))
        .addColumn('session_date', 'text', (c) => c.notNull())
        .addColumn('declined', 'integer', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('scores', 'text', (c) => c.notNull())
        .addColumn('authored_at', 'text', (c) => c.notNull())
        .addColumn('alerts_computed_at', 'text')
        .execute();
      await db.schema.createIndex('feedback_responses_request').unique().on('feedback_responses').column('request_id').execute();
      await db.schema.createIndex('feedback_responses_patient').on('feedback_responses').columns(['patient_id', 'session_date']).execute();
      await db.schema
        .createIndex('feedback_responses_therapist')
        .on('feedback_responses')
        .columns(['clinic_id', 'therapist_user_id'])
        .execute();
      await db.schema
        .createTable('feedback_alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('therapist_user_id', 'text', (c) => c.notNull())
        .addColumn('response_id', 'text', (c) => c.notNull().references('feedback_responses.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('value', 'integer', (c) => c.notNull())
        .addColumn('baseline', 'real')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('resolved_by', 'text')
        .addColumn('resolution_note', 'text')
        .execute();
      await db.schema.createIndex('feedback_alerts_once').unique().on('feedback_alerts').columns(['response_id', 'kind', 'item']).execute();
      await db.schema.createIndex('feedback_alerts_patient').on('feedback_alerts').columns(['patient_id', 'therapist_user_id']).execute();
    },
  },
  {
    id: 'feedback/002-built-in-post-session-questionnaire',
    async up(db) {
      await insertBuiltIn(db, '1');
    },
  },
  {
    id: 'feedback/003-pending-alerts-index',
    async up(db) {
      // The nightly pass looks for responses whose alerts were not computed yet, clinic by clinic.
      await db.schema
        .createIndex('feedback_responses_pending_alerts')
        .on('feedback_responses')
        .columns(['alerts_computed_at', 'clinic_id'])
        .execute();
    },
  },
  {
    id: 'feedback/004-built-in-questionnaire-v2-other-therapist',
    async up(db) {
      await insertBuiltIn(db, '2');
      // Version 1 is retired for new requests; its answers keep pointing at it (and its rules).
      for (const language of ['en', 'fr']) {
        const id = `builtin-post-session-1-${language}`;
        const row = await db.selectFrom('feedback_questionnaires').select('resource').where('id', '=', id).executeTakeFirst();
        if (!row) continue;
        const resource = { ...JSON.parse(row.resource as string), status: 'retired' };
        await db
          .updateTable('feedback_questionnaires')
          .set({ status: 'retired', resource: JSON.stringify(resource) })
          .where('id', '=', id)
          .execute();
      }
    },
  },
  {
    // The questionnaire the clinic asks with: null is the built-in one, in each patient's language.
    id: 'feedback/005-active-questionnaire',
    async up(db) {
      await db.schema.alterTable('feedback_settings').addColumn('questionnaire_id', 'text').execute();
    },
  },
  {
    // The alert step's work list replaces alerts_computed_at on the response rows, and the FHIR
    // text moves to a table of its own: with it inline a row filled a third of a page, so reading
    // or marking 500,000 answers touched a gigabyte of pages (docs/decisions/0008).
    id: 'feedback/006-alert-queue',
    async up(db, dialect) {
      const queue = db.schema
        .createTable('feedback_alert_queue')
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull())
        .addColumn('response_id', 'text', (c) => c.notNull())
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('feedback_alert_queue_pk', ['clinic_id', 'patient_id', 'response_id']);
      // On SQLite the list is stored in its key's order (no separate rowid table): claiming a
      // patient's entries deletes from one b-tree instead of two (nightly pass 8.3 s → 6.0 s).
      await (dialect === 'sqlite' ? queue.modifyEnd(sql`without rowid`) : queue).execute();
      await sql`insert into feedback_alert_queue (clinic_id, patient_id, response_id, queued_at)
        select clinic_id, patient_id, id, authored_at from feedback_responses where alerts_computed_at is null`.execute(db);
      await db.schema.dropIndex('feedback_responses_pending_alerts').execute();
      await db.schema.alterTable('feedback_responses').dropColumn('alerts_computed_at').execute();
      await db.schema
        .createTable('feedback_response_resources')
        .addColumn('response_id', 'text', (c) => c.primaryKey().references('feedback_responses.id'))
        .addColumn('resource', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into feedback_response_resources (response_id, resource) select id, resource from feedback_responses`.execute(db);
      await db.schema.alterTable('feedback_responses').dropColumn('resource').execute();
      // Everything the alert step and the trajectory read of a response, in each patient's session
      // order: both read a patient's answers from this index alone, without visiting the table.
      await db.schema.dropIndex('feedback_responses_patient').execute();
      await db.schema
        .createIndex('feedback_responses_by_patient')
        .on('feedback_responses')
        .columns([
          'clinic_id',
          'patient_id',
          'session_date',
          'authored_at',
          'id',
          'appointment_id',
          'therapist_user_id',
          'questionnaire_id',
          'declined',
          'scores',
        ])
        .execute();
    },
  },
];
