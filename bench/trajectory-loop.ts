/**
 * A quick loop for the trajectory (issue 5): generating the feedback clinic takes minutes, so it is
 * generated once (and its alert pass run) into a seed, which every run copies.
 *
 *   npx tsx bench/trajectory-loop.ts seed --db=sqlite|postgres --dir=/tmp/traj
 *   npx tsx bench/trajectory-loop.ts run  --db=sqlite|postgres --dir=/tmp/traj [--duration=5] [--save=F | --compare=F] [--profile]
 *   npx tsx bench/trajectory-loop.ts pass --db=sqlite|postgres --dir=/tmp/traj [--profile]
 *
 * `run` starts the real server on a fresh copy, signs in as the first therapist and measures
 * GET /api/patients/:id/feedback for random patients of theirs at 50 connections (bench/load.ts).
 * `--save` writes every one of those patients' responses to a file, `--compare` checks the current
 * code answers byte for byte the same; `--profile` summarises a V8 CPU profile of the measured round.
 * `pass` times the nightly alert pass on a fresh copy with every answer put back on the work list and
 * the alerts cleared, as after a bulk load (`--profile`: a V8 profile of the pass alone).
 * Take the bench lock around a timed run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateClinic } from '../scripts/generate.js';
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import { computeAllAlerts } from '../src/server/modules/feedback/index.js';
import { type DatabaseTarget, openDatabase } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';
import { adminQuery, type Dialect, settleStorage, signIn, startAttune, withDatabase } from './attune.js';
import { FEEDBACK_CLINIC } from './feedback.js';
import { runRound } from './load.js';
import { summariseProfile } from './profile.js';

const flags = new Map(process.argv.slice(3).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const command = process.argv[2];
const dialect = (flags.get('db') ?? 'sqlite') as Dialect;
const dir = flags.get('dir') ?? '/tmp/attune-trajectory';
const pgAdminUrl = flags.get('pg') ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEED_DATABASE = 'attune_trajectory_seed';
const seedFile = path.join(dir, 'seed.sqlite');
const metaFile = path.join(dir, `seed-${dialect}.json`);

interface Meta {
  email: string;
  password: string;
  patientIds: string[];
}

async function seed() {
  fs.mkdirSync(dir, { recursive: true });
  let target: DatabaseTarget;
  if (dialect === 'postgres') {
    await adminQuery(pgAdminUrl, `DROP DATABASE IF EXISTS ${SEED_DATABASE} WITH (FORCE)`);
    await adminQuery(pgAdminUrl, `CREATE DATABASE ${SEED_DATABASE}`);
    target = { kind: 'postgres', url: withDatabase(pgAdminUrl, SEED_DATABASE) };
  } else {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(seedFile + suffix, { force: true });
    target = { kind: 'sqlite', file: seedFile };
  }
  const handle = openDatabase(target);
  try {
    await migrate(handle.db, handle.dialect, ALL_MIGRATIONS);
    const clinic = await generateClinic(handle, FEEDBACK_CLINIC);
    const started = performance.now();
    const alerts = await computeAllAlerts({ db: handle.db, dialect: handle.dialect, now: () => new Date() });
    const therapist = clinic.therapists[0];
    if (!therapist) throw new Error('no therapist');
    const rows = await handle.db
      .selectFrom('feedback_responses')
      .select('patient_id')
      .distinct()
      .where('therapist_user_id', '=', therapist.id)
      .orderBy('patient_id')
      .execute();
    const meta: Meta = { email: therapist.email, password: clinic.password, patientIds: rows.map((r) => String(r.patient_id)) };
    fs.writeFileSync(metaFile, JSON.stringify(meta));
    console.log(
      `seeded ${dialect}: ${clinic.counts.feedback_responses} answers in ${(clinic.milliseconds / 1000).toFixed(0)} s, ` +
        `alert pass ${((performance.now() - started) / 1000).toFixed(1)} s (${alerts} alerts), ${meta.patientIds.length} patients`,
    );
    if (handle.sqlite) handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await handle.close();
  }
}

async function run() {
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta;
  const profileDir = flags.has('profile') ? fs.mkdtempSync(path.join(dir, 'profile-')) : undefined;
  let window: { label: string; start: number; end: number } | undefined;
  const attune = await startAttune({
    dialect,
    ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    repoRoot: process.cwd(),
    pgAdminUrl,
    therapists: 0,
    generate: async (target) => {
      if (target.kind === 'sqlite') {
        fs.copyFileSync(seedFile, target.file); // written back by startAttune before the server starts (3 GB)
      } else {
        const name = new URL(target.url).pathname.slice(1);
        await adminQuery(pgAdminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await adminQuery(pgAdminUrl, `CREATE DATABASE ${name} TEMPLATE ${SEED_DATABASE}`);
      }
    },
  });
  try {
    const cookie = await signIn(attune.baseUrl, meta.email, meta.password);
    const get = async (id: string) => {
      const res = await fetch(`${attune.baseUrl}/api/patients/${id}/feedback`, { headers: { cookie } });
      return `${res.status} ${await res.text()}`;
    };
    const save = flags.get('save');
    const compare = flags.get('compare');
    if (save || compare) {
      const answers: Record<string, string> = {};
      for (const id of meta.patientIds) answers[id] = await get(id);
      if (save) fs.writeFileSync(save, JSON.stringify(answers));
      if (compare) {
        const before = JSON.parse(fs.readFileSync(compare, 'utf8')) as Record<string, string>;
        const differ = meta.patientIds.filter((id) => before[id] !== answers[id]);
        console.log(`compared ${meta.patientIds.length} patients' responses: ${differ.length} differ`);
        for (const id of differ.slice(0, 3))
          console.log(`  ${id}\n  before ${before[id]?.slice(0, 600)}\n  now    ${answers[id]?.slice(0, 600)}`);
        if (differ.length > 0) process.exitCode = 1;
      }
      if (!flags.has('duration')) return;
    }
    const ids = meta.patientIds;
    // The measured round's window on the clock V8 stamps profile samples with (bench/run.ts).
    const micros = () => Number(process.hrtime.bigint() / 1000n);
    const start = micros();
    const result = await runRound(
      {
        baseUrl: attune.baseUrl,
        pid: attune.child.pid,
        label: `Attune (${dialect})`,
        path: '/api/patients/:id/feedback (random)',
        requests: [
          {
            method: 'GET',
            headers: { cookie },
            setupRequest: (req) => ({ ...req, path: `/api/patients/${ids[Math.floor(Math.random() * ids.length)]}/feedback` }),
          },
        ],
      },
      { connections: 50, warmupSeconds: 2, durationSeconds: Number(flags.get('duration') ?? 5) },
    );
    window = { label: 'the warm-up and the round', start, end: micros() };
    console.log(
      `${dialect} trajectory: ${Math.round(result.reqPerSec)} req/s, mean ${result.latencyMs.mean.toFixed(1)} ms, ` +
        `p50 ${result.latencyMs.p50.toFixed(1)} ms, p90 ${result.latencyMs.p90.toFixed(1)} ms, ` +
        `p99 ${result.latencyMs.p99.toFixed(1)} ms, max ${result.latencyMs.max.toFixed(1)} ms, server CPU ${result.serverCpuMicrosPerRequest?.toFixed(0)} µs/req, ` +
        `other CPU ${result.otherCores?.toFixed(2)} cores`,
    );
  } finally {
    await attune.dispose();
  }
  if (profileDir) {
    for (const file of fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))) {
      const summary = summariseProfile(path.join(profileDir, file), window, process.cwd());
      if (summary) console.log(summary);
    }
  }
}

/** A fresh copy of the seed with every answer back on the alert step's work list and no alerts. */
async function freshCopyForPass(): Promise<DatabaseTarget> {
  const refill = [
    'delete from feedback_alerts',
    `insert into feedback_alert_queue (clinic_id, patient_id, response_id, queued_at)
       select clinic_id, patient_id, id, '2026-01-01T00:00:00.000Z' from feedback_responses`,
  ];
  if (dialect === 'sqlite') {
    const file = path.join(dir, 'pass.sqlite');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    fs.copyFileSync(seedFile, file);
    const handle = openDatabase({ kind: 'sqlite', file });
    for (const statement of refill) handle.sqlite?.exec(statement);
    handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)'); // as a clinic that has been running a while
    await handle.close();
    await settleStorage({ kind: 'sqlite' });
    return { kind: 'sqlite', file };
  }
  const name = 'attune_trajectory_pass';
  await adminQuery(pgAdminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(pgAdminUrl, `CREATE DATABASE ${name} TEMPLATE ${SEED_DATABASE}`);
  const url = withDatabase(pgAdminUrl, name);
  for (const statement of refill) await adminQuery(url, statement);
  await adminQuery(url, 'VACUUM ANALYZE');
  await settleStorage({ kind: 'postgres', url });
  return { kind: 'postgres', url };
}

async function pass() {
  const target = await freshCopyForPass();
  const handle = openDatabase(target);
  try {
    const { Session } = await import('node:inspector/promises');
    const session = flags.has('profile') ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const started = performance.now();
    const cpu = process.cpuUsage();
    const alerts = await computeAllAlerts({ db: handle.db, dialect: handle.dialect, now: () => new Date() });
    const used = process.cpuUsage(cpu);
    // How much of the wall time this process itself was busy (the rest is the database, or waiting).
    console.log(
      `${dialect} nightly pass: ${((performance.now() - started) / 1000).toFixed(2)} s, ${alerts} alerts, ` +
        `this process's CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`,
    );
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      const file = path.join(dir, 'pass.cpuprofile');
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log(summariseProfile(file, undefined, process.cwd()));
    }
  } finally {
    await handle.close();
  }
}

if (command === 'seed') await seed();
else if (command === 'run') await run();
else if (command === 'pass') await pass();
else
  throw new Error(
    'usage: trajectory-loop.ts seed|run|pass --db=sqlite|postgres [--dir=…] [--duration=N] [--save=F|--compare=F] [--profile]',
  );
