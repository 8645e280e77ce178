import type { Migration } from '../../../platform/db/migrator.js';

export const recordsMigrations: Migration[] = [
  {
    id: 'records/001-notes-templates-measures',
    async up(db) {
      await db.schema
        .createTable('note_templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('subjective', 'text', (c) => c.notNull())
        .addColumn('objective', 'text', (c) => c.notNull())
        .addColumn('assessment', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('note_templates_clinic').on('note_templates').column('clinic_id').execute();
      await db.schema
        .createTable('notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('appointment_id', 'text', (c) => c.notNull().unique())
        .addColumn('therapist_user_id', 'text', (c) => c.notNull())
        .addColumn('template_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('subjective', 'text', (c) => c.notNull())
        .addColumn('objective', 'text', (c) => c.notNull())
        .addColumn('assessment', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('areas_treated', 'text', (c) => c.notNull())
        .addColumn('techniques', 'text', (c) => c.notNull())
        .addColumn('pressure', 'text')
        .addColumn('patient_response', 'text', (c) => c.notNull())
        .addColumn('home_care', 'text', (c) => c.notNull())
        .addColumn('pain_before', 'integer')
        .addColumn('pain_after', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text')
        .addColumn('signed_by', 'text')
        .execute();
      await db.schema.createIndex('notes_patient').on('notes').columns(['patient_id', 'created_at']).execute();
      await db.schema
        .createTable('note_amendments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
        .addColumn('changes', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('amended_by', 'text', (c) => c.notNull())
        .addColumn('amended_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('note_amendments_note').on('note_amendments').columns(['note_id', 'amended_at']).execute();
      await db.schema
        .createTable('psfs_assessments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('taken_on', 'text', (c) => c.notNull())
        .addColumn('occasion', 'text', (c) => c.notNull())
        .addColumn('activities', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('psfs_patient').on('psfs_assessments').columns(['patient_id', 'taken_on']).execute();
    },
  },
  {
    // The pain series (the trajectory and the measures chart) read from the index alone: with the
    // SOAP text inline, each note read was a page of its own.
    id: 'records/002-pain-series-index',
    async up(db) {
      await db.schema
        .createIndex('notes_pain_series')
        .on('notes')
        .columns(['clinic_id', 'patient_id', 'status', 'created_at', 'id', 'appointment_id', 'pain_before', 'pain_after'])
        .execute();
    },
  },
];
