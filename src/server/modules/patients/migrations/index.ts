import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/migrator.js';

export const patientsMigrations: Migration[] = [
  {
    id: 'patients/001-patients-relationships-vulnerability',
    async up(db) {
      await db.schema
        .createTable('patients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('legal_first_name', 'text', (c) => c.notNull())
        .addColumn('legal_last_name', 'text', (c) => c.notNull())
        .addColumn('preferred_name', 'text')
        .addColumn('pronouns', 'text')
        .addColumn('date_of_birth', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('phone_digits', 'text')
        .addColumn('address', 'text')
        .addColumn('emergency_contact_name', 'text')
        .addColumn('emergency_contact_phone', 'text')
        .addColumn('emergency_contact_relationship', 'text')
        .addColumn('preferred_language', 'text', (c) => c.notNull())
        .addColumn('communication_preferences', 'text', (c) => c.notNull())
        .addColumn('capable', 'integer', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'text')
        .execute();
      await db.schema
        .createIndex('patients_clinic_name')
        .on('patients')
        .columns(['clinic_id', 'legal_last_name', 'legal_first_name'])
        .execute();
      await db.schema.createIndex('patients_clinic_phone').on('patients').columns(['clinic_id', 'phone_digits']).execute();
      await db.schema
        .createTable('substitute_decision_makers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('relationship', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      await db.schema.createIndex('sdm_patient').on('substitute_decision_makers').column('patient_id').execute();
      await db.schema
        .createTable('therapeutic_relationships')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('therapist_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('started_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('patient_goals', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('relationships_patient').on('therapeutic_relationships').column('patient_id').execute();
      await db.schema
        .createIndex('relationships_therapist')
        .on('therapeutic_relationships')
        .columns(['therapist_user_id', 'clinic_id', 'status'])
        .execute();
      await db.schema
        .createTable('treatment_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('relationship_id', 'text', (c) => c.notNull().references('therapeutic_relationships.id'))
        .addColumn('areas', 'text', (c) => c.notNull())
        .addColumn('techniques', 'text', (c) => c.notNull())
        .addColumn('frequency', 'text', (c) => c.notNull())
        .addColumn('review_date', 'text', (c) => c.notNull())
        .addColumn('notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('superseded_at', 'text')
        .execute();
      await db.schema.createIndex('plans_relationship').on('treatment_plans').columns(['relationship_id', 'superseded_at']).execute();
      await db.schema
        .createTable('vulnerability_factors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('noted_on', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('safeguard', 'text')
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      await db.schema.createIndex('vulnerability_patient').on('vulnerability_factors').column('patient_id').execute();
    },
  },
  {
    id: 'patients/002-health-history-intake-links',
    async up(db) {
      await db.schema
        .createTable('health_histories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text')
        .execute();
      await db.schema.createIndex('health_histories_patient').on('health_histories').columns(['patient_id', 'completed_at']).execute();
      await db.schema
        .createTable('intake_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('delivery', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
    },
  },
  {
    id: 'patients/003-last-visit',
    async up(db) {
      await db.schema.alterTable('patients').addColumn('last_visit_on', 'text').execute();
    },
  },
  {
    id: 'patients/004-relationship-log',
    async up(db) {
      for (const table of ['patient_gifts', 'patient_contacts'] as const) {
        let create = db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('clinic_id', 'text', (c) => c.notNull())
          .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
          .addColumn('therapist_user_id', 'text', (c) => c.notNull().references('users.id'));
        create =
          table === 'patient_gifts'
            ? create
                .addColumn('given_on', 'text', (c) => c.notNull())
                .addColumn('direction', 'text', (c) => c.notNull())
                .addColumn('description', 'text', (c) => c.notNull())
                .addColumn('approx_value_cents', 'integer')
                .addColumn('outcome', 'text', (c) => c.notNull())
            : create
                .addColumn('contact_on', 'text', (c) => c.notNull())
                .addColumn('channel', 'text', (c) => c.notNull())
                .addColumn('direction', 'text', (c) => c.notNull())
                .addColumn('initiated_by', 'text', (c) => c.notNull());
        await create
          .addColumn('note', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('entered_in_error_at', 'text')
          .addColumn('entered_in_error_reason', 'text')
          .execute();
        await db.schema.createIndex(`${table}_patient`).on(table).column('patient_id').execute();
        await db.schema
          .createIndex(`${table}_therapist`)
          .on(table)
          .columns(['therapist_user_id', 'clinic_id', table === 'patient_gifts' ? 'given_on' : 'contact_on'])
          .execute();
      }
    },
  },
  {
    // The therapist's day lists plans due for review, most overdue first: with the therapist on the
    // plan row, that is one index range read instead of a walk over the whole caseload.
    id: 'patients/005-plans-by-therapist',
    async up(db) {
      await db.schema.alterTable('treatment_plans').addColumn('therapist_user_id', 'text').execute();
      await sql`update treatment_plans set therapist_user_id = (select r.therapist_user_id from therapeutic_relationships r where r.id = treatment_plans.relationship_id)`.execute(
        db,
      );
      await db.schema
        .createIndex('plans_therapist_due')
        .on('treatment_plans')
        .columns(['therapist_user_id', 'superseded_at', 'review_date'])
        .execute();
    },
  },
  {
    // Archiving is a state the clinic sets and lifts: who set it, why, and a short note stay with it
    // while it holds. Its history (every archiving and restoring) is in the audit log.
    id: 'patients/006-archive-reason',
    async up(db) {
      for (const column of ['archived_by', 'archived_reason', 'archived_note'] as const) {
        await db.schema.alterTable('patients').addColumn(column, 'text').execute();
      }
    },
  },
];
