/**
 * Generates a clinic into a fresh Attune database before the server starts (bench/run.ts), or by
 * hand: `npx tsx bench/generate-clinic.ts --clinic=large [--drafts=N] [--url=postgres://… | --file=…]`.
 */
import { pathToFileURL } from 'node:url';
import { type ClinicSpec, type GeneratedClinic, generateClinic } from '../scripts/generate.js';
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import { type DatabaseTarget, openDatabase } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';

export type ClinicSize = 'large' | 'small' | 'baseline';

/** Same workload per therapist per day in every size; only the history and the number of people grow. */
export const CLINICS: Record<ClinicSize, Omit<ClinicSpec, 'drafts'>> = {
  large: { therapists: 20, patients: 15_000, appointments: 250_000 },
  small: { therapists: 5, patients: 1_500, appointments: 25_000 },
  /** The day view's reference: 2,500 appointments. */
  baseline: { therapists: 2, patients: 150, appointments: 2_500 },
};

export async function generateInto(target: DatabaseTarget, size: ClinicSize, drafts: number): Promise<GeneratedClinic> {
  const handle = openDatabase(target);
  try {
    await migrate(handle.db, handle.dialect, ALL_MIGRATIONS);
    return await generateClinic(handle, { ...CLINICS[size], drafts, clinicName: `Bench ${size} clinic` });
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flags = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
  const size = (flags.get('clinic') ?? 'small') as ClinicSize;
  if (!CLINICS[size]) throw new Error('--clinic must be large, small or baseline');
  const url = flags.get('url');
  const target: DatabaseTarget = url ? { kind: 'postgres', url } : { kind: 'sqlite', file: flags.get('file') ?? 'bench-clinic.sqlite' };
  generateInto(target, size, Number(flags.get('drafts') ?? 0)).then(
    (c) => {
      process.stdout.write(
        `${JSON.stringify({ ms: Math.round(c.milliseconds), counts: c.counts, drafts: c.drafts.length, firstDate: c.firstDate, lastDate: c.lastDate })}\n`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
