import type { Migration } from '../../../platform/db/migrator.js';

export const consentMigrations: Migration[] = [
  {
    id: 'consent/001-consents',
    async up(db) {
      await db.schema
        .createTable('consents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('given_by_kind', 'text', (c) => c.notNull())
        .addColumn('given_by_name', 'text', (c) => c.notNull())
        .addColumn('sdm_id', 'text')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('signature', 'text')
        .addColumn('attested_by', 'text')
        .addColumn('areas', 'text', (c) => c.notNull())
        .addColumn('appointment_id', 'text')
        .addColumn('plan_id', 'text')
        .addColumn('notes', 'text')
        .addColumn('given_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('withdrawn_at', 'text')
        .addColumn('withdrawn_reason', 'text')
        .addColumn('withdrawn_by', 'text')
        .execute();
      await db.schema.createIndex('consents_patient_type').on('consents').columns(['patient_id', 'type', 'given_at']).execute();
      await db.schema.createIndex('consents_appointment').on('consents').column('appointment_id').execute();
    },
  },
];
