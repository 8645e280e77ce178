import type { Migration } from '../../../platform/db/migrator.js';
import { countIdentityChanges } from '../../auth/index.js';

export const clinicMigrations: Migration[] = [
  {
    id: 'clinic/001-clinics-memberships-invitations',
    async up(db) {
      await db.schema
        .createTable('clinics')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('require_totp', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('treats', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .addPrimaryKeyConstraint('memberships_pk', ['clinic_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').columns(['user_id', 'created_at']).execute();
      await db.schema
        .createTable('invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('invitations_clinic').on('invitations').columns(['clinic_id', 'created_at']).execute();
    },
  },
  {
    // A membership or clinic setting changes what a signed-in person may do: cached actors refresh.
    id: 'clinic/002-identity-changes',
    async up(db, dialect) {
      await countIdentityChanges(db, dialect, 'memberships', ['insert', 'update', 'delete']);
      await countIdentityChanges(db, dialect, 'clinics', ['update', 'delete'], ['name', 'require_totp']);
    },
  },
];
