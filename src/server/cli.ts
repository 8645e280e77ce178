import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { Email, PersonName, Role } from '../shared/auth/contract.js';
import { ALL_MIGRATIONS } from './migrations.js';
import { recordAudit, verifyAudit } from './modules/audit/index.js';
import { findUserByEmail, insertNewUser, preparePassword, resetPassword } from './modules/auth/index.js';
import { findClinic, insertMembership, membershipsOf } from './modules/clinic/index.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { type DatabaseHandle, inTransaction, openDatabase } from './platform/db/index.js';
import { migrate } from './platform/db/migrator.js';
import { AppError } from './platform/errors.js';

const HELP = `Attune operator commands:  npm run attune -- <command> [options]

  create-user --email <email> --name <name> [--role owner|admin|therapist|locum|mentor] [--clinic <clinic id>]
        Creates an account and adds it to a clinic (the only clinic when --clinic is omitted).
        The password is read from ATTUNE_NEW_PASSWORD, or from the first line of standard input.
  reset-password --email <email>
        Sets a new password (read as above) and signs the person out everywhere.
  backup <file>
        SQLite: an online, consistent copy of the database, safe while Attune runs.
        PostgreSQL: prints how to use pg_dump.
  restore <file>
        SQLite: replaces the database with a backup (stop Attune first). The current database is kept
        beside it as attune.sqlite.before-restore-<time>. PostgreSQL: prints how to use pg_restore.
  verify-audit
        Checks the hash chain of the audit log and names any changed, missing or reordered row.
  migrate
        Applies pending database migrations (npm start does this too).
`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

function required(args: string[], name: string): string {
  const value = option(args, name);
  if (!value) throw new UsageError(`Missing --${name}.`);
  return value;
}

class UsageError extends Error {}

