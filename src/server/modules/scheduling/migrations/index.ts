import type { Migration } from '../../../platform/db/migrator.js';

export const schedulingMigrations: Migration[] = [
  {
    id: 'scheduling/001-types-availability-appointments-feeds',
    async up(db) {
      await db.schema
        .createTable('scheduling_settings')
        .addColumn('clinic_id', 'text', (c) => c.primaryKey().references('clinics.id'))
        .addColumn('clinic_time_zone', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('appointment_types')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('duration_minutes', 'integer', (c) => c.notNull())
        .addColumn('fee_cents', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('appointment_types_clinic').on('appointment_types').columns(['clinic_id', 'name']).execute();
      await db.schema
        .createTable('availability_blocks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('therapist_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('weekday', 'integer', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('end_time', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      await db.schema
        .createIndex('availability_blocks_therapist')
        .on('availability_blocks')
        .columns(['clinic_id', 'therapist_user_id', 'ended_at'])
        .execute();
      await db.schema
        .createTable('availability_exceptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('therapist_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('blocks', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema
        .createIndex('availability_exceptions_therapist_date')
        .on('availability_exceptions')
        .columns(['clinic_id', 'therapist_user_id', 'date'])
        .execute();
      await db.schema
        .createTable('appointments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
        .addColumn('therapist_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('appointment_type_id', 'text', (c) => c.notNull().references('appointment_types.id'))
        .addColumn('type_name', 'text', (c) => c.notNull())
        .addColumn('fee_cents', 'integer', (c) => c.notNull())
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('outside_hours', 'integer', (c) => c.notNull())
        .addColumn('cancel_reason', 'text')
        .addColumn('cancelled_at', 'text')
        .addColumn('cancelled_by', 'text')
        .addColumn('arrived_at', 'text')
        .addColumn('no_show_at', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('actual_end_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // The calendar's hot path: one therapist's appointments in a bounded time range.
      await db.schema
        .createIndex('appointments_calendar')
        .on('appointments')
        .columns(['clinic_id', 'therapist_user_id', 'starts_at'])
        .execute();
      await db.schema.createIndex('appointments_patient').on('appointments').columns(['patient_id', 'starts_at']).execute();
      await db.schema
        .createTable('calendar_feeds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('therapist_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('include_names', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_fetched_at', 'text')
        .execute();
      await db.schema.createIndex('calendar_feeds_therapist').on('calendar_feeds').columns(['clinic_id', 'therapist_user_id']).execute();
    },
  },
  {
    // Fees and payment (issue 4): the latest adjustment and mark on the appointment, every change kept beside it.
    id: 'scheduling/002-fees-and-payment',
    async up(db) {
      // One column per statement: SQLite's ALTER TABLE adds one column at a time.
      for (const [name, type] of [
        ['fee_adjustment', 'text'],
        ['fee_discount_cents', 'integer'],
        ['fee_adjustment_reason', 'text'],
        ['fee_adjusted_at', 'text'],
        ['fee_adjusted_by', 'text'],
        ['payment_status', 'text'],
        ['payment_marked_at', 'text'],
        ['payment_marked_by', 'text'],
      ] as const) {
        await db.schema.alterTable('appointments').addColumn(name, type).execute();
      }
      await db.schema
        .createTable('appointment_fee_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('what', 'text', (c) => c.notNull())
        .addColumn('amount_cents', 'integer')
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('appointment_fee_events_appointment')
        .on('appointment_fee_events')
        .columns(['appointment_id', 'seq'])
        .unique()
        .execute();
    },
  },
];
