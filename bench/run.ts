/**
 * `npm run bench [-- --db=sqlite|postgres|both] [--duration=N] [--quick] [--profile] [--therapists=N] [--clinic=large|small|none]
 *   [--only=reflection|feedback|clinical]`
 *
 * Measures, in one run and one server at a time, the ceilings of STACK.md §2 and the real Attune
 * server, and reports Attune as ratios of those ceilings: absolute figures swing 30–40 % between
 * rounds on this shared machine, ratios within one run much less. See docs/decisions/0002-benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Dialect, startAttune } from './attune.js';
import { type CeilingKind, dropPgTable, preparePgTable, sqliteCeilingFile, startCeiling } from './ceilings.js';
import { type ClinicalReport, measureClinical } from './clinical.js';
import { FEEDBACK_TARGET, type FeedbackReport, measureFeedback } from './feedback.js';
import type { ClinicSize } from './generate-clinic.js';
import { type LoadSettings, type RoundResult, runRound } from './load.js';
import { rssBytes } from './proc.js';
import { summariseProfile } from './profile.js';
import { measureReflections, REFLECTION_TARGET, type ReflectionReport } from './reflection.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The performance goal this benchmark reports against (docs/decisions/0002-benchmarks.md). */
const TARGET = { shareOfReadCeiling: 0.4, p99Ms: 10 };
/** The clinical targets: an audited chart read against the bare read ceiling, and a day view that does not grow with history. */
const CLINICAL_TARGET = { chartShareOfReadCeiling: 0.25, chartP99Ms: 15, dayViewGrowth: 1.5 };
/** Cores used by other work during a SQLite or bare round above which the report flags it as disturbed. */
const DISTURBED_CORES = 0.3;

interface Options {
  dialects: Dialect[];
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  therapists: number;
  profile: boolean;
  clinic: ClinicSize | 'none';
  /**
   * Only the private room's figures (bench/reflection.ts) or the patient's voice (bench/feedback.ts),
   * no ceilings; or only the ceilings, /api/me and the clinical rounds (issue 3's targets).
   */
  only: 'reflection' | 'feedback' | 'clinical' | null;
}

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = arg.match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!match?.[1]) throw new Error(`unknown argument ${arg}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const known = new Set(['db', 'duration', 'quick', 'profile', 'therapists', 'clinic', 'only']);
  for (const key of flags.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}`);
  const db = flags.get('db') ?? 'sqlite';
  if (db !== 'sqlite' && db !== 'postgres' && db !== 'both') throw new Error('--db must be sqlite, postgres or both');
  const quick = flags.has('quick');
  const clinic = flags.get('clinic') ?? (quick ? 'small' : 'large');
  if (clinic !== 'large' && clinic !== 'small' && clinic !== 'none') throw new Error('--clinic must be large, small or none');
  const durationSeconds = Number(flags.get('duration') ?? (quick ? 3 : 10));
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1) throw new Error('--duration must be a whole number of seconds');
  const only = flags.get('only') ?? null;
  if (only !== null && only !== 'reflection' && only !== 'feedback' && only !== 'clinical') {
    throw new Error('--only must be reflection, feedback or clinical');
  }
  const therapists = Number(flags.get('therapists') ?? 20);
  if (!Number.isInteger(therapists) || therapists < 0) throw new Error('--therapists must be a whole number');
  return {
    dialects: db === 'both' ? ['sqlite', 'postgres'] : [db],
    durationSeconds,
    warmupSeconds: quick ? 2 : 3,
    connections: 50,
    therapists,
    profile: flags.has('profile'),
    clinic,
    only: only as Options['only'],
  };
}

interface Measured {
  key: string;
  label: string;
  result: RoundResult;
  rssBytes: number | null;
}

