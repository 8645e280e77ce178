import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { checkpointInBackground } from '../src/server/platform/db/checkpoint.js';
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

it('file-backed SQLite: the server checkpoints from a worker thread, not inside commits', async () => {
  const file = path.join(dir, 'checkpoint.sqlite');
  const handle = openDatabase({ kind: 'sqlite', file });
  const raw = handle.sqlite;
  if (!raw) throw new Error('no SQLite connection');
  raw.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const stop = checkpointInBackground(raw, file, 20);
  // No commit copies the log back itself any more.
  expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  const insert = raw.prepare('INSERT INTO filler (body) VALUES (?)');
  // About 1,500 pages of log, more than SQLite's own threshold; the worker copies them into the file.
  for (let i = 0; i < 60; i++) raw.transaction(() => Array.from({ length: 100 }, () => insert.run('x'.repeat(1000))))();
  const deadline = Date.now() + 5_000;
  while (fs.statSync(file).size < 5_000_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(fs.statSync(file).size).toBeGreaterThan(5_000_000);
  await stop();
  expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  await handle.close();
});
