/**
 * A quick loop for one route on an already generated clinic (not part of `npm run bench`):
 *   npx tsx bench/generate-clinic.ts --clinic=large --file=/tmp/chart-clinic.sqlite   (once)
 *   npx tsx bench/chart-loop.ts --file=/tmp/chart-clinic.sqlite [--route=chart,me,today,day | --route=B] [--seconds=5]
 *     [--profile=DIR | --perf] [--date=YYYY-MM-DD (day view; yesterday by default)]
 *     [--node-args="--trace-gc …" (the server's node flags)] [--child-log=FILE (the server's output)]
 *     [--keep-to=FILE (the database as the run left it, e.g. to time a clinic after a round)]
 *   npx tsx bench/chart-loop.ts --pg=postgres://…/db   (a clinic generated with --url=…; it is reused, not copied)
 * Copies the file, starts the real server on the copy, signs in the first therapist and measures.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Request } from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DEMO_PASSWORD } from '../scripts/generate.js';
import { signIn, waitForHealth } from './attune.js';
import { runRound } from './load.js';
import { freePort, spawnNode } from './proc.js';

const flags = new Map(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k, v.join('=')] as [string, string];
  }),
);
const source = flags.get('file') ?? '/tmp/chart-clinic.sqlite';
const route = flags.get('route') ?? 'chart';
const seconds = Number(flags.get('seconds') ?? 5);
const profileDir = flags.get('profile');

if (route === 'B') {
  const { sqliteCeilingFile, startCeiling } = await import('./ceilings.js');
  const ceiling = await startCeiling('sqlite', sqliteCeilingFile(os.tmpdir()), process.cwd());
  const target = {
    label: 'B',
    baseUrl: ceiling.baseUrl,
    path: ceiling.path,
    pid: ceiling.child.pid,
    ...(ceiling.requests ? { requests: ceiling.requests } : {}),
  };
  const r = await runRound(target, { connections: 50, warmupSeconds: 2, durationSeconds: seconds });
  process.stdout.write(
    `B: ${Math.round(r.reqPerSec)} req/s, p99 ${r.latencyMs.p99.toFixed(1)} ms, CPU ${r.serverCpuMicrosPerRequest?.toFixed(1)} µs/req, other ${r.otherCores?.toFixed(2)}\n`,
  );
  await ceiling.child.stop();
  process.exit(0);
}
const pgUrl = flags.get('pg');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-loop-'));
const therapistSql = `select u.id, u.email from users u join memberships m on m.user_id = u.id where m.role = 'therapist' order by u.email limit 1`;
const patientsSql = (p: string) => `select patient_id from therapeutic_relationships where therapist_user_id = ${p}`;
let therapist: { id: string; email: string };
let ids: string[];
if (pgUrl) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  therapist = (await client.query(therapistSql)).rows[0];
  ids = (await client.query(patientsSql('$1'), [therapist.id])).rows.map((r) => r.patient_id);
  await client.end();
} else {
  fs.copyFileSync(source, path.join(dataDir, 'attune.sqlite'));
  execFileSync('sync'); // written back now, not during the measured round
  const db = new Database(path.join(dataDir, 'attune.sqlite'), { readonly: true });
  therapist = db.prepare(therapistSql).get() as { id: string; email: string };
  ids = (db.prepare(patientsSql('?')).all(therapist.id) as Array<{ patient_id: string }>).map((r) => r.patient_id);
  db.close();
}

const port = await freePort();
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ATTUNE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
delete (env as NodeJS.ProcessEnv).DATABASE_URL;
if (pgUrl) (env as NodeJS.ProcessEnv).DATABASE_URL = pgUrl;
const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : flags.has('perf') ? ['--perf-basic-prof'] : [];
const nodeArgs = (flags.get('node-args') ?? '').split(' ').filter(Boolean);
const child = spawnNode('attune', ['--import', 'tsx', ...profile, ...nodeArgs, 'src/server/main.ts'], env, process.cwd());
const childLog = flags.get('child-log');
if (childLog) {
  const out = fs.createWriteStream(childLog);
  child.proc.stdout?.pipe(out);
  child.proc.stderr?.pipe(out);
}
const baseUrl = `http://127.0.0.1:${port}`;
try {
  await waitForHealth(child, baseUrl, 60_000);
  const cookie = await signIn(baseUrl, therapist.email, DEMO_PASSWORD);
  const chart: Request = {
    method: 'GET',
    headers: { cookie },
    setupRequest: (req) => ({ ...req, path: `/api/patients/${ids[Math.floor(Math.random() * ids.length)]}` }),
  };
  // Several routes, comma-separated, run one after the other on the same server (as the full bench does).
  for (const one of route.split(',')) {
    const fixed: Record<string, string> = {
      me: '/api/me',
      today: '/api/scheduling/today',
      day: `/api/scheduling/day?date=${flags.get('date') ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}&therapistId=${therapist.id}`,
    };
    const fixedPath = fixed[one];
    const target = fixedPath
      ? { label: one, baseUrl, path: fixedPath, headers: { cookie }, pid: child.pid }
      : { label: 'chart', baseUrl, path: '/api/patients/:id', requests: [chart], pid: child.pid };
    if (flags.has('perf')) {
      const { spawn } = await import('node:child_process');
      setTimeout(() => {
        spawn('perf', ['record', '-F', '499', '-g', '-p', String(child.pid), '-o', '/tmp/perf.data', '--', 'sleep', String(seconds)], {
          stdio: 'ignore',
        });
      }, 2500);
    }
    const r = await runRound(target, { connections: 50, warmupSeconds: 2, durationSeconds: seconds });
    process.stdout.write(
      `${one}: ${Math.round(r.reqPerSec)} req/s, p50 ${r.latencyMs.p50.toFixed(1)} p90 ${r.latencyMs.p90.toFixed(1)} p99 ${r.latencyMs.p99.toFixed(1)} max ${r.latencyMs.max.toFixed(1)} ms, ` +
        `CPU ${r.serverCpuMicrosPerRequest?.toFixed(0)} µs/req, other ${r.otherCores?.toFixed(2)}, codes ${JSON.stringify(r.statusCodes)}, WAL ${pgUrl ? '–' : (fs.statSync(path.join(dataDir, 'attune.sqlite-wal')).size / 2 ** 20).toFixed(1)} MB\n`,
    );
  }
} finally {
  await child.stop();
  // --keep-to=FILE: the database as the run left it, to start another run from (an aged clinic).
  const keepTo = flags.get('keep-to');
  if (keepTo && !pgUrl) fs.copyFileSync(path.join(dataDir, 'attune.sqlite'), keepTo);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
