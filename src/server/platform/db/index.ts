import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The application-wide handle. Kysely's types are invariant in the schema, so a handle typed with
 * every table would not fit a store typed with only its module's tables. Use cases therefore pass
 * this untyped handle through, and each module's `store.ts` types it with the tables it owns:
 * the queries themselves stay fully checked.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; narrowed in every store.ts
export type AppDb = Kysely<any>;

/** Runs `work` in one transaction. The handle it receives is an AppDb, so stores accept it as is. */
export function inTransaction<T>(db: AppDb, work: (tx: AppDb) => Promise<T>): Promise<T> {
  return db.transaction().execute((tx) => work(tx));
}

export interface DatabaseHandle {
  db: AppDb;
  dialect: DialectName;
  /** SQLite only: the underlying connection (online backup, hot-path prepared statements). */
  sqlite: Database.Database | undefined;
  close(): Promise<void>;
}

/**
 * File-backed SQLite also gets a second, read-only connection for hot reads (see prepared.ts):
 * in WAL mode it sees exactly what has been committed, never another request's open transaction,
 * and it does not wait behind the writer's queue.
 */
const readers = new WeakMap<object, Database.Database>();
const pools = new WeakMap<object, pg.Pool>();

/**
 * The pool behind a PostgreSQL handle, for compiled reads run as named prepared statements
 * (prepared.ts); undefined for SQLite and for a transaction's handle, whose reads must go through
 * its own connection.
 */
export function postgresPoolOf(db: AppDb): pg.Pool | undefined {
  return pools.get(db);
}
const writers = new WeakMap<object, Database.Database>();

/**
 * Where a compiled read-only statement can run at once, without Kysely's queue: on the writer
 * connection while it has no transaction open (its page cache is warm: its own commits do not empty
 * it, and it sees everything committed), otherwise on the reader (file-backed SQLite), otherwise
 * nowhere (undefined: go through Kysely, e.g. in-memory SQLite during another's transaction).
 */
export function sqliteConnectionForRead(db: AppDb): Database.Database | undefined {
  const writer = writers.get(db);
  if (!writer) return undefined;
  return writer.inTransaction ? readers.get(db) : writer;
}

/**
 * SQLite reads the first GiB of the database file through a memory map (the operating system's own
 * cache of the file, shared by both connections) instead of copying each page into its page cache,
 * which then holds mostly pages read from the WAL and pages being written. Ending a write transaction
 * walks that cache: with 64 MB of copied pages, the walk (pcache1TruncateUnsafe) was the costliest
 * SQLite function of the chart round (4.9 % of CPU; 0.6 % with the map; chart 230 -> 202–220 µs CPU
 * per request in quiet rounds). The reader's pages, dropped after every commit by the other
 * connection, are mapped again instead of read again. Pages in the WAL are still read with read().
 * Trade-off (https://sqlite.org/mmap.html): an I/O error on a mapped page ends the process (SIGBUS)
 * instead of failing one statement.
 */
const MMAP_BYTES = 1 << 30;

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; max?: number };

// Integers come back from pg as strings for bigint/count; parse them where it is safe.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.max ?? 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool discards it and the next query opens a fresh one.
    pool.on('error', () => {});
    const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    pools.set(db, pool);
    return { db, dialect: 'postgres', sqlite: undefined, close: () => db.destroy() };
  }
  if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const raw = new Database(target.file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // 64 MB of page cache (the default is 2 MB): a clinic's hot indexes stay in memory as it grows.
  raw.pragma('cache_size = -65536');
  raw.pragma(`mmap_size = ${MMAP_BYTES}`);
  // The query planner needs table statistics to pick, say, the patient index over the therapist's
  // whole caseload for "which of these 7 patients do I treat" (290 µs → 36 µs measured). SQLite
  // recommends `optimize` with 0x10002 on opening a long-lived connection, and now and then after.
  gatherStatistics(raw, 'optimize=0x10002');
  const optimizeHourly = setInterval(() => {
    if (raw.open && !raw.inTransaction) gatherStatistics(raw, 'optimize');
  }, 3_600_000);
  optimizeHourly.unref();
  const db = kyselyOver(raw);
  writers.set(db, raw);
  let reader: Database.Database | undefined;
  let readerDb: AppDb | undefined;
  if (target.file !== ':memory:') {
    reader = new Database(target.file, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    reader.pragma('cache_size = -16384');
    reader.pragma(`mmap_size = ${MMAP_BYTES}`);
    readers.set(db, reader);
    readerDb = kyselyOver(reader);
    readerDbs.set(db, readerDb);
  }
  return {
    db,
    dialect: 'sqlite',
    sqlite: raw,
    close: async () => {
      clearInterval(optimizeHourly);
      await readerDb?.destroy();
      await db.destroy();
    },
  };
}

/**
 * Runs `PRAGMA <optimize>`, then keeps only the per-index statistics (sqlite_stat1) it gathered.
 *
 * better-sqlite3 builds SQLite with SQLITE_ENABLE_STAT4, so ANALYZE also stores value samples
 * (sqlite_stat4). With samples present, a statement whose parameter is compared to an indexed column
 * is prepared again at its next step whenever a new value is bound ("the value might influence the
 * choice of plan"): every `patient_id = ?` read of every request was parsed and planned anew, about
 * half the cost of each read (measured: the chart's header 53 µs → 16 µs, its clinical part 70 µs →
 * 12 µs per statement). Attune's reads are equality lookups on keys, for which sqlite_stat1 is what
 * the planner needs; the samples are removed and the statistics reloaded (`ANALYZE sqlite_schema`).
 */
export function gatherStatistics(connection: Database.Database, optimize: string) {
  connection.pragma(optimize);
  const samples = connection.prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'").get();
  if (samples && connection.prepare('select 1 from sqlite_stat4 limit 1').get()) {
    connection.exec('DELETE FROM sqlite_stat4; ANALYZE sqlite_schema');
  }
}

/**
 * Kysely's SQLite driver prepares every query anew; caching statements by SQL text is ~1.6x
 * faster (STACK.md §6). SQL text is generated by Kysely, so the set of keys is bounded.
 */
function kyselyOver(connection: Database.Database): AppDb {
  const cache = new Map<string, Database.Statement>();
  const database = {
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size > 2000) cache.clear();
        statement = connection.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
    close() {
      connection.close();
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: SqliteDialect only needs prepare() and close()
  return new Kysely({ dialect: new SqliteDialect({ database: database as any }) });
}

const readerDbs = new WeakMap<object, AppDb>();
/**
 * The handle for reads that need no transaction: on file-backed SQLite, the read-only connection
 * (committed data only; it does not queue behind the writer's transactions, such as audit appends);
 * elsewhere, and inside a transaction, the handle itself.
 */
export function forReading(db: AppDb): AppDb {
  if (db.isTransaction) return db;
  return readerDbs.get(db) ?? db;
}

/** Runs raw SQL that both dialects understand (used by the migrator and tests). */
export async function execute(db: Kysely<unknown>, sql: string): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(sql));
}