/** Everything started so far, stopped in reverse order at the end, on error, or on Ctrl-C. */
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp() {
  for (let fn = cleanups.pop(); fn; fn = cleanups.pop()) {
    try {
      await fn();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${(error as Error).message}\n`);
    }
  }
}

/** Registers `dispose` while `work` runs, then runs it whatever happens. */
async function scoped<T>(dispose: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  cleanups.push(dispose);
  try {
    return await work();
  } finally {
    cleanups.splice(cleanups.indexOf(dispose), 1);
    await dispose();
  }
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function measureCeiling(key: string, label: string, kind: CeilingKind, arg: string | undefined, settings: LoadSettings) {
  log(`… ${key}: ${label}`);
  const ceiling = await startCeiling(kind, arg, REPO_ROOT);
  return scoped(
    () => ceiling.child.stop(),
    async (): Promise<Measured> => {
      const result = await runRound(
        {
          label,
          baseUrl: ceiling.baseUrl,
          path: ceiling.path,
          pid: ceiling.child.pid,
          ...(ceiling.requests ? { requests: ceiling.requests } : {}),
        },
        settings,
      );
      return { key, label, result, rssBytes: rssBytes(ceiling.child.pid) };
    },
  );
}

async function measureAttune(dialect: Dialect, options: Options, settings: LoadSettings, profileDir: string | undefined) {
  log(`… Attune on ${dialect}: starting the real server and seeding ${options.therapists} therapists through the API`);
  const attune = await startAttune({
    dialect,
    repoRoot: REPO_ROOT,
    pgAdminUrl: PG_URL,
    therapists: options.therapists,
    ...(profileDir ? { cpuProfileDir: path.join(profileDir, dialect) } : {}),
  });
  const windows: Array<{ label: string; start: number; end: number }> = [];
  const rounds = await scoped(attune.dispose, async () => {
    const base = { baseUrl: attune.baseUrl, pid: attune.child.pid };
    log(`  ${attune.members} members in the clinic; measuring GET /api/health and GET /api/me`);
    const health = await runRound({ ...base, label: `Attune (${dialect})`, path: '/api/health' }, settings);
    const healthRss = rssBytes(attune.child.pid);
    const start = microsNow();
    const me = await runRound({ ...base, label: `Attune (${dialect})`, path: '/api/me', headers: { cookie: attune.cookie } }, settings);
    windows.push({ label: 'the GET /api/me warm-up and round', start, end: microsNow() });
    const meRss = rssBytes(attune.child.pid);
    return [
      { key: `${dialect}.health`, label: `Attune (${dialect}) GET /api/health`, result: health, rssBytes: healthRss },
      { key: `${dialect}.me`, label: `Attune (${dialect}) GET /api/me`, result: me, rssBytes: meRss },
    ] satisfies Measured[];
  });
  if (profileDir) {
    const dir = path.join(profileDir, dialect);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
      const summary = summariseProfile(path.join(dir, file), windows[0], REPO_ROOT);
      if (summary) log(summary);
    }
  }
  return rounds;
}

/** Microseconds on the monotonic clock, the same clock V8 stamps CPU-profile samples with. */
function microsNow(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

// ── the report ──────────────────────────────────────────────────────────────

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (a: number, b: number) => `${fmt((100 * a) / b, 1)} %`;

function table(rows: Measured[]): string {
  const header = ['', 'route', 'req/s (mean)', 'p50 ms', 'p99 ms', 'mean ms', 'server CPU µs/req', 'RSS MB', 'other CPU cores'];
  const body = rows.map((m) => [
    m.key,
    m.label,
    fmt(m.result.reqPerSec),
    fmt(m.result.latencyMs.p50, 2),
    fmt(m.result.latencyMs.p99, 2),
    fmt(m.result.latencyMs.mean, 2),
    m.result.serverCpuMicrosPerRequest === null ? '–' : fmt(m.result.serverCpuMicrosPerRequest, 1),
    m.rssBytes === null ? '–' : fmt(m.rssBytes / 2 ** 20, 0),
    m.result.otherCores === null ? '–' : fmt(m.result.otherCores, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

interface Verdict {
  dialect: Dialect;
  against: string;
  share: number;
  p99Ms: number;
  pass: boolean;
}

function ratios(byKey: Map<string, Measured>, dialects: Dialect[]): { lines: string[]; verdicts: Verdict[] } {
  const lines: string[] = [];
  const verdicts: Verdict[] = [];
  const a = byKey.get('A');
  const b = byKey.get('B');
  const c = byKey.get('C');
  const cpu = (m: Measured) => m.result.serverCpuMicrosPerRequest;
  for (const dialect of dialects) {
    const me = byKey.get(`${dialect}.me`);
    const health = byKey.get(`${dialect}.health`);
    const ref = dialect === 'sqlite' ? b : c;
    const refName = dialect === 'sqlite' ? 'B (bare SQLite read)' : 'C (bare pg read)';
    if (!me || !health || !a || !ref) continue;
    const share = me.result.reqPerSec / ref.result.reqPerSec;
    lines.push(
      `Attune (${dialect}) GET /api/me     = ${pct(me.result.reqPerSec, ref.result.reqPerSec)} of ${refName}, ` +
        `${pct(me.result.reqPerSec, a.result.reqPerSec)} of A (bare Fastify)` +
        (dialect === 'postgres' && b ? `, ${pct(me.result.reqPerSec, b.result.reqPerSec)} of B` : ''),
    );
    lines.push(`Attune (${dialect}) GET /api/health = ${pct(health.result.reqPerSec, a.result.reqPerSec)} of A (bare Fastify)`);
    const meCpu = cpu(me);
    const refCpu = cpu(ref);
    if (meCpu && refCpu) {
      lines.push(
        `  server CPU per request: /api/me ${fmt(meCpu, 1)} µs vs ${fmt(refCpu, 1)} µs for ${refName.split(' ')[0]} ` +
          `→ CPU-based share ${pct(refCpu, meCpu)} (steadier than req/s on a shared machine)`,
      );
    }
    const p99 = me.result.latencyMs.p99;
    const pass = share >= TARGET.shareOfReadCeiling && p99 <= TARGET.p99Ms;
    verdicts.push({ dialect, against: refName, share, p99Ms: p99, pass });
  }
  return { lines, verdicts };
}

interface ClinicalVerdict {
  dialect: Dialect;
  check: string;
  value: string;
  pass: boolean;
}

/** Prints the clinical rounds' ratios and PASS/MISS lines; returns the verdicts for the results file. */
function clinicalRatios(byKey: Map<string, Measured>, reports: ClinicalReport[]): ClinicalVerdict[] {
  const verdicts: ClinicalVerdict[] = [];
  if (reports.length === 0) return verdicts;
  const b = byKey.get('B');
  const c = byKey.get('C');
  log('');
  for (const r of reports) {
    const d = r.dialect;
    for (const g of r.generation) {
      log(
        `Generated (${d}, ${g.size}): ${fmt(g.appointments)} appointments ${g.from} → ${g.to}, ${fmt(g.notes)} notes ` +
          `(${fmt(g.drafts)} drafts) in ${fmt(g.seconds, 1)} s`,
      );
    }
    const chart = byKey.get(`${d}.chart`);
    const ref = d === 'sqlite' ? b : c;
    const refName = d === 'sqlite' ? 'B (bare SQLite read)' : 'C (bare pg read)';
    if (chart && ref) {
      const share = chart.result.reqPerSec / ref.result.reqPerSec;
      const cpuShare =
        chart.result.serverCpuMicrosPerRequest && ref.result.serverCpuMicrosPerRequest
          ? ref.result.serverCpuMicrosPerRequest / chart.result.serverCpuMicrosPerRequest
          : null;
      log(
        `Attune (${d}) chart GET /api/patients/:id = ${pct(chart.result.reqPerSec, ref.result.reqPerSec)} of ${refName}` +
          (d === 'postgres' && b ? `, ${pct(chart.result.reqPerSec, b.result.reqPerSec)} of B` : '') +
          (cpuShare === null ? '' : `; CPU-based share ${fmt(cpuShare * 100, 1)} %`),
      );
      const pass = share >= CLINICAL_TARGET.chartShareOfReadCeiling && chart.result.latencyMs.p99 <= CLINICAL_TARGET.chartP99Ms;
      verdicts.push({
        dialect: d,
        check: `chart ≥ ${CLINICAL_TARGET.chartShareOfReadCeiling * 100} % of ${refName.split(' ')[0]} and p99 ≤ ${CLINICAL_TARGET.chartP99Ms} ms`,
        value: `${fmt(share * 100, 1)} %, p99 ${fmt(chart.result.latencyMs.p99, 2)} ms`,
        pass,
      });
    }
    const small = byKey.get(`${d}.day-2.5k`);
    const large = byKey.get(`${d}.day`);
    if (small && large) {
      const growth = large.result.latencyMs.mean / small.result.latencyMs.mean;
      const cpuGrowth =
        large.result.serverCpuMicrosPerRequest && small.result.serverCpuMicrosPerRequest
          ? large.result.serverCpuMicrosPerRequest / small.result.serverCpuMicrosPerRequest
          : null;
      log(
        `Attune (${d}) day view on ${r.dayShown.date}: ${r.dayShown.baseline} vs ${r.dayShown.measured} appointments shown; ` +
          `mean latency ${fmt(small.result.latencyMs.mean, 2)} → ${fmt(large.result.latencyMs.mean, 2)} ms (${fmt(growth, 2)}×)` +
          (cpuGrowth === null ? '' : `, CPU per request ${fmt(cpuGrowth, 2)}×`),
      );
      verdicts.push({
        dialect: d,
        check: `day view at ${r.size} within ${CLINICAL_TARGET.dayViewGrowth}× of 2.5k (mean latency)`,
        value: `${fmt(growth, 2)}×`,
        pass: growth <= CLINICAL_TARGET.dayViewGrowth,
      });
    }
    const sign = byKey.get(`${d}.sign`);
    if (sign)
      log(
        `Attune (${d}) note signing: ${fmt(sign.result.requests)} notes signed in the measured round, status codes ${JSON.stringify(sign.result.statusCodes)}`,
      );
  }
  log('');
  log('Clinical targets:');
  for (const v of verdicts) log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.dialect}: ${v.check}: ${v.value}`);
  return verdicts;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const settings: LoadSettings = {
    connections: options.connections,
    warmupSeconds: options.warmupSeconds,
    durationSeconds: options.durationSeconds,
  };
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  log(
    `Attune benchmark, ${startedAt.toISOString()}: node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), ` +
      `load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  log(
    `autocannon on 127.0.0.1, ${settings.connections} connections, pipelining 1, ${settings.warmupSeconds} s warm-up + ` +
      `${settings.durationSeconds} s measured per round; one server at a time; database: ${options.dialects.join(' + ')}\n`,
  );
  const profileDir = options.profile ? path.join(RESULTS_DIR, `profile-${stamp}`) : undefined;

  const measured: Measured[] = [];
  const common = { repoRoot: REPO_ROOT, pgAdminUrl: PG_URL };
  if (options.only === 'reflection') {
    const reflection = await measureReflections(options.dialects, settings, common, scoped, log);
    log(`\n${table(reflection.flatMap((r) => r.rounds))}`);
    return writeResults(stamp, { startedAt: startedAt.toISOString(), machine, settings, reflectionTarget: REFLECTION_TARGET, reflection });
  }
  if (options.only === 'feedback') {
    const feedback = await measureFeedback(options.dialects, settings, common, scoped, log);
    log(`\n${table(feedback.flatMap((r) => r.rounds))}`);
    return writeResults(stamp, {
      startedAt: startedAt.toISOString(),
      machine,
      settings,
      feedbackTarget: FEEDBACK_TARGET,
      feedback,
    });
  }
  measured.push(await measureCeiling('A', 'bare Fastify GET /hello', 'hello', undefined, settings));
  const ceilingFile = sqliteCeilingFile(os.tmpdir());
  measured.push(
    await scoped(
      async () => fs.rmSync(path.dirname(ceilingFile), { recursive: true, force: true }),
      () => measureCeiling('B', 'bare SQLite PK read (better-sqlite3)', 'sqlite', ceilingFile, settings),
    ),
  );
  if (options.dialects.includes('postgres')) {
    measured.push(
      await scoped(
        () => dropPgTable(PG_URL),
        async () => {
          await preparePgTable(PG_URL);
          return measureCeiling('C', 'bare pg PK read (Pool max 10)', 'postgres', PG_URL, settings);
        },
      ),
    );
  }
  for (const dialect of options.dialects) measured.push(...(await measureAttune(dialect, options, settings, profileDir)));
  const clinical: ClinicalReport[] = [];
  if (options.clinic !== 'none') {
    for (const dialect of options.dialects) {
      const dir = profileDir ? path.join(profileDir, `${dialect}-clinical`) : undefined;
      const report = await measureClinical(
        dialect,
        options.clinic,
        settings,
        { repoRoot: REPO_ROOT, pgAdminUrl: PG_URL, cpuProfileDir: dir },
        scoped,
        log,
      );
      clinical.push(report);
      measured.push(...report.rounds);
      if (dir && fs.existsSync(dir)) {
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
          for (const window of report.windows) {
            const summary = summariseProfile(path.join(dir, file), window, REPO_ROOT);
            if (summary) log(summary);
          }
        }
      }
    }
  }

  const clinicalOnly = options.only === 'clinical';
  const reflection: ReflectionReport[] = clinicalOnly ? [] : await measureReflections(options.dialects, settings, common, scoped, log);
  measured.push(...reflection.flatMap((r) => r.rounds));
  const feedback: FeedbackReport[] =
    options.clinic === 'none' || clinicalOnly ? [] : await measureFeedback(options.dialects, settings, common, scoped, log);
  measured.push(...feedback.flatMap((r) => r.rounds));

  const byKey = new Map(measured.map((m) => [m.key, m]));
  const { lines, verdicts } = ratios(byKey, options.dialects);
  log('');
  log(table(measured));
  log(
    'server CPU: user + system time of the server process per request (steadier than req/s here). other CPU: cores used meanwhile by\n' +
      'everything but the server and the load generator (PostgreSQL in its rounds, loopback networking, other work on the machine).',
  );
  const disturbed = measured.filter((m) => (m.result.otherCores ?? 0) > DISTURBED_CORES && !m.key.startsWith('postgres') && m.key !== 'C');
  if (disturbed.length > 0) {
    log(
      `⚠ other work was using the machine during ${disturbed.map((m) => m.key).join(', ')} (> ${DISTURBED_CORES} cores): ` +
        'req/s ratios from this run are unreliable; the CPU-based shares less so. Re-run on a quiet machine.',
    );
  }
  log('');
  for (const line of lines) log(line);
  log('');
  log(
    `Target: GET /api/me ≥ ${TARGET.shareOfReadCeiling * 100} % of the bare read ceiling of its database ` +
      `(B for SQLite; C, its PostgreSQL analogue) and p99 ≤ ${TARGET.p99Ms} ms at ${settings.connections} connections`,
  );
  for (const v of verdicts) {
    log(
      `  ${v.pass ? 'PASS' : 'MISS'}  ${v.dialect}: ${fmt(v.share * 100, 1)} % of ${v.against} ` +
        `(needs ${TARGET.shareOfReadCeiling * 100} %), p99 ${fmt(v.p99Ms, 2)} ms (needs ≤ ${TARGET.p99Ms})`,
    );
  }

  const clinicalVerdicts = clinicalRatios(byKey, clinical);

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))) },
    settings: { ...settings, pipelining: 1, dialects: options.dialects, therapists: options.therapists, clinic: options.clinic },
    target: TARGET,
    rounds: measured,
    ratios: lines,
    verdicts,
    clinicalTarget: CLINICAL_TARGET,
    clinical: clinical.map(({ rounds: _rounds, windows: _windows, profileFiles: _files, ...rest }) => rest),
    clinicalVerdicts,
    reflectionTarget: REFLECTION_TARGET,
    reflection: reflection.map(({ rounds: _rounds, ...rest }) => rest),
    feedbackTarget: FEEDBACK_TARGET,
    feedback: feedback.map(({ rounds: _rounds, ...rest }) => rest),
  };
  writeResults(stamp, report);
}

function writeResults(stamp: string, report: object) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nResults written to ${path.relative(REPO_ROOT, file)}`);
}

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  process.stderr.write('\ninterrupted: stopping every server the benchmark started…\n');
  void cleanUp().then(() => process.exit(130));
});

main()
  .then(cleanUp)
  .catch(async (error: unknown) => {
    process.stderr.write(`\nBENCHMARK FAILED: ${(error as Error).stack ?? String(error)}\n`);
    await cleanUp();
    if (!interrupted) process.exit(1);
  });
