/**
 * The clinical rounds of `npm run bench`: a generated clinic (bench/generate-clinic.ts) is written
 * into the server's fresh database before it starts, then a therapist's day, charts, note signing
 * and the day view are measured; the day view is measured again on a 2,500-appointment clinic.
 */
import type { Request } from 'autocannon';
import type { GeneratedClinic } from '../scripts/generate.js';
import { type Dialect, signIn, startAttune } from './attune.js';
import { CLINICS, type ClinicSize, generateInto } from './generate-clinic.js';
import { type LoadSettings, type RoundResult, runRound } from './load.js';
import { rssBytes } from './proc.js';

export interface ClinicalMeasured {
  key: string;
  label: string;
  result: RoundResult;
  rssBytes: number | null;
}

export interface ClinicalReport {
  dialect: Dialect;
  size: ClinicSize;
  rounds: ClinicalMeasured[];
  generation: Array<{ size: ClinicSize; appointments: number; notes: number; drafts: number; seconds: number; from: string; to: string }>;
  /** Appointments shown by the measured day view, in the reference clinic and in the measured one. */
  dayShown: { baseline: number; measured: number; date: string };
  windows: Array<{ label: string; start: number; end: number }>;
  profileFiles: string[];
}

/** Drafts to generate: enough for the signing warm-up and round at well above any rate seen here. */
export function draftsFor(size: ClinicSize, settings: LoadSettings): number {
  const seconds = settings.warmupSeconds + settings.durationSeconds;
  return Math.min(size === 'large' ? 60_000 : 20_000, Math.max(5_000, seconds * 3_000));
}

const microsNow = () => Number(process.hrtime.bigint() / 1000n);

async function startGenerated(
  dialect: Dialect,
  size: ClinicSize,
  drafts: number,
  common: { repoRoot: string; pgAdminUrl: string; cpuProfileDir?: string | undefined },
  log: (line: string) => void,
) {
  let clinic: GeneratedClinic | undefined;
  const spec = CLINICS[size];
  log(
    `… Attune on ${dialect}: generating a ${size} clinic (${spec.therapists} therapists, ${spec.patients.toLocaleString('en-US')} patients, ` +
      `${spec.appointments.toLocaleString('en-US')} appointments${drafts ? `, ${drafts.toLocaleString('en-US')} draft notes` : ''}) before the server starts`,
  );
  const attune = await startAttune({
    dialect,
    repoRoot: common.repoRoot,
    pgAdminUrl: common.pgAdminUrl,
    therapists: 0,
    ...(common.cpuProfileDir ? { cpuProfileDir: common.cpuProfileDir } : {}),
    generate: async (target) => {
      clinic = await generateInto(target, size, drafts);
    },
  });
  if (!clinic) throw new Error('the clinic was not generated');
  const c = clinic;
  log(
    `  generated in ${(c.milliseconds / 1000).toFixed(1)} s: ${c.counts.appointments} appointments ${c.firstDate} → ${c.lastDate}, ` +
      `${c.counts.notes} notes (${c.drafts.length} drafts), ${c.counts.consents} consents`,
  );
  return { attune, clinic: c };
}

