/**
 * The real Attune server in a child process (`node --import tsx src/server/main.ts`), on a fresh
 * data directory or a fresh PostgreSQL database, seeded only through the public API.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../src/server/platform/db/index.js';
import { type Child, freePort, spawnNode } from './proc.js';

export type Dialect = 'sqlite' | 'postgres';

export const PASSWORD = 'Calm-River-Stone-2024';

export interface AttuneOptions {
  dialect: Dialect;
  repoRoot: string;
  /** PostgreSQL server to create the benchmark database on, e.g. postgres://postgres@127.0.0.1:5432/test. */
  pgAdminUrl: string;
  therapists: number;
  /** When set, the child runs with --cpu-prof and writes its profile here on exit. */
  cpuProfileDir?: string;
  /**
   * When set, fills the migrated database directly (bench/generate-clinic.ts) before the server
   * starts, instead of seeding through the API; the owner's cookie is then left empty.
   */
  generate?: (target: DatabaseTarget) => Promise<void>;
}

export interface Attune {
  child: Child;
  baseUrl: string;
  /** `attune_session=…` for the clinic owner, ready for a `cookie` header. */
  cookie: string;
  members: number;
  database: string;
  /** Stops the server, then removes its data directory or drops its database. */
  dispose(): Promise<void>;
}

/** The same server URL, naming another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on the server's admin database (CREATE / DROP DATABASE). */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Writes back what a generator just wrote before anything is timed. Generating a clinic leaves
 * hundreds of megabytes of dirty pages (the operating system's, and PostgreSQL's shared buffers) that
 * are otherwise written back during the next rounds: a full run once timed the day view 1.73x slower
 * on the large clinic right after the feedback clinic was generated, and 1.12x in a run without it.
 */
export async function settleStorage(target: { kind: 'sqlite' } | { kind: 'postgres'; url: string }): Promise<void> {
  if (target.kind === 'postgres') await adminQuery(target.url, 'CHECKPOINT');
  execFileSync('sync');
}

export async function waitForHealth(child: Child, baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Attune exited before it was ready\n${child.output()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Attune was not healthy after ${timeoutMs} ms\n${child.output()}`);
}

async function postJson(
  baseUrl: string,
  route: string,
  body: unknown,
  cookie?: string,
): Promise<{ json: Record<string, unknown>; setCookies: string[] }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(baseUrl + route, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${route} answered ${res.status}: ${text}`);
  return { json: JSON.parse(text) as Record<string, unknown>, setCookies: res.headers.getSetCookie() };
}

function sessionCookie(setCookies: string[]): string {
  for (const header of setCookies) {
    const match = header.match(/^(attune_session=[^;]+)/);
    if (match?.[1]) return match[1];
  }
  throw new Error(`no attune_session cookie in ${JSON.stringify(setCookies)}`);
}

/** Creates the practice, then invites `therapists` colleagues who each accept. Returns the owner's cookie. */
async function seed(baseUrl: string, therapists: number): Promise<{ cookie: string; members: number }> {
  const setup = await postJson(baseUrl, '/api/setup', {
    clinicName: 'Bench Bay Massage Therapy',
    name: 'Olive Owner',
    email: 'owner@example.com',
    password: PASSWORD,
  });
  const cookie = sessionCookie(setup.setCookies);
  for (let i = 1; i <= therapists; i++) {
    const n = String(i).padStart(2, '0');
    const invitation = await postJson(
      baseUrl,
      '/api/clinic/invitations',
      { email: `therapist${n}@example.com`, role: 'therapist' },
      cookie,
    );
    const link = String(invitation.json.link ?? '');
    const token = link.match(/\/invitation\/([^/?#]+)$/)?.[1];
    if (!token) throw new Error(`invitation ${n}: no token in link ${JSON.stringify(link)}`);
    await postJson(baseUrl, `/api/invitations/${token}/accept`, { name: `Therapist ${n}`, password: `Quiet-Harbour-Lantern-${n}-Fern` });
  }
  const members = await fetch(`${baseUrl}/api/clinic/members`, { headers: { cookie } });
  if (!members.ok) throw new Error(`GET /api/clinic/members answered ${members.status}`);
  const list = (await members.json()) as { members: unknown[] };
  const me = await fetch(`${baseUrl}/api/me`, { headers: { cookie } });
  if (!me.ok) throw new Error(`GET /api/me with the owner's cookie answered ${me.status}`);
  return { cookie, members: list.members.length };
}

export async function startAttune(options: AttuneOptions): Promise<Attune> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-'));
  const database = options.dialect === 'postgres' ? `attune_bench_${process.pid}` : path.join(dataDir, 'attune.sqlite');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ATTUNE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  let created = false;
  let child: Child | undefined;
  const dispose = async () => {
    await child?.stop();
    if (created) await adminQuery(options.pgAdminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (options.dialect === 'postgres') {
      await adminQuery(options.pgAdminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await adminQuery(options.pgAdminUrl, `CREATE DATABASE ${database}`);
      created = true;
      env.DATABASE_URL = withDatabase(options.pgAdminUrl, database);
    }
    if (options.generate) {
      const target: DatabaseTarget =
        options.dialect === 'postgres'
          ? { kind: 'postgres', url: env.DATABASE_URL as string }
          : { kind: 'sqlite', file: path.join(dataDir, 'attune.sqlite') };
      await options.generate(target);
      await settleStorage(target);
    }
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    child = spawnNode(`attune (${options.dialect})`, ['--import', 'tsx', ...profile, 'src/server/main.ts'], env, options.repoRoot);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(child, baseUrl, 60_000);
    const { cookie, members } = options.generate ? { cookie: '', members: 0 } : await seed(baseUrl, options.therapists);
    return { child, baseUrl, cookie, members, database, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Signs in through POST /api/auth/login and returns the `attune_session=…` cookie. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const { json, setCookies } = await postJson(baseUrl, '/api/auth/login', { email, password });
  if (json.status !== 'signed-in') throw new Error(`sign-in for ${email} answered ${JSON.stringify(json)}`);
  return sessionCookie(setCookies);
}