async function readNewPassword(): Promise<string> {
  const fromEnv = process.env.ATTUNE_NEW_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write('New password (input is shown; prefer ATTUNE_NEW_PASSWORD or a pipe): ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new UsageError('No password given: set ATTUNE_NEW_PASSWORD or pipe it on standard input.');
}

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = openDatabase(config.database);
  try {
    await migrate(handle.db, handle.dialect, ALL_MIGRATIONS);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function createUser(args: string[]) {
  const email = Email.parse(required(args, 'email'));
  const name = PersonName.parse(required(args, 'name'));
  const role = Role.parse(option(args, 'role') ?? 'therapist');
  const password = await readNewPassword();
  await withDatabase(async (h) => {
    let clinicId = option(args, 'clinic');
    if (!clinicId) {
      const clinics = await h.db.selectFrom('clinics').select('id').limit(2).execute();
      if (clinics.length !== 1)
        throw new UsageError('There is not exactly one clinic: name it with --clinic <id> (or run setup in the browser first).');
      clinicId = clinics[0]?.id as string;
    } else if (!(await findClinic(h.db, clinicId))) {
      throw new UsageError(`No clinic has the id ${clinicId}.`);
    }
    const existing = await findUserByEmail(h.db, email);
    const passwordHash = existing ? undefined : await preparePassword(password, [email, name]);
    const now = new Date();
    const targetClinic = clinicId;
    await inTransaction(h.db, async (tx) => {
      const userId = existing?.id ?? (await insertNewUser(tx, { email, name, passwordHash: passwordHash as string, now })).id;
      if ((await membershipsOf(tx, userId)).some((m) => m.clinic_id === targetClinic)) {
        throw new UsageError(`${email} is already a member of this clinic.`);
      }
      const treats = role === 'therapist' || role === 'locum' ? 1 : 0;
      await insertMembership(tx, {
        clinic_id: targetClinic,
        user_id: userId,
        role,
        treats,
        created_at: now.toISOString(),
        removed_at: null,
      });
      await recordAudit(tx, h.dialect, {
        type: 'user.created',
        clinicId: targetClinic,
        subject: { type: 'user', id: userId },
        data: { via: 'cli', role },
      });
    });
    process.stdout.write(`${existing ? 'Added' : 'Created'} ${email} as ${role}.\n`);
  });
}

async function backup(file: string) {
  const config = loadConfig();
  if (config.database.kind === 'postgres') {
    process.stdout.write(
      'Attune is using PostgreSQL: back it up with PostgreSQL’s own tools, for example\n' +
        `  pg_dump --format=custom --file=${file} "$DATABASE_URL"\n` +
        'and restore with\n  pg_restore --clean --if-exists --dbname="$DATABASE_URL" ' +
        `${file}\n`,
    );
    return;
  }
  if (!fs.existsSync(config.database.file)) throw new UsageError(`There is no database at ${config.database.file} yet.`);
  const source = new Database(config.database.file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    source.close();
  }
  process.stdout.write(`Backed up ${config.database.file} to ${path.resolve(file)} (${fs.statSync(file).size} bytes).\n`);
}

async function restore(file: string) {
  const config = loadConfig();
  if (config.database.kind === 'postgres') {
    process.stdout.write(`Attune is using PostgreSQL: restore with\n  pg_restore --clean --if-exists --dbname="$DATABASE_URL" ${file}\n`);
    return;
  }
  if (!fs.existsSync(file)) throw new UsageError(`There is no file at ${file}.`);
  // Check that the file is a sound Attune database before touching the live one.
  const candidate = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = candidate.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new UsageError(`${file} is damaged (integrity check: ${String(integrity)}). Nothing was changed.`);
    const tables = candidate
      .prepare("select name from sqlite_master where type = 'table' and name in ('schema_migrations', 'audit_events')")
      .all();
    if (tables.length !== 2) throw new UsageError(`${file} is not an Attune backup. Nothing was changed.`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file} is not a readable SQLite database. Nothing was changed.`);
  } finally {
    candidate.close();
  }
  const live = config.database.file;
  fs.mkdirSync(path.dirname(live), { recursive: true });
  if (fs.existsSync(live)) {
    // Fold the WAL into the live file so the kept copy is complete.
    const current = new Database(live);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    const kept = `${live}.before-restore-${new Date().toISOString().replaceAll(':', '-')}`;
    fs.renameSync(live, kept);
    process.stdout.write(`The current database was kept as ${kept}.\n`);
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${live}${suffix}`, { force: true });
  fs.copyFileSync(file, live);
  process.stdout.write(`Restored ${path.resolve(file)} to ${live}. Start Attune again.\n`);
}

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'create-user':
      await createUser(args);
      return 0;
    case 'reset-password': {
      const email = Email.parse(required(args, 'email'));
      const password = await readNewPassword();
      await withDatabase((h) => resetPassword({ db: h.db, dialect: h.dialect, now: () => new Date() }, { email, newPassword: password }));
      process.stdout.write(`The password for ${email} was reset; they are signed out everywhere.\n`);
      return 0;
    }
    case 'backup': {
      const file = args[0];
      if (!file) throw new UsageError('Name the backup file: npm run attune -- backup <file>');
      await backup(file);
      return 0;
    }
    case 'restore': {
      const file = args[0];
      if (!file) throw new UsageError('Name the backup file: npm run attune -- restore <file>');
      await restore(file);
      return 0;
    }
    case 'verify-audit':
      return withDatabase(async (h) => {
        const result = await verifyAudit(h.db);
        if (result.ok) {
          process.stdout.write(`Audit log intact: ${result.rows} rows, head #${result.head?.seq ?? 0} ${result.head?.hash ?? ''}\n`);
          return 0;
        }
        process.stdout.write(`Audit log has ${result.problems.length} problem(s) in ${result.rows} rows:\n`);
        for (const p of result.problems) process.stdout.write(`  row ${p.seq}: ${p.message}\n`);
        return 1;
      });
    case 'migrate':
      return withDatabase(async () => {
        process.stdout.write('Database is up to date.\n');
        return 0;
      });
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(HELP);
      return 0;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

run(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${HELP}`);
    } else if (error && typeof error === 'object' && 'issues' in error) {
      process.stderr.write(`${(error as { issues: { message: string }[] }).issues.map((i) => i.message).join('\n')}\n`);
    } else {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    }
    process.exit(2);
  });
