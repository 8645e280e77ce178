/**
 * `npm run demo`: fills a new demo clinic (3 therapists, 150 patients, a year of appointments with
 * notes, consents, measures and post-session feedback) into the database `npm start` uses (ATTUNE_DATA_DIR or DATABASE_URL),
 * then says how to sign in. Refuses a database that already has people in it.
 */
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import { countUsers } from '../src/server/modules/auth/index.js';
import { computeAlerts } from '../src/server/modules/feedback/index.js';
import { ConfigError, loadConfig } from '../src/server/platform/config.js';
import { openDatabase } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';
import { generateClinic } from './generate.js';

const THERAPISTS = 3;
const PATIENTS = 150;
/** About a year of weekdays for three therapists at 5–9 bookings a day, plus three weeks ahead. */
const APPOINTMENTS = 5_400;

async function main(): Promise<number> {
  const config = loadConfig();
  const where = config.database.kind === 'sqlite' ? config.database.file : 'the PostgreSQL database in DATABASE_URL';
  const database = openDatabase(config.database);
  try {
    await migrate(database.db, database.dialect, ALL_MIGRATIONS);
    if ((await countUsers(database.db)) > 0) {
      process.stderr.write(
        `\nThere is already an Attune practice in ${where}, so no demo clinic was added to it.\n` +
          (config.database.kind === 'sqlite'
            ? 'Point ATTUNE_DATA_DIR at an empty folder for the demo, for example:\n\n  ATTUNE_DATA_DIR=./demo-data npm run demo\n\n'
            : 'Point DATABASE_URL at an empty PostgreSQL database for the demo.\n\n'),
      );
      return 1;
    }
    process.stdout.write(`Filling a demo clinic into ${where}…\n`);
    const clinic = await generateClinic(database, {
      therapists: THERAPISTS,
      patients: PATIENTS,
      appointments: APPOINTMENTS,
      clinicName: 'Lakeshore Massage Therapy (demo)',
      ownerEmail: 'owner@example.test',
      feedback: { answeredShare: 0.6 },
    });
    // Answers are stored as if loaded; the alert pass looks at them as it would overnight.
    const alerts = await computeAlerts({ db: database.db, dialect: database.dialect, now: () => new Date() }, clinic.clinicId);
    const c = clinic.counts;
    process.stdout.write(
      `\nDone in ${(clinic.milliseconds / 1000).toFixed(1)} s: ${c.patients ?? 0} patients, ${c.appointments ?? 0} appointments ` +
        `(${clinic.firstDate} to ${clinic.lastDate}), ${c.notes ?? 0} signed notes, ${c.consents ?? 0} consents, ` +
        `${c.psfs_assessments ?? 0} PSFS, ${c.vulnerability_factors ?? 0} safeguards, ${c.feedback_responses ?? 0} feedback answers ` +
        `(${alerts} alerts for the therapists).\n\n` +
        `Sign in with any of these (password for all: ${clinic.password}):\n` +
        `  owner      ${clinic.owner.email}  (${clinic.owner.name}, runs the clinic, does not treat)\n` +
        clinic.therapists.map((t) => `  therapist  ${t.email}  (${t.name}, ${t.patientIds.length} patients)\n`).join(''),
    );
    const env =
      config.database.kind === 'sqlite' ? `ATTUNE_DATA_DIR=${process.env.ATTUNE_DATA_DIR ?? 'data'}` : 'DATABASE_URL=<the same URL>';
    process.stdout.write(`\nStart Attune on it with:\n\n  ${env} npm start\n\nthen open http://localhost:${config.port}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`The demo clinic could not be created: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
