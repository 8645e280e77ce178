import type Database from 'better-sqlite3';
import { type Compilable, CompiledQuery } from 'kysely';
import type pg from 'pg';
import { type AppDb, postgresPoolOf, sqliteConnectionForRead } from './index.js';

let named = 0;

/**
 * A query built and compiled once, then run with new parameters. Building a Kysely query costs
 * ~15 µs, more than a primary-key read itself; on hot paths (every authenticated request) it is
 * worth skipping. `build` receives stand-in values, one per parameter, in the order given.
 */
export function preparedQuery<Row, Params extends unknown[]>(build: (db: AppDb, ...params: Params) => Compilable<Row>) {
  const compiled = new WeakMap<object, { sql: string; slots: (number | { value: unknown })[] }>();
  // One name per compiled query (its text never changes), for PostgreSQL's prepared statements.
  const name = `attune_${++named}`;
  const statements = new WeakMap<Database.Database, Database.Statement>();
  return async (db: AppDb, ...params: Params): Promise<Row[]> => {
    const key = db.getExecutor().adapter;
    let plan = compiled.get(key);
    if (!plan) {
      const stand = params.map((_, i) => `\u0000attune-param-${i}\u0000`) as Params;
      const query = build(db, ...stand).compile();
      plan = {
        sql: query.sql,
        slots: query.parameters.map((p) => {
          const i = stand.indexOf(p);
          return i >= 0 ? i : { value: p };
        }),
      };
      compiled.set(key, plan);
    }
    const values = plan.slots.map((slot) => (typeof slot === 'number' ? params[slot] : slot.value));
    // Read-only statements on SQLite run at once on a connection that sees committed data only.
    const connection = sqliteConnectionForRead(db);
    if (connection) {
      let statement = statements.get(connection);
      if (!statement) {
        statement = connection.prepare(plan.sql);
        statements.set(connection, statement);
      }
      if (statement.reader) return statement.all(...values) as Row[];
    }
    // On PostgreSQL, a named statement is parsed and planned once per pooled connection instead of
    // on every call (planning the trajectory's statement took longer than running it).
    const pool = postgresPoolOf(db);
    if (pool) return (await pool.query<Row & pg.QueryResultRow>({ name, text: plan.sql, values })).rows;
    const result = await db.executeQuery<Row>(CompiledQuery.raw(plan.sql, values));
    return result.rows;
  };
}
