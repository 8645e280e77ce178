import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { inTransaction } from '../src/server/platform/db/index.js';
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
