/**
 * The patient's voice at clinic scale (issue 5), measured on a clinic generated with at least
 * 500,000 post-session feedback answers:
 *
 * (a) the nightly alert pass over the whole clinic, every answer not yet looked at (the generator
 *     leaves them all on the alert step's work list, as answers loaded from another system would be): `computeAllAlerts`, the
 *     function the server's nightly job calls, timed in this process on the server's database
 *     before the server starts, with nothing else running; target under 10 s;
 * (b) one patient's trajectory with its alerts, GET /api/patients/:id/feedback, for a random
 *     patient of the signed-in therapist (each request audited), at 50 connections; target p99 ≤ 20 ms.
 *
 * Run alone with `npm run bench -- --only=feedback [--db=…] [--duration=N]`.
 */
import type { Request } from 'autocannon';
import { type ClinicSpec, type GeneratedClinic, generateClinic } from '../scripts/generate.js';
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import { computeAllAlerts } from '../src/server/modules/feedback/index.js';
import { type DatabaseTarget, openDatabase } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';
import { type Dialect, settleStorage, signIn, startAttune } from './attune.js';
import { type LoadSettings, type RoundResult, runRound } from './load.js';
import { rssBytes } from './proc.js';

export const FEEDBACK_TARGET = { responses: 500_000, trajectoryP99Ms: 20, nightlyPassSeconds: 10 };

/**
 * About 560,000 signed sessions over seven years for 50 therapists, 92 % of them answered: the
 * same day per therapist as the other generated clinics, with a longer history.
 */
export const FEEDBACK_CLINIC: ClinicSpec = {
  therapists: 50,
  patients: 40_000,
  appointments: 650_000,
  feedback: { answeredShare: 0.92 },
  clinicName: 'Bench feedback clinic',
};

export interface FeedbackReport {
  dialect: Dialect;
  generated: { seconds: number; appointments: number; notes: number; responses: number; from: string; to: string };
  nightlyPass: { seconds: number; alertsRaised: number; responsesLookedAt: number };
  /** Answers and alerts of the patients the trajectory round asks for. */
  trajectoryPatients: { patients: number; meanResponses: number; maxResponses: number };
  rounds: Array<{ key: string; label: string; result: RoundResult; rssBytes: number | null }>;
  verdicts: Array<{ check: string; value: string; pass: boolean }>;
}

