import type { Migration } from '../../../platform/db/migrator.js';

export const auditMigrations: Migration[] = [
  {
    id: 'audit/001-events',
    async up(db) {
      await db.schema
        .createTable('audit_events')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('clinic_id', 'text')
        .addColumn('actor_user_id', 'text')
        .addColumn('subject_type', 'text')
        .addColumn('subject_id', 'text')
        .addColumn('patient_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_events_clinic_at').on('audit_events').columns(['clinic_id', 'at']).execute();
      await db.schema.createIndex('audit_events_patient').on('audit_events').columns(['patient_id', 'at']).execute();
      await db.schema.createIndex('audit_events_type_at').on('audit_events').columns(['type', 'at']).execute();
    },
  },
];
