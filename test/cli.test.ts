import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import { authenticate } from '../src/server/modules/auth/index.js';
import { setUpPractice } from '../src/server/modules/clinic/index.js';
import { type DatabaseHandle, type DialectName, openDatabase } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';
import { describeEachDialect, freshDatabase } from './support/db.js';
import { pgUrlFor } from './support/pg.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OWNER = {
  clinicName: 'Cedar Room',
  name: 'Ola Owner',
  email: 'ola@example.test',
  password: 'Silver-Brook-Harvest-62',
  treats: true,
  ip: null,
};

function cli(env: Record<string, string>, args: string[], input?: string) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

async function target(
  dialect: DialectName,
): Promise<{ env: Record<string, string>; open: () => DatabaseHandle; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-cli-'));
    const file = path.join(dir, 'attune.sqlite');
    const h = openDatabase({ kind: 'sqlite', file });
    await migrate(h.db, 'sqlite', ALL_MIGRATIONS);
    await h.close();
    return {
      env: { ATTUNE_DATA_DIR: dir },
      open: () => openDatabase({ kind: 'sqlite', file }),
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const seed = await freshDatabase('postgres');
  const name = (await seed.db.selectNoFrom((eb) => eb.fn<string>('current_database').as('n')).executeTakeFirstOrThrow()).n;
  const url = pgUrlFor(name);
  return { env: { DATABASE_URL: url }, open: () => openDatabase({ kind: 'postgres', url, max: 2 }), cleanup: () => seed.close() };
}

async function canSignIn(open: () => DatabaseHandle, email: string, password: string): Promise<boolean> {
  const h = open();
  try {
    const r = await authenticate(
      { db: h.db, dialect: h.dialect, now: () => new Date() },
      { email, password, ip: `cli-test-${Math.random()}` },
    );
    return r.status === 'ok';
  } catch {
    return false;
  } finally {
    await h.close();
  }
}

describeEachDialect('operator command line', ({ dialect }) => {
  it('creates users, resets passwords, verifies the audit log, and explains backups', async () => {
    const t = await target(dialect);
    try {
      expect(cli(t.env, ['create-user', '--email', 'x@example.test', '--name', 'X'], 'Silver-Brook-Harvest-62\n').code).toBe(2); // no clinic yet
      const h = t.open();
      await setUpPractice({ db: h.db, dialect: h.dialect, now: () => new Date() }, OWNER);
      await h.close();

      const created = cli({ ...t.env, ATTUNE_NEW_PASSWORD: 'Velvet-Orchard-Comet-85' }, [
        'create-user',
        '--email',
        'Tia@Example.test',
        '--name',
        'Tia Therapist',
        '--role',
        'therapist',
      ]);
      expect(created.err).toBe('');
      expect(created.code).toBe(0);
      expect(created.out).toContain('Created tia@example.test as therapist');
      expect(await canSignIn(t.open, 'tia@example.test', 'Velvet-Orchard-Comet-85')).toBe(true);

      const weak = cli(t.env, ['create-user', '--email', 'weak@example.test', '--name', 'Weak'], 'password1234\n');
      expect(weak.code).toBe(2);
      expect(weak.err).toMatch(/common/);
      const badEmail = cli(t.env, ['create-user', '--email', 'not-an-email', '--name', 'N'], 'Velvet-Orchard-Comet-85\n');
      expect(badEmail.code).toBe(2);
      expect(badEmail.err).toMatch(/email/i);

      const reset = cli(t.env, ['reset-password', '--email', 'tia@example.test'], 'Juniper-Tide-Beacon-27\n');
      expect(reset.code).toBe(0);
      expect(await canSignIn(t.open, 'tia@example.test', 'Velvet-Orchard-Comet-85')).toBe(false);
      expect(await canSignIn(t.open, 'tia@example.test', 'Juniper-Tide-Beacon-27')).toBe(true);
      expect(cli(t.env, ['reset-password', '--email', 'nobody@example.test'], 'Juniper-Tide-Beacon-27\n').code).toBe(2);

      const verified = cli(t.env, ['verify-audit']);
      expect(verified.code).toBe(0);
      expect(verified.out).toMatch(/intact: \d+ rows/);
      const h2 = t.open();
      await h2.db.updateTable('audit_events').set({ ip: '6.6.6.6' }).where('seq', '=', 2).execute();
      await h2.close();
      const broken = cli(t.env, ['verify-audit']);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain('row 2: row 2 was changed');

      if (dialect === 'postgres') {
        const backup = cli(t.env, ['backup', '/tmp/x.dump']);
        expect(backup.code).toBe(0);
        expect(backup.out).toContain('pg_dump');
      }
      expect(cli(t.env, ['no-such-command']).code).toBe(2);
      expect(cli(t.env, ['help']).out).toContain('verify-audit');
    } finally {
      await t.cleanup();
    }
  }, 120_000);
});

it('backs up a live SQLite database and restores it, refusing files that are not Attune backups', async () => {
  const t = await target('sqlite');
  const dir = t.env.ATTUNE_DATA_DIR as string;
  try {
    const h = t.open();
    await setUpPractice({ db: h.db, dialect: h.dialect, now: () => new Date() }, OWNER);
    // The database stays open (as a running server would hold it) during the backup.
    const backupFile = path.join(dir, 'backup.sqlite');
    const backup = cli(t.env, ['backup', backupFile]);
    expect(backup.code).toBe(0);
    expect(fs.statSync(backupFile).size).toBeGreaterThan(0);
    await h.close();

    cli({ ...t.env, ATTUNE_NEW_PASSWORD: 'Velvet-Orchard-Comet-85' }, [
      'create-user',
      '--email',
      'after@example.test',
      '--name',
      'After Backup',
    ]);
    expect(await canSignIn(t.open, 'after@example.test', 'Velvet-Orchard-Comet-85')).toBe(true);

    const garbage = path.join(dir, 'garbage.sqlite');
    fs.writeFileSync(garbage, 'this is not a database');
    const refused = cli(t.env, ['restore', garbage]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Nothing was changed');
    expect(await canSignIn(t.open, 'after@example.test', 'Velvet-Orchard-Comet-85')).toBe(true);

    const restored = cli(t.env, ['restore', backupFile]);
    expect(restored.code).toBe(0);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('attune.sqlite.before-restore-'))).toBe(true);
    expect(await canSignIn(t.open, 'after@example.test', 'Velvet-Orchard-Comet-85')).toBe(false);
    expect(await canSignIn(t.open, OWNER.email, OWNER.password)).toBe(true);
    expect(cli(t.env, ['verify-audit']).code).toBe(0);
  } finally {
    await t.cleanup();
  }
}, 120_000);
