import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { recordAccess, recordAudit, verifyAudit } from '../src/server/modules/audit/index.js';
import { inTransaction, openDatabase } from '../src/server/platform/db/index.js';
import { freshDatabase } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

// Tests mostly use in-memory SQLite; a file-backed database also reads the session hot path
// through a second, read-only connection. It must see committed changes at once, and nothing else.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('file-backed SQLite: the reader connection sees sign-out and role changes at once, and never an open transaction', async () => {
  const db = await freshDatabase('sqlite', { sqliteFile: path.join(dir, 'attune.sqlite') });
  const t = await buildTestApp(db);
  const clinic = await buildClinic(db);
  const admin = await t.signIn(clinic.members.admin);
  const owner = await t.signIn(clinic.owner);
  expect((await t.call('GET', '/api/me', { cookie: admin })).json().clinic.role).toBe('admin');
  await t.call('PATCH', `/api/clinic/members/${clinic.members.admin.id}`, { cookie: owner, body: { role: 'mentor' } });
  expect((await t.call('GET', '/api/me', { cookie: admin })).json().clinic.role).toBe('mentor');

  // A change inside a transaction that has not committed is invisible, then rolled back.
  let seenDuring = '';
  await expect(
    inTransaction(db.db, async (tx) => {
      await tx.updateTable('memberships').set({ role: 'owner' }).where('user_id', '=', clinic.members.admin.id).execute();
      seenDuring = (await t.call('GET', '/api/me', { cookie: admin })).json().clinic.role;
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  expect(seenDuring).toBe('mentor');
  expect((await t.call('GET', '/api/me', { cookie: admin })).json().clinic.role).toBe('mentor');

  await t.call('POST', '/api/auth/logout', { cookie: admin });
  expect((await t.call('GET', '/api/me', { cookie: admin })).statusCode).toBe(401);
  await t.close();
  await db.close();
});

it('file-backed SQLite: a chart, the patient list and the access report read committed data through the reader at once', async () => {
  const db = await freshDatabase('sqlite', { sqliteFile: path.join(dir, 'chart.sqlite') });
  const t = await buildTestApp(db);
  const clinic = await buildClinic(db);
  const cookie = await t.signIn(clinic.members.therapist);
  const body = { legalFirstName: 'Reader', legalLastName: 'Sees', dateOfBirth: '1985-06-07' };
  const id = (await t.call('POST', '/api/patients', { cookie, body })).json().id as string;
  expect((await t.call('GET', '/api/patients?q=Sees', { cookie })).json().patients.map((p: { id: string }) => p.id)).toEqual([id]);
  const chart = await t.call('GET', `/api/patients/${id}`, { cookie });
  expect(chart.json().clinical.relationships).toHaveLength(1);
  await t.call('PATCH', `/api/patients/${id}`, { cookie, body: { preferredName: 'Ree' } });
  expect((await t.call('GET', `/api/patients/${id}`, { cookie })).json().patient.preferredName).toBe('Ree');
  const report = (await t.call('GET', `/api/patients/${id}/access-report`, { cookie })).json();
  expect(report.entries.map((e: { code: string }) => e.code)).toEqual([
    'patient.access_report_viewed',
    'patient.viewed',
    'patient.updated',
    'patient.viewed',
    'relationship.created',
    'patient.created',
  ]);
  await t.close();
  await db.close();
});

it('file-backed SQLite: reopening a database with data gives the query planner its statistics (PRAGMA optimize)', async () => {
  const file = path.join(dir, 'stats.sqlite');
  const first = await freshDatabase('sqlite', { sqliteFile: file });
  const t = await buildTestApp(first);
  const clinic = await buildClinic(first);
  const cookie = await t.signIn(clinic.members.therapist);
  for (let i = 0; i < 30; i++) {
    await t.call('POST', '/api/patients', {
      cookie,
      body: { legalFirstName: `Stat${i}`, legalLastName: 'Planner', dateOfBirth: '1990-01-01' },
    });
  }
  await t.close();
  await first.close();
  const again = openDatabase({ kind: 'sqlite', file });
  const stats = again.sqlite?.prepare("select tbl from sqlite_stat1 where tbl = 'therapeutic_relationships'").all() ?? [];
  expect(stats.length).toBeGreaterThan(0);
  // …but no value samples (sqlite_stat4): with them, every read comparing a parameter to an indexed
  // column was parsed and planned again for each new value (platform/db/index.ts, decision 0007).
  const samples = again.sqlite?.prepare('select count(*) as n from sqlite_stat4').get() as { n: number } | undefined;
  expect(samples?.n).toBe(0);
  // Pages of the file are read through a memory map, not copied into the page cache (platform/db/index.ts).
  expect(again.sqlite?.pragma('mmap_size', { simple: true })).toBe(1 << 30);
  await again.close();
});

it('file-backed SQLite: a worker copies the write-ahead log into the database file, so no request has to', async () => {
  const file = path.join(dir, 'checkpoint.sqlite');
  const handle = openDatabase({ kind: 'sqlite', file });
  const raw = handle.sqlite;
  if (!raw) throw new Error('no SQLite connection');
  raw.exec('create table filler (id integer primary key, text text not null)');
  const sizeAtStart = fs.statSync(file).size;
  // About 2 MB in 500 pages: below every automatic checkpoint threshold, so only the worker copies them.
  const insert = raw.prepare('insert into filler (text) values (?)');
  raw.transaction(() => {
    for (let i = 0; i < 500; i++) insert.run('x'.repeat(4000));
  })();
  expect(fs.statSync(file).size).toBe(sizeAtStart);
  const deadline = Date.now() + 5_000;
  while (fs.statSync(file).size < sizeAtStart + 2_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(fs.statSync(file).size).toBeGreaterThan(sizeAtStart + 2_000_000);
  // The writer still checkpoints by itself past 24,000 pages, which keeps the log from growing for ever.
  expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(24_000);
  await handle.close();
});

it('file-backed SQLite: an audited read arriving while a transaction is open waits for it, and the chain stays whole', async () => {
  const db = await freshDatabase('sqlite', { sqliteFile: path.join(dir, 'audit-wait.sqlite') });
  const clinic = await buildClinic(db);
  const before = (await verifyAudit(db.db)).rows;
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let read: Promise<void> | undefined;
  let readDone = false;
  const tx = inTransaction(db.db, async (t) => {
    await recordAudit(t, 'sqlite', { type: 'patient.updated', clinicId: clinic.id });
    read = recordAccess(db.db, 'sqlite', { type: 'patient.viewed', clinicId: clinic.id }).then(() => {
      readDone = true;
    });
    await held;
  });
  await new Promise((r) => setTimeout(r, 50));
  expect(readDone).toBe(false);
  release();
  await tx;
  await read;
  const result = await verifyAudit(db.db);
  expect(result).toMatchObject({ ok: true, rows: before + 2 });
  const last = await db.db.selectFrom('audit_events').select('type').orderBy('seq', 'desc').limit(2).execute();
  expect(last.map((e) => e.type)).toEqual(['patient.viewed', 'patient.updated']);
  await db.close();
});