export async function measureClinical(
  dialect: Dialect,
  size: ClinicSize,
  settings: LoadSettings,
  common: { repoRoot: string; pgAdminUrl: string; cpuProfileDir?: string | undefined },
  scoped: <T>(dispose: () => Promise<void>, work: () => Promise<T>) => Promise<T>,
  log: (line: string) => void,
): Promise<ClinicalReport> {
  const report: ClinicalReport = {
    dialect,
    size,
    rounds: [],
    generation: [],
    dayShown: { baseline: 0, measured: 0, date: '' },
    windows: [],
    profileFiles: [],
  };
  const generated = (c: GeneratedClinic, s: ClinicSize) => ({
    size: s,
    appointments: c.counts.appointments ?? 0,
    notes: c.counts.notes ?? 0,
    drafts: c.drafts.length,
    seconds: c.milliseconds / 1000,
    from: c.firstDate,
    to: c.lastDate,
  });
  const dayPath = (c: GeneratedClinic) => `/api/scheduling/day?date=${c.lastFullDay}&therapistId=${c.therapists[0]?.id}`;
  const shown = async (baseUrl: string, path: string, cookie: string) =>
    ((await (await fetch(baseUrl + path, { headers: { cookie } })).json()) as { appointments: unknown[] }).appointments.length;

  // 1. The reference: the day view on a clinic of 2,500 appointments.
  {
    const { attune, clinic } = await startGenerated(dialect, 'baseline', 0, { ...common, cpuProfileDir: undefined }, log);
    report.generation.push(generated(clinic, 'baseline'));
    await scoped(attune.dispose, async () => {
      const therapist = clinic.therapists[0];
      if (!therapist) throw new Error('no therapist');
      const cookie = await signIn(attune.baseUrl, therapist.email, clinic.password);
      const path = dayPath(clinic);
      report.dayShown.baseline = await shown(attune.baseUrl, path, cookie);
      report.dayShown.date = clinic.lastFullDay;
      const base = { baseUrl: attune.baseUrl, pid: attune.child.pid, headers: { cookie } };
      const result = await runRound({ ...base, label: `Attune (${dialect})`, path }, settings);
      report.rounds.push({
        key: `${dialect}.day-2.5k`,
        label: `GET /api/scheduling/day, ${clinic.counts.appointments?.toLocaleString('en-US')} appts`,
        result,
        rssBytes: rssBytes(attune.child.pid),
      });
    });
  }

  // 2. The measured clinic.
  const drafts = draftsFor(size, settings);
  const { attune, clinic } = await startGenerated(dialect, size, drafts, common, log);
  report.generation.push(generated(clinic, size));
  await scoped(attune.dispose, async () => {
    const therapist = clinic.therapists[0];
    if (!therapist) throw new Error('no therapist');
    const cookies = new Map<number, string>();
    const cookieOf = async (index: number) => {
      let cookie = cookies.get(index);
      if (!cookie) {
        const who = clinic.therapists[index];
        if (!who) throw new Error(`no therapist ${index}`);
        cookie = await signIn(attune.baseUrl, who.email, clinic.password);
        cookies.set(index, cookie);
      }
      return cookie;
    };
    const cookie = await cookieOf(0);
    for (const d of clinic.drafts) await cookieOf(d.therapistIndex);
    const base = { baseUrl: attune.baseUrl, pid: attune.child.pid };
    const label = `Attune (${dialect})`;
    const round = async (key: string, name: string, target: Parameters<typeof runRound>[0]) => {
      const start = microsNow();
      const result = await runRound(target, settings);
      report.windows.push({ label: `${name} (warm-up and round)`, start, end: microsNow() });
      report.rounds.push({ key: `${dialect}.${key}`, label: name, result, rssBytes: rssBytes(attune.child.pid) });
    };
    const n = clinic.counts.appointments?.toLocaleString('en-US');

    await round('today', `GET /api/scheduling/today (${therapist.patientIds.length} patients)`, {
      ...base,
      label,
      path: '/api/scheduling/today',
      headers: { cookie },
    });

    const ids = therapist.patientIds;
    const chart: Request = {
      method: 'GET',
      headers: { cookie },
      setupRequest: (req) => ({ ...req, path: `/api/patients/${ids[Math.floor(Math.random() * ids.length)]}` }),
    };
    await round('chart', 'GET /api/patients/:id (random, audited)', {
      ...base,
      label,
      path: '/api/patients/:id (random)',
      requests: [chart],
    });

    const path = dayPath(clinic);
    report.dayShown.measured = await shown(attune.baseUrl, path, cookie);
    await round('day', `GET /api/scheduling/day, ${n} appts`, { ...base, label, path, headers: { cookie } });

    // Each request signs a different draft, with the cookie of the therapist who wrote it.
    let next = 0;
    const queue = clinic.drafts;
    const cookieByTherapist = new Map([...cookies.entries()]);
    const sign: Request = {
      method: 'POST',
      setupRequest: (req) => {
        const d = queue[next++];
        if (!d) return { ...req, path: '/api/patients/drafts-exhausted/notes/none/sign' };
        return {
          ...req,
          path: `/api/patients/${d.patientId}/notes/${d.noteId}/sign`,
          headers: { cookie: cookieByTherapist.get(d.therapistIndex) ?? '' },
        };
      },
    };
    await round('sign', 'POST …/notes/:id/sign (each a new draft)', {
      ...base,
      label,
      path: '/api/patients/:id/notes/:id/sign',
      requests: [sign],
    });
    log(`  signed ${next.toLocaleString('en-US')} of ${queue.length.toLocaleString('en-US')} drafts (warm-up included)`);
  });
  return report;
}
