import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/server/migrations.js';
import { type DatabaseHandle, type DialectName, openDatabase } from '../../src/server/platform/db/index.js';
import { type Migration, migrate } from '../../src/server/platform/db/migrator.js';
import { pgAdmin, pgUrlFor, RUN_PREFIX, TEMPLATE_DB } from './pg.js';

export const DIALECTS: DialectName[] = inject('pgAvailable') ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * A fresh, migrated, empty database of the given dialect: SQLite in memory, or a PostgreSQL
 * database cloned from the migrated template. Closed (and dropped) after the test file.
 */
export async function freshDatabase(
  dialect: DialectName,
  opts: { sqliteFile?: string; migrations?: Migration[] } = {},
): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    const handle = openDatabase({ kind: 'sqlite', file: opts.sqliteFile ?? ':memory:' });
    await migrate(handle.db, 'sqlite', opts.migrations ?? ALL_MIGRATIONS);
    return handle;
  }
  const name = `${RUN_PREFIX}${randomBytes(5).toString('hex')}`;
  // Only some migrations (to test a later one against existing data): an empty database, not the template.
  await pgAdmin((c) => c.query(opts.migrations ? `create database ${name}` : `create database ${name} template ${TEMPLATE_DB}`));
  const handle = openDatabase({ kind: 'postgres', url: pgUrlFor(name), max: 5 });
  if (opts.migrations) await migrate(handle.db, 'postgres', opts.migrations);
  const close = handle.close;
  handle.close = async () => {
    await close();
    await pgAdmin((c) => c.query(`drop database if exists ${name} with (force)`));
  };
  return handle;
}

/** Runs the suite once per dialect; `db()` returns that dialect's database, fresh for the suite. */
export function describeEachDialect(name: string, suite: (ctx: { dialect: DialectName; db: () => DatabaseHandle }) => void) {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let handle: DatabaseHandle | undefined;
      // Registered before the suite's own hooks, so it runs first.
      beforeAll(async () => {
        handle = await freshDatabase(dialect);
      });
      afterAll(async () => {
        await handle?.close();
      });
      suite({
        dialect,
        db: () => {
          if (!handle) throw new Error('database not ready: call db() inside a test or hook');
          return handle;
        },
      });
    });
  }
}
