/**
 * The private room's speed figures (issue 4), a report and not a gate:
 *
 * (a) saving a presence check-in, POST /api/reflection/check-ins: one request at a time (the
 *     server's own time plus a loopback round trip, which STACK.md §2 puts at ~0.15 ms), p50/p99
 *     against the target of 100 ms; then an autocannon round at the usual 50 connections, for the
 *     latency under load and the server's CPU per save;
 * (b) the trend chart for five years of daily check-ins, drawn by the real "My practice" page in
 *     Debian's Chromium from the built SPA (dist/web): the page's own trend request is widened to
 *     five years, the real server answers it, and the page measures, with performance.now(), from
 *     the moment the response body has arrived to the animation frame in which the chart's lines
 *     hold every day; target 300 ms.
 *
 * Run alone with `npm run bench -- --only=reflection [--db=…] [--duration=N]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { type Dialect, startAttune, withDatabase } from './attune.js';
import { type LoadSettings, type RoundResult, runRound } from './load.js';
import { rssBytes } from './proc.js';

export const REFLECTION_TARGET = { checkInP99Ms: 100, trendDrawMs: 300 };
const YEARS = 5;
const SEQUENTIAL_SAVES = 300;
const CHART_RUNS = 5;

export interface ReflectionReport {
  dialect: Dialect;
  rounds: Array<{ key: string; label: string; result: RoundResult; rssBytes: number | null }>;
  checkInSequential: { requests: number; p50Ms: number; p99Ms: number; maxMs: number };
  trend: { days: number; runsMs: number[]; medianMs: number; maxMs: number } | null;
  /** Why the chart was not measured, when it was not (no built SPA, say). */
  trendSkipped: string | null;
  verdicts: Array<{ check: string; value: string; pass: boolean }>;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Five years of daily check-ins for one person, written straight into the server's database. */
