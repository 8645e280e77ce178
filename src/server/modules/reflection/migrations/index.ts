import type { Migration } from '../../../platform/db/migrator.js';

export const reflectionMigrations: Migration[] = [
  {
    id: 'reflection/001-presence-checkins',
    async up(db) {
      await db.schema
        .createTable('presence_checkins')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('local_date', 'text', (c) => c.notNull())
        .addColumn('local_hour', 'integer', (c) => c.notNull())
        .addColumn('weekday', 'integer', (c) => c.notNull())
        .addColumn('presence', 'integer', (c) => c.notNull())
        .addColumn('attention', 'integer', (c) => c.notNull())
        .addColumn('pulls', 'text', (c) => c.notNull())
        .addColumn('pull_note', 'text')
        .addColumn('intention', 'text')
        .addColumn('appointment_id', 'text')
        .addColumn('patient_id', 'text')
        .execute();
      await db.schema.createIndex('presence_user_date').on('presence_checkins').columns(['user_id', 'clinic_id', 'local_date']).execute();
    },
  },
  {
    id: 'reflection/002-boundary-signals',
    async up(db) {
      await db.schema
        .createTable('signal_settings')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('signal_settings_pk', ['user_id', 'clinic_id'])
        .execute();
      await db.schema
        .createTable('signal_dismissals')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('signal_key', 'text', (c) => c.notNull())
        .addColumn('evidence_until', 'text', (c) => c.notNull())
        .addColumn('dismissed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('signal_dismissals_pk', ['user_id', 'clinic_id', 'signal_key'])
        .execute();
    },
  },
  {
    id: 'reflection/003-needs-awareness',
    async up(db) {
      await db.schema
        .createTable('needs_assessments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('taken_at', 'text', (c) => c.notNull())
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('plan_reviewed', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('needs_assessments_user').on('needs_assessments').columns(['user_id', 'clinic_id', 'taken_at']).execute();
      await db.schema
        .createTable('self_care_plans')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('cadence', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text')
        .addColumn('reviewed_at', 'text')
        .addPrimaryKeyConstraint('self_care_plans_pk', ['user_id', 'clinic_id'])
        .execute();
    },
  },
  {
    id: 'reflection/004-journal',
    async up(db) {
      await db.schema
        .createTable('journal_keys')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
        .addColumn('kdf', 'text', (c) => c.notNull())
        .addColumn('iterations', 'integer', (c) => c.notNull())
        .addColumn('salt', 'text', (c) => c.notNull())
        .addColumn('wrapped_key', 'text', (c) => c.notNull())
        .addColumn('wrapped_key_iv', 'text', (c) => c.notNull())
        .addColumn('recovery_wrapped_key', 'text', (c) => c.notNull())
        .addColumn('recovery_wrapped_key_iv', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('journal_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('iv', 'text', (c) => c.notNull())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('journal_entries_user').on('journal_entries').columns(['user_id', 'created_at']).execute();
    },
  },
  {
    id: 'reflection/005-learning-plan',
    async up(db) {
      await db.schema
        .createTable('learning_plans')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
        .addColumn('iv', 'text', (c) => c.notNull())
        .addColumn('ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    id: 'reflection/006-signal-reflections',
    async up(db) {
      await db.schema
        .createTable('signal_reflections')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('signal_key', 'text', (c) => c.notNull())
        .addColumn('evidence_until', 'text', (c) => c.notNull())
        .addColumn('reflected_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('signal_reflections_pk', ['user_id', 'clinic_id', 'signal_key'])
        .execute();
    },
  },
];
