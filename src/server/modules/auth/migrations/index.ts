import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../../platform/db/index.js';
import type { Migration } from '../../../platform/db/migrator.js';

/**
 * Makes every change to `table` that can change who a signed-in person is (or whether they still
 * are) count one more in `identity_changes`. Resolved actors are kept in memory while that count
 * stands still (clinic/actor.ts), so the count must move on every such change, from this process or
 * any other (the CLI, another server on PostgreSQL): triggers catch them all, where calls in the
 * code would catch only the paths someone remembered. `columns` limits updates to those columns
 * (a session's `last_seen_at`, written every minute, changes nothing the actor holds).
 */
export async function countIdentityChanges(
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  db: Kysely<any>,
  dialect: DialectName,
  table: string,
  events: Array<'insert' | 'update' | 'delete'>,
  columns?: string[],
) {
  for (const event of events) {
    const name = sql.raw(`${table}_${event}_counts_identity`);
    const on = sql.raw(
      event === 'update' && columns ? `UPDATE OF ${columns.join(', ')} ON ${table}` : `${event.toUpperCase()} ON ${table}`,
    );
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER ${name} AFTER ${on} BEGIN UPDATE identity_changes SET version = version + 1 WHERE id = 1; END`.execute(db);
    } else {
      await sql`CREATE TRIGGER ${name} AFTER ${on} FOR EACH STATEMENT EXECUTE FUNCTION attune_identity_changed()`.execute(db);
    }
  }
}

export const authMigrations: Migration[] = [
  {
    id: 'auth/001-users-sessions',
    async up(db) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
        .addColumn('totp_secret', 'text')
        .addColumn('totp_pending_secret', 'text')
        .addColumn('totp_last_step', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();
      await db.schema
        .createTable('recovery_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('clinic_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('ip', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('login_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('succeeded', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_attempts_email_at').on('login_attempts').columns(['email', 'at']).execute();
      await db.schema.createIndex('login_attempts_ip_at').on('login_attempts').columns(['ip', 'at']).execute();
    },
  },
  {
    // A device handed to a patient (a health history on the clinic tablet) stays signed in but
    // shows nothing of the clinic until its person enters their password again.
    id: 'auth/002-session-lock',
    async up(db) {
      await db.schema.alterTable('sessions').addColumn('locked_at', 'text').execute();
    },
  },
  {
    // One row counting changes to sessions, users (and, from the clinic module, memberships and
    // clinics): an actor cached at count N is still right while the count is N.
    id: 'auth/003-identity-changes',
    async up(db, dialect) {
      await db.schema
        .createTable('identity_changes')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('identity_changes').values({ id: 1, version: 0 }).execute();
      if (dialect === 'postgres') {
        await sql`CREATE FUNCTION attune_identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN UPDATE identity_changes SET version = version + 1 WHERE id = 1; RETURN NULL; END $$`.execute(db);
      }
      await countIdentityChanges(
        db,
        dialect,
        'sessions',
        ['update', 'delete'],
        ['user_id', 'clinic_id', 'expires_at', 'revoked_at', 'locked_at'],
      );
      await countIdentityChanges(db, dialect, 'users', ['update', 'delete'], ['email', 'name', 'locale', 'totp_secret', 'disabled_at']);
    },
  },
];