async function seedCheckIns(
  dialect: Dialect,
  database: string,
  pgAdminUrl: string,
  who: { userId: string; clinicId: string },
  today: Date,
): Promise<number> {
  const days = Math.round((YEARS * 365.25 * 86_400_000) / 86_400_000);
  const rows = Array.from({ length: days }, (_, i) => {
    const day = new Date(today.getTime() - (days - 1 - i) * 86_400_000);
    const wave = Math.round(5 + 3 * Math.sin(i / 9));
    return {
      id: crypto.randomUUID(),
      clinic_id: who.clinicId,
      user_id: who.userId,
      at: `${isoDay(day)}T13:00:00.000Z`,
      local_date: isoDay(day),
      local_hour: 8,
      weekday: day.getUTCDay(),
      presence: wave,
      attention: Math.max(0, Math.min(10, wave + (i % 3) - 1)),
      pulls: JSON.stringify(i % 4 === 0 ? ['tired'] : []),
      pull_note: null,
      intention: i % 5 === 0 ? 'Listen with my hands' : null,
      appointment_id: null,
      patient_id: null,
    };
  });
  const columns = Object.keys(rows[0] ?? {});
  if (dialect === 'sqlite') {
    const db = new Database(database);
    db.pragma('busy_timeout = 10000');
    const insert = db.prepare(`insert into presence_checkins (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    db.close();
  } else {
    const client = new pg.Client({ connectionString: withDatabase(pgAdminUrl, database) });
    await client.connect();
    try {
      for (let start = 0; start < rows.length; start += 500) {
        const chunk = rows.slice(start, start + 500);
        const values: unknown[] = [];
        const tuples = chunk.map((row) => {
          const base = values.length;
          values.push(...columns.map((c) => row[c as keyof typeof row]));
          return `(${columns.map((_, j) => `$${base + j + 1}`).join(', ')})`;
        });
        await client.query(`insert into presence_checkins (${columns.join(', ')}) values ${tuples.join(', ')}`, values);
      }
    } finally {
      await client.end();
    }
  }
  return days;
}

/**
 * Runs in the page before the app: keeps the time the trend response's body has arrived, then
 * watches animation frames until the chart's polylines hold every point, and keeps that frame's time.
 */
const TREND_PROBE = `(() => {
  const expected = __EXPECTED__;
  const trend = (window.__trend = {});
  const original = window.fetch.bind(window);
  const drawn = () => {
    const lines = document.querySelectorAll('svg[role="img"] polyline');
    return lines.length > 0 && [...lines].every((l) => (l.getAttribute('points') || '').trim().split(/\\s+/).length === expected);
  };
  const watch = () => {
    if (drawn()) trend.drawn = performance.now();
    else requestAnimationFrame(watch);
  };
  window.fetch = async (input, init) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/api/reflection/check-ins/trend')) return res;
    const body = await res.arrayBuffer();
    trend.fetched = performance.now();
    requestAnimationFrame(watch);
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
})();`;

type Probe = { __trend?: { fetched?: number; drawn?: number } };

async function measureTrendChart(
  baseUrl: string,
  cookie: string,
  range: { from: string; to: string },
  points: number,
  log: (line: string) => void,
) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-CA', viewport: { width: 1280, height: 900 } });
    const [name, ...rest] = cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: rest.join('='), url: baseUrl }]);
    await context.addInitScript({ content: TREND_PROBE.replace('__EXPECTED__', String(points)) });
    // The page asks for its usual 30 days; the bench widens that same request to five years.
    await context.route('**/api/reflection/check-ins/trend?*', (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('from', range.from);
      url.searchParams.set('to', range.to);
      url.searchParams.set('by', 'day');
      void route.continue({ url: url.toString() });
    });
    const page = await context.newPage();
    const runsMs: number[] = [];
    for (let run = 0; run < CHART_RUNS; run++) {
      await page.goto('/reflection');
      // Functions, not strings: the app's Content-Security-Policy forbids evaluating strings.
      await page.waitForFunction(() => (globalThis as unknown as Probe).__trend?.drawn !== undefined, undefined, { timeout: 30_000 });
      const t = await page.evaluate(() => ({ ...(globalThis as unknown as Probe).__trend }));
      if (t?.fetched === undefined || t.drawn === undefined) throw new Error('the trend probe did not report');
      runsMs.push(t.drawn - t.fetched);
    }
    log(`  trend chart, ${points} days: ${runsMs.map((ms) => ms.toFixed(0)).join(', ')} ms (first run includes cold code)`);
    return runsMs;
  } finally {
    await browser.close();
  }
}

export async function measureReflection(
  dialect: Dialect,
  settings: LoadSettings,
  common: { repoRoot: string; pgAdminUrl: string },
  scoped: <T>(dispose: () => Promise<void>, work: () => Promise<T>) => Promise<T>,
  log: (line: string) => void,
): Promise<ReflectionReport> {
  log(`… Attune on ${dialect}: the private room (check-in saves, and the trend chart over ${YEARS} years in Chromium)`);
  const attune = await startAttune({ dialect, repoRoot: common.repoRoot, pgAdminUrl: common.pgAdminUrl, therapists: 0 });
  return scoped(attune.dispose, async () => {
    const report: ReflectionReport = {
      dialect,
      rounds: [],
      checkInSequential: { requests: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 },
      trend: null,
      trendSkipped: null,
      verdicts: [],
    };
    const headers = { cookie: attune.cookie, 'content-type': 'application/json' };
    const body = JSON.stringify({ presence: 6, attention: 7, pulls: ['tired', 'rushed'], intention: 'Listen with my hands' });
    const save = async () => {
      const started = performance.now();
      const res = await fetch(`${attune.baseUrl}/api/reflection/check-ins`, { method: 'POST', headers, body });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`POST /api/reflection/check-ins answered ${res.status}`);
      return performance.now() - started;
    };

    // (a) One save at a time: the server's time plus one loopback round trip.
    for (let i = 0; i < 50; i++) await save();
    const times: number[] = [];
    for (let i = 0; i < SEQUENTIAL_SAVES; i++) times.push(await save());
    times.sort((x, y) => x - y);
    report.checkInSequential = {
      requests: times.length,
      p50Ms: quantile(times, 0.5),
      p99Ms: quantile(times, 0.99),
      maxMs: times.at(-1) ?? Number.NaN,
    };
    const s = report.checkInSequential;
    log(
      `  check-in save, one at a time (${s.requests}): p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms, max ${s.maxMs.toFixed(2)} ms`,
    );
    const loaded = await runRound(
      {
        label: `Attune (${dialect})`,
        baseUrl: attune.baseUrl,
        path: '/api/reflection/check-ins (POST)',
        pid: attune.child.pid,
        requests: [{ method: 'POST', path: '/api/reflection/check-ins', headers, body }],
      },
      settings,
    );
    report.rounds.push({
      key: `${dialect}.check-in`,
      label: `POST /api/reflection/check-ins, ${settings.connections} connections`,
      result: loaded,
      rssBytes: rssBytes(attune.child.pid),
    });
    report.verdicts.push({
      check: `check-in save p99 < ${REFLECTION_TARGET.checkInP99Ms} ms (one at a time)`,
      value: `p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms; under ${settings.connections} connections p99 ${loaded.latencyMs.p99.toFixed(2)} ms`,
      pass: s.p99Ms < REFLECTION_TARGET.checkInP99Ms,
    });

    // (b) Five years of daily check-ins, drawn by the real page.
    if (!fs.existsSync(path.join(common.repoRoot, 'dist/web/index.html'))) {
      report.trendSkipped = 'dist/web is not built (npm run build:web)';
      log(`  ⚠ trend chart NOT measured: ${report.trendSkipped}`);
      return report;
    }
    const me = (await (await fetch(`${attune.baseUrl}/api/me`, { headers: { cookie: attune.cookie } })).json()) as {
      user: { id: string };
      clinic: { clinicId: string } | null;
    };
    if (!me.clinic) throw new Error('the bench owner has no clinic');
    const today = new Date(`${isoDay(new Date())}T00:00:00Z`);
    // The saves above are today's (in the clinic's time zone); the seeded history ends yesterday.
    const yesterday = new Date(today.getTime() - 86_400_000);
    const seeded = await seedCheckIns(
      dialect,
      attune.database,
      common.pgAdminUrl,
      { userId: me.user.id, clinicId: me.clinic.clinicId },
      yesterday,
    );
    const range = {
      from: isoDay(new Date(yesterday.getTime() - (seeded - 1) * 86_400_000)),
      to: isoDay(new Date(today.getTime() + 86_400_000)),
    };
    const trend = await fetch(`${attune.baseUrl}/api/reflection/check-ins/trend?from=${range.from}&to=${range.to}&by=day`, {
      headers: { cookie: attune.cookie },
    });
    if (!trend.ok) throw new Error(`GET /api/reflection/check-ins/trend answered ${trend.status}: ${await trend.text()}`);
    const points = ((await trend.json()) as { points: unknown[] }).points.length;
    const runsMs = await measureTrendChart(attune.baseUrl, attune.cookie, range, points, log);
    const sorted = [...runsMs].sort((x, y) => x - y);
    report.trend = { days: points, runsMs, medianMs: quantile(sorted, 0.5), maxMs: sorted.at(-1) ?? Number.NaN };
    report.verdicts.push({
      check: `trend chart of ${YEARS} years drawn < ${REFLECTION_TARGET.trendDrawMs} ms (median of ${CHART_RUNS})`,
      value: `median ${report.trend.medianMs.toFixed(0)} ms, max ${report.trend.maxMs.toFixed(0)} ms`,
      pass: report.trend.medianMs < REFLECTION_TARGET.trendDrawMs,
    });
    return report;
  });
}

/** Every dialect's private-room figures, printed with PASS/MISS lines; the caller adds `rounds` to its table. */
export async function measureReflections(
  dialects: Dialect[],
  settings: LoadSettings,
  common: { repoRoot: string; pgAdminUrl: string },
  scoped: <T>(dispose: () => Promise<void>, work: () => Promise<T>) => Promise<T>,
  log: (line: string) => void,
): Promise<ReflectionReport[]> {
  const reports: ReflectionReport[] = [];
  for (const dialect of dialects) reports.push(await measureReflection(dialect, settings, common, scoped, log));
  log('');
  log('Private room targets (issue 4):');
  for (const r of reports) {
    const busy = r.rounds.filter((m) => (m.result.otherCores ?? 0) > 0.3);
    if (busy.length > 0)
      log(
        `  ⚠ ${r.dialect}: other work used ${busy.map((m) => m.result.otherCores?.toFixed(2)).join(', ')} cores during the round: these figures are inflated`,
      );
    for (const v of r.verdicts) log(`  ${v.pass ? 'PASS' : 'MISS'}  ${r.dialect}: ${v.check}: ${v.value}`);
    if (r.trendSkipped) log(`  SKIP  ${r.dialect}: trend chart: ${r.trendSkipped}`);
  }
  return reports;
}
