import { type Kysely, sql } from 'kysely';
import type { DialectName } from './index.js';

/**
 * Forward-only migrations. Each module owns its own list under `migrations/`; the composition
 * root collects them in rank order. Ids are `module/NNN-name` and never change once released.
 */
export interface Migration {
  id: string;
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

const LOCK_KEY = 74_115_002; // any constant: serialises migration across Attune processes on PostgreSQL

// biome-ignore lint/suspicious/noExplicitAny: the migrations table is not part of any module schema
export async function migrate(db: Kysely<any>, dialect: DialectName, migrations: Migration[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`Duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const applied: string[] = [];
  await db.transaction().execute(async (tx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
    const done = new Set((await tx.selectFrom('schema_migrations').select('id').execute()).map((r) => r.id as string));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await m.up(tx, dialect);
      await tx.insertInto('schema_migrations').values({ id: m.id, applied_at: new Date().toISOString() }).execute();
      applied.push(m.id);
    }
  });
  return applied;
}