async function generateAndPass(target: DatabaseTarget) {
  const handle = openDatabase(target);
  try {
    await migrate(handle.db, handle.dialect, ALL_MIGRATIONS);
    const clinic = await generateClinic(handle, FEEDBACK_CLINIC);
    await settleStorage(target);
    const queued = async () =>
      Number(
        (
          await handle.db
            .selectFrom('feedback_alert_queue')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n ?? 0,
      );
    const pending = await queued();
    const started = performance.now();
    const alertsRaised = await computeAllAlerts({ db: handle.db, dialect: handle.dialect, now: () => new Date() });
    const seconds = (performance.now() - started) / 1000;
    const left = await queued();
    if (left !== 0) throw new Error(`the alert pass left ${left} answers unlooked at`);
    // Each of the first therapist's patients with answers, and how many each has.
    const therapist = clinic.therapists[0];
    if (!therapist) throw new Error('no therapist');
    const perPatient = await handle.db
      .selectFrom('feedback_responses')
      .select(['patient_id', (eb) => eb.fn.countAll().as('n')])
      .where('therapist_user_id', '=', therapist.id)
      .groupBy('patient_id')
      .execute();
    return { clinic, nightly: { seconds, alertsRaised, responsesLookedAt: pending }, perPatient };
  } finally {
    await handle.close();
  }
}

export async function measureFeedback(
  dialects: Dialect[],
  settings: LoadSettings,
  common: { repoRoot: string; pgAdminUrl: string },
  scoped: <T>(dispose: () => Promise<void>, work: () => Promise<T>) => Promise<T>,
  log: (line: string) => void,
): Promise<FeedbackReport[]> {
  const reports: FeedbackReport[] = [];
  for (const dialect of dialects) {
    log(
      `… Attune on ${dialect}: generating the feedback clinic (${FEEDBACK_CLINIC.therapists} therapists, ` +
        `${FEEDBACK_CLINIC.patients.toLocaleString('en-US')} patients, ${FEEDBACK_CLINIC.appointments.toLocaleString('en-US')} appointments, ` +
        'answers to most signed sessions), then timing the nightly alert pass over all of it',
    );
    let made: Awaited<ReturnType<typeof generateAndPass>> | undefined;
    const attune = await startAttune({
      dialect,
      repoRoot: common.repoRoot,
      pgAdminUrl: common.pgAdminUrl,
      therapists: 0,
      generate: async (target) => {
        made = await generateAndPass(target);
      },
    });
    if (!made) throw new Error('the feedback clinic was not generated');
    const { clinic, nightly, perPatient } = made as {
      clinic: GeneratedClinic;
      nightly: FeedbackReport['nightlyPass'];
      perPatient: { patient_id: string; n: unknown }[];
    };
    const responses = clinic.counts.feedback_responses ?? 0;
    log(
      `  generated in ${(clinic.milliseconds / 1000).toFixed(1)} s: ${clinic.counts.appointments?.toLocaleString('en-US')} appointments ` +
        `${clinic.firstDate} → ${clinic.lastDate}, ${clinic.counts.notes?.toLocaleString('en-US')} notes, ` +
        `${responses.toLocaleString('en-US')} feedback answers`,
    );
    log(
      `  nightly alert pass: ${nightly.responsesLookedAt.toLocaleString('en-US')} answers looked at, ` +
        `${nightly.alertsRaised.toLocaleString('en-US')} alerts raised, in ${nightly.seconds.toFixed(2)} s`,
    );
    const counts = perPatient.map((p) => Number(p.n));
    const report: FeedbackReport = {
      dialect,
      generated: {
        seconds: clinic.milliseconds / 1000,
        appointments: clinic.counts.appointments ?? 0,
        notes: clinic.counts.notes ?? 0,
        responses,
        from: clinic.firstDate,
        to: clinic.lastDate,
      },
      nightlyPass: nightly,
      trajectoryPatients: {
        patients: counts.length,
        meanResponses: counts.reduce((s, n) => s + n, 0) / Math.max(1, counts.length),
        maxResponses: Math.max(0, ...counts),
      },
      rounds: [],
      verdicts: [],
    };
    await scoped(attune.dispose, async () => {
      const therapist = clinic.therapists[0];
      if (!therapist) throw new Error('no therapist');
      const cookie = await signIn(attune.baseUrl, therapist.email, clinic.password);
      const ids = perPatient.map((p) => p.patient_id);
      const first = await fetch(`${attune.baseUrl}/api/patients/${ids[0]}/feedback`, { headers: { cookie } });
      if (first.status !== 200) throw new Error(`the trajectory answered ${first.status}: ${await first.text()}`);
      const trajectory: Request = {
        method: 'GET',
        headers: { cookie },
        setupRequest: (req) => ({ ...req, path: `/api/patients/${ids[Math.floor(Math.random() * ids.length)]}/feedback` }),
      };
      log(
        `  trajectory round over ${ids.length.toLocaleString('en-US')} patients of one therapist ` +
          `(${report.trajectoryPatients.meanResponses.toFixed(1)} answers each on average, at most ${report.trajectoryPatients.maxResponses})`,
      );
      const result = await runRound(
        {
          baseUrl: attune.baseUrl,
          pid: attune.child.pid,
          label: `Attune (${dialect})`,
          path: '/api/patients/:id/feedback (random)',
          requests: [trajectory],
        },
        settings,
      );
      report.rounds.push({
        key: `${dialect}.trajectory`,
        label: 'GET /api/patients/:id/feedback (random, audited)',
        result,
        rssBytes: rssBytes(attune.child.pid),
      });
      const non2xx = Object.entries(result.statusCodes).filter(([code]) => !code.startsWith('2'));
      if (non2xx.length > 0) throw new Error(`the trajectory round answered ${JSON.stringify(result.statusCodes)}`);
      report.verdicts.push(
        {
          check: `at least ${FEEDBACK_TARGET.responses.toLocaleString('en-US')} responses in the clinic`,
          value: responses.toLocaleString('en-US'),
          pass: responses >= FEEDBACK_TARGET.responses,
        },
        {
          check: `one patient's trajectory with alerts, p99 ≤ ${FEEDBACK_TARGET.trajectoryP99Ms} ms at ${settings.connections} connections`,
          value: `p99 ${result.latencyMs.p99.toFixed(2)} ms, ${Math.round(result.reqPerSec)} req/s`,
          pass: result.latencyMs.p99 <= FEEDBACK_TARGET.trajectoryP99Ms,
        },
        {
          check: `nightly alert pass over the whole clinic < ${FEEDBACK_TARGET.nightlyPassSeconds} s`,
          value: `${nightly.seconds.toFixed(2)} s for ${nightly.responsesLookedAt.toLocaleString('en-US')} answers`,
          pass: nightly.seconds < FEEDBACK_TARGET.nightlyPassSeconds,
        },
      );
    });
    reports.push(report);
  }
  log('');
  log('Feedback targets:');
  for (const r of reports) for (const v of r.verdicts) log(`  ${v.pass ? 'PASS' : 'MISS'}  ${r.dialect}: ${v.check}: ${v.value}`);
  return reports;
}
