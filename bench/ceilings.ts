/**
 * The bare servers that give Attune's figures their scale (STACK.md §2): the same Fastify 5, logger
 * off, a plain JSON response schema, and nothing else. Each runs in its own process, started by
 * `startCeiling()`; this file is also that process's entry point (`node --import tsx bench/ceilings.ts <kind> …`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Request } from 'autocannon';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { type Child, spawnNode, waitForLine } from './proc.js';

export type CeilingKind = 'hello' | 'sqlite' | 'postgres';

export const ROWS = 100_000;
export const PG_TABLE = 'bench_ceiling';
const SELECT_BY_ID = (table: string) => `SELECT id, name, email, born FROM ${table} WHERE id = $1`;

const rowSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, name: { type: 'string' }, email: { type: 'string' }, born: { type: 'string' } },
  required: ['id', 'name', 'email', 'born'],
} as const;
const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1 } }, required: ['id'] } as const;

interface Row {
  id: number;
  name: string;
  email: string;
  born: string;
}

function bornOf(id: number) {
  const day = (id % 28) + 1;
  const month = (id % 12) + 1;
  return `${1940 + (id % 65)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ── the servers (run inside the child process) ──────────────────────────────

function helloServer(): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get(
    '/hello',
    { schema: { response: { 200: { type: 'object', properties: { hello: { type: 'string' } }, required: ['hello'] } } } },
    async () => ({ hello: 'world' }),
  );
  return app;
}

/** (b) a prepared better-sqlite3 primary-key SELECT over a 100k-row table in WAL mode. */
function sqliteServer(file: string): { app: FastifyInstance; close: () => void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, born TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO rows (id, name, email, born) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= ROWS; id++) insert.run(id, `Person ${id}`, `person${id}@example.com`, bornOf(id));
  })();
  const select = db.prepare<[number], Row>('SELECT id, name, email, born FROM rows WHERE id = ?');
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: number } }>('/rows/:id', { schema: { params: idParams, response: { 200: rowSchema } } }, async (req, reply) => {
    const row = select.get(req.params.id);
    return row ?? reply.code(404).send({ id: 0, name: '', email: '', born: '' });
  });
  return { app, close: () => db.close() };
}

/** (c) a pg Pool (max 10) with a named prepared primary-key SELECT. */
function postgresServer(url: string): { app: FastifyInstance; close: () => Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const text = SELECT_BY_ID(PG_TABLE);
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: number } }>('/rows/:id', { schema: { params: idParams, response: { 200: rowSchema } } }, async (req, reply) => {
    const result = await pool.query<Row>({ name: 'bench_ceiling_by_id', text, values: [req.params.id] });
    return result.rows[0] ?? reply.code(404).send({ id: 0, name: '', email: '', born: '' });
  });
  return { app, close: () => pool.end() };
}

async function serve(kind: string, arg: string | undefined) {
  let app: FastifyInstance;
  let close: () => void | Promise<void> = () => {};
  if (kind === 'hello') app = helloServer();
  else if (kind === 'sqlite' && arg) ({ app, close } = sqliteServer(arg));
  else if (kind === 'postgres' && arg) ({ app, close } = postgresServer(arg));
  else throw new Error(`usage: ceilings.ts hello | sqlite <file> | postgres <url> (got ${kind} ${arg ?? ''})`);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`LISTENING ${port}\n`);
  const stop = async () => {
    await app.close();
    await close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// ── the parent's side ───────────────────────────────────────────────────────

export interface Ceiling {
  child: Child;
  baseUrl: string;
  path: string;
  /** Pre-built requests over random ids, so the load generator does no per-request work. */
  requests?: Request[];
}

const HERE = fileURLToPath(import.meta.url);

/**
 * Requests for random ids between 1 and ROWS. They are built once, before the round: asking
 * autocannon to build a random path for every request would tax the load generator (it shares the
 * two cores with the server) in this round but not in Attune's.
 */
export function randomIdRequests(count = 2_000): Request[] {
  return Array.from({ length: count }, () => ({ method: 'GET', path: `/rows/${1 + Math.floor(Math.random() * ROWS)}` }));
}

export async function startCeiling(kind: CeilingKind, arg: string | undefined, repoRoot: string): Promise<Ceiling> {
  const args = ['--import', 'tsx', HERE, kind, ...(arg ? [arg] : [])];
  const child = spawnNode(`ceiling ${kind}`, args, { ...process.env }, repoRoot);
  try {
    const match = await waitForLine(child, /LISTENING (\d+)/, 60_000);
    const baseUrl = `http://127.0.0.1:${match[1]}`;
    if (kind === 'hello') return { child, baseUrl, path: '/hello' };
    return { child, baseUrl, path: '/rows/:id (random)', requests: randomIdRequests() };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Creates and fills the PostgreSQL table for ceiling (c); `dropPgTable` removes it. */
export async function preparePgTable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${PG_TABLE}`);
    await client.query(`CREATE TABLE ${PG_TABLE} (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL, born text NOT NULL)`);
    await client.query(
      `INSERT INTO ${PG_TABLE} (id, name, email, born)
       SELECT g, 'Person ' || g, 'person' || g || '@example.com',
              to_char(make_date(1940 + g % 65, g % 12 + 1, g % 28 + 1), 'YYYY-MM-DD')
       FROM generate_series(1, ${ROWS}) AS g`,
    );
    await client.query(`ANALYZE ${PG_TABLE}`);
  } finally {
    await client.end();
  }
}

export async function dropPgTable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${PG_TABLE}`);
  } finally {
    await client.end();
  }
}

/** A fresh directory for ceiling (b)'s database file. */
export function sqliteCeilingFile(tempRoot: string): string {
  const dir = fs.mkdtempSync(path.join(tempRoot, 'attune-bench-ceiling-'));
  return path.join(dir, 'ceiling.sqlite');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serve(process.argv[2] ?? '', process.argv[3]).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
