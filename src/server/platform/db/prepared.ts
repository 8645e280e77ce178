import type Database from 'better-sqlite3';
import { type Compilable, CompiledQuery } from 'kysely';
import type pg from 'pg';
import { type AppDb, postgresPoolOf, sqliteConnectionForRead } from './index.js';

let statementsNamed = 0;

/** A compiled query: run it through Kysely (awaited), or at once on a SQLite connection. */
export interface PreparedQuery<Row, Params extends unknown[]> {
  (db: AppDb, ...params: Params): Promise<Row[]>;
  /**
   * Runs synchronously on `connection`, inside whatever transaction it has open (see
   * `sqliteTransactionNow`). `db` is the handle the connection belongs to, for compiling.
   */
  now(db: AppDb, connection: Database.Database, ...params: Params): Row[];
}

/**
 * A query built and compiled once, then run with new parameters. Building a Kysely query costs
 * ~15 µs, more than a primary-key read itself; on hot paths (every authenticated request) it is
 * worth skipping. `build` receives stand-in values, one per parameter, in the order given.
 */
export function preparedQuery<Row, Params extends unknown[]>(
  build: (db: AppDb, ...params: Params) => Compilable<Row>,
): PreparedQuery<Row, Params> {
  const compiled = new WeakMap<object, { sql: string; slots: (number | { value: unknown })[] }>();
  const statements = new WeakMap<Database.Database, Database.Statement>();
  // On PostgreSQL the statement is prepared by name once per pooled connection, then only bound and
  // executed: the chart's JSON-aggregating reads were parsed and planned again on every call.
  const name = `attune_q${++statementsNamed}`;
  const planFor = (db: AppDb, params: Params) => {
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
    return { sql: plan.sql, values: plan.slots.map((slot) => (typeof slot === 'number' ? params[slot] : slot.value)) };
  };
  const statementOn = (connection: Database.Database, sql: string) => {
    let statement = statements.get(connection);
    if (!statement) {
      statement = connection.prepare(sql);
      statements.set(connection, statement);
    }
    return statement;
  };
  const run = async (db: AppDb, ...params: Params): Promise<Row[]> => {
    const { sql, values } = planFor(db, params);
    // Read-only statements on SQLite run at once on a connection that sees committed data only.
    const connection = sqliteConnectionForRead(db);
    if (connection) {
      const statement = statementOn(connection, sql);
      if (statement.reader) return statement.all(...values) as Row[];
    }
    const pool = postgresPoolOf(db);
    if (pool) return (await pool.query<Row & pg.QueryResultRow>({ name, text: sql, values })).rows;
    const result = await db.executeQuery<Row>(CompiledQuery.raw(sql, values));
    return result.rows;
  };
  run.now = (db: AppDb, connection: Database.Database, ...params: Params): Row[] => {
    const { sql, values } = planFor(db, params);
    const statement = statementOn(connection, sql);
    if (statement.reader) return statement.all(...values) as Row[];
    statement.run(...values);
    return [];
  };
  return run;
}
