import type { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/platform/db/index.js';
import { DIALECTS, freshDatabase } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

const subtle = globalThis.crypto.subtle;
const b64 = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const PRIVATE_WORDS = ['impatient', 'Lavoie', 'rescue'];

/** What the browser does (src/web will do the same with WebCrypto): the server never sees a key or a word. */
async function browserSetUp(passphrase: string) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iterations = 310_000;
  const base = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  const kek = await subtle.deriveKey({ name: 'PBKDF2', salt, iterations, hash: 'SHA-256' }, base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const dataKey = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const raw = await subtle.exportKey('raw', dataKey);
  const wrap = async (key: webcrypto.CryptoKey) => {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    return { iv: b64(iv), wrapped: b64(await subtle.encrypt({ name: 'AES-GCM', iv }, key, raw)) };
  };
  const recoveryKey = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const p = await wrap(kek);
  const r = await wrap(recoveryKey);
  return {
    dataKey,
    body: {
      kdf: 'PBKDF2-SHA256',
      iterations,
      salt: b64(salt),
      wrappedKey: p.wrapped,
      wrappedKeyIv: p.iv,
      recoveryWrappedKey: r.wrapped,
      recoveryWrappedKeyIv: r.iv,
    },
  };
}

async function unlock(passphrase: string, key: { salt: string; iterations: number; wrappedKey: string; wrappedKeyIv: string }) {
  const base = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  const kek = await subtle.deriveKey(
    { name: 'PBKDF2', salt: unb64(key.salt), iterations: key.iterations, hash: 'SHA-256' },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  );
  const raw = await subtle.decrypt({ name: 'AES-GCM', iv: unb64(key.wrappedKeyIv) }, kek, unb64(key.wrappedKey));
  return subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function encrypt(key: webcrypto.CryptoKey, text: string) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { iv: b64(iv), ciphertext: b64(await subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text))) };
}

/** Every text value in every table, as the database holds it (PostgreSQL), or the file's bytes (SQLite). */
async function rawDatabaseText(handle: DatabaseHandle, sqliteFile?: string): Promise<string> {
  if (sqliteFile) {
    handle.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    return ['', '-wal'].map((s) => (fs.existsSync(sqliteFile + s) ? fs.readFileSync(sqliteFile + s).toString('latin1') : '')).join('');
  }
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(
    handle.db,
  );
  let all = '';
  for (const { table_name } of tables.rows) all += JSON.stringify((await sql.raw(`select * from "${table_name}"`).execute(handle.db)).rows);
  return all;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-journal-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

for (const dialect of DIALECTS) {
  it(`[${dialect}] the journal keeps only ciphertext: the raw database holds none of its words, and only its writer can read it`, async () => {
    const file = dialect === 'sqlite' ? path.join(dir, `journal-${Date.now()}.sqlite`) : undefined;
    const db = await freshDatabase(dialect, file ? { sqliteFile: file } : {});
    const t = await buildTestApp(db);
    const clinic = await buildClinic(db);
    const cookie = await t.signIn(clinic.members.therapist);
    expect((await t.call('GET', '/api/reflection/journal/key', { cookie })).json()).toEqual({ key: null });
    expect(
      (
        await t.call('POST', '/api/reflection/journal/entries', {
          cookie,
          body: { kind: 'free', iv: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAA' },
        })
      ).statusCode,
    ).toBe(409);

    const passphrase = 'quiet river stones at dusk';
    const { dataKey, body } = await browserSetUp(passphrase);
    expect((await t.call('PUT', '/api/reflection/journal/key', { cookie, body: { ...body, iterations: 1000 } })).statusCode).toBe(400);
    expect((await t.call('PUT', '/api/reflection/journal/key', { cookie, body })).statusCode).toBe(200);
    expect((await t.call('PUT', '/api/reflection/journal/key', { cookie, body })).statusCode).toBe(409);

    const text = 'What happened: I felt impatient with Ms. Lavoie when she arrived late, and wanted to rescue the session.';
    const entry = (
      await t.call('POST', '/api/reflection/journal/entries', { cookie, body: { kind: 'gibbs', ...(await encrypt(dataKey, text)) } })
    ).json();
    expect(entry.id).toBeTruthy();
    expect(
      (
        await t.call('POST', '/api/reflection/journal/entries', {
          cookie,
          body: { kind: 'free', iv: 'AAAA', ciphertext: 'plain words here' },
        })
      ).statusCode,
    ).toBe(400);

    const raw = await rawDatabaseText(db, file);
    for (const word of PRIVATE_WORDS) expect(raw.includes(word), word).toBe(false);
    expect(raw.includes(passphrase)).toBe(false);

    // Later, on another device: sign in, fetch the wrapped key and the entry, unlock with the passphrase.
    const again = await t.signIn(clinic.members.therapist);
    const key = (await t.call('GET', '/api/reflection/journal/key', { cookie: again })).json().key;
    const fetched = (await t.call('GET', '/api/reflection/journal/entries', { cookie: again })).json();
    expect(fetched.total).toBe(1);
    const unlocked = await unlock(passphrase, key);
    const plain = await subtle.decrypt(
      { name: 'AES-GCM', iv: unb64(fetched.entries[0].iv) },
      unlocked,
      unb64(fetched.entries[0].ciphertext),
    );
    expect(new TextDecoder().decode(plain)).toBe(text);
    await expect(unlock('wrong passphrase', key)).rejects.toThrow();

    // The browser checks drafts against the identifiers of the therapist's own patients, and only theirs.
    await t.call('POST', '/api/patients', {
      cookie: again,
      body: { legalFirstName: 'Nadia', legalLastName: 'Lavoie', dateOfBirth: '1970-01-01', phone: '416-555-0177' },
    });
    const terms = (await t.call('GET', '/api/reflection/journal/identifiers', { cookie: again })).json().terms;
    expect(terms).toEqual(expect.arrayContaining(['Nadia', 'Lavoie', '4165550177']));
    expect(
      (await t.call('GET', '/api/reflection/journal/identifiers', { cookie: await t.signIn(clinic.members.locum) })).json().terms,
    ).toEqual([]);

    // No one else reaches it: the owner's journal is their own (empty), and ids do not cross.
    const owner = await t.signIn(clinic.owner);
    expect((await t.call('GET', '/api/reflection/journal/entries', { cookie: owner })).json()).toEqual({ entries: [], total: 0 });
    expect((await t.call('GET', '/api/reflection/journal/key', { cookie: owner })).json()).toEqual({ key: null });
    expect((await t.call('POST', `/api/reflection/journal/entries/${entry.id}/delete`, { cookie: owner })).statusCode).toBe(404);
    expect((await t.call('POST', `/api/reflection/journal/entries/${entry.id}/delete`, { cookie })).statusCode).toBe(200);
    await t.close();
    await db.close();
  }, 60_000);
}

for (const dialect of DIALECTS) {
  it(`[${dialect}] a new passphrase re-wraps only the key: the old one no longer unlocks, the new one and the recovery key do, entries unchanged`, async () => {
    // The browser's own code (src/web/lib/journal-crypto.ts), run here on Node's WebCrypto.
    const web = await import('../src/web/lib/journal-crypto.js');
    const db = await freshDatabase(dialect);
    const t = await buildTestApp(db);
    const clinic = await buildClinic(db);
    const cookie = await t.signIn(clinic.members.therapist);
    const oldPass = 'first passphrase by the lake';
    const newPass = 'second passphrase under cedars';
    const created = await web.createJournalKey(oldPass);
    expect((await t.call('PUT', '/api/reflection/journal/key', { cookie, body: created.material })).statusCode).toBe(200);
    const sealed = await web.encryptJson(created.dataKey, {
      title: 'Running over',
      text: 'I kept going past the hour.',
      tags: ['boundaries'],
    });
    expect((await t.call('POST', '/api/reflection/journal/entries', { cookie, body: { kind: 'free', ...sealed } })).statusCode).toBe(200);
    const entriesBefore = (await t.call('GET', '/api/reflection/journal/entries', { cookie })).json();
    const before = (await t.call('GET', '/api/reflection/journal/key', { cookie })).json().key;

    // A wrong current passphrase cannot produce a new wrapping at all.
    await expect(web.rewrapForNewPassphrase(before, { passphrase: 'not it at all' }, newPass)).rejects.toThrow();
    const change = await web.rewrapForNewPassphrase(before, { passphrase: oldPass }, newPass);
    // Bad input is refused, naming the field, and changes nothing.
    const bad = await t.call('PUT', '/api/reflection/journal/key/passphrase', { cookie, body: { ...change.body, iterations: 1000 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('iterations');
    expect((await t.call('GET', '/api/reflection/journal/key', { cookie })).json().key).toEqual(before);
    // Someone else's journal is untouched and another person cannot re-wrap this one.
    const locum = await t.signIn(clinic.members.locum);
    expect((await t.call('PUT', '/api/reflection/journal/key/passphrase', { cookie: locum, body: change.body })).statusCode).toBe(409);

    const changed = await t.call('PUT', '/api/reflection/journal/key/passphrase', { cookie, body: change.body });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json().key;
    expect(after.wrappedKey).not.toBe(before.wrappedKey);
    expect(after.salt).not.toBe(before.salt);
    expect(after.recoveryWrappedKey).toBe(before.recoveryWrappedKey);
    expect(after.recoveryWrappedKeyIv).toBe(before.recoveryWrappedKeyIv);
    expect(after.createdAt).toBe(before.createdAt);
    // A second change built on the old wrapping (another device, an old tab) is refused.
    const stale = await web.rewrapForNewPassphrase(before, { passphrase: oldPass }, 'third passphrase never used');
    expect((await t.call('PUT', '/api/reflection/journal/key/passphrase', { cookie, body: stale.body })).statusCode).toBe(409);

    const stored = (await t.call('GET', '/api/reflection/journal/key', { cookie: await t.signIn(clinic.members.therapist) })).json().key;
    await expect(web.unlockWithPassphrase(stored, oldPass)).rejects.toThrow();
    const entriesAfter = (await t.call('GET', '/api/reflection/journal/entries', { cookie })).json();
    expect(entriesAfter).toEqual(entriesBefore);
    const [entry] = entriesAfter.entries;
    for (const key of [await web.unlockWithPassphrase(stored, newPass), await web.unlockWithRecoveryKey(stored, created.recoveryKey)]) {
      expect(await web.decryptJson(key, entry.iv, entry.ciphertext)).toEqual({
        title: 'Running over',
        text: 'I kept going past the hour.',
        tags: ['boundaries'],
      });
    }
    // The recovery key can also set a new passphrase, when the current one is forgotten.
    const byRecovery = await web.rewrapForNewPassphrase(stored, { recoveryKey: created.recoveryKey }, oldPass);
    expect((await t.call('PUT', '/api/reflection/journal/key/passphrase', { cookie, body: byRecovery.body })).statusCode).toBe(200);
    const restored = (await t.call('GET', '/api/reflection/journal/key', { cookie })).json().key;
    expect(await web.decryptJson(await web.unlockWithPassphrase(restored, oldPass), entry.iv, entry.ciphertext)).toMatchObject({
      title: 'Running over',
    });
    await t.close();
    await db.close();
  }, 60_000);

  it(`[${dialect}] the learning plan is sealed like the journal: only ciphertext is kept, only its writer reads it`, async () => {
    const web = await import('../src/web/lib/journal-crypto.js');
    const db = await freshDatabase(dialect);
    const t = await buildTestApp(db);
    const clinic = await buildClinic(db);
    const cookie = await t.signIn(clinic.members.therapist);
    const plan = {
      goals: [
        {
          id: 'g1',
          competency: 'boundaries',
          goal: 'Finish sessions on time with Okafor',
          activities: 'Timer',
          targetDate: '2027-03-01',
          status: 'active',
        },
      ],
    };
    const created = await web.createJournalKey('plan passphrase by the sea');
    const sealed = await web.encryptJson(created.dataKey, plan);
    // The plan needs the journal's key first.
    expect((await t.call('PUT', '/api/reflection/learning-plan', { cookie, body: { ...sealed, basedOn: null } })).statusCode).toBe(409);
    expect((await t.call('GET', '/api/reflection/learning-plan', { cookie })).json()).toEqual({ plan: null });
    await t.call('PUT', '/api/reflection/journal/key', { cookie, body: created.material });
    const bad = await t.call('PUT', '/api/reflection/learning-plan', {
      cookie,
      body: { iv: sealed.iv, ciphertext: 'Finish sessions on time', basedOn: null },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ciphertext');
    const first = await t.call('PUT', '/api/reflection/learning-plan', { cookie, body: { ...sealed, basedOn: null } });
    expect(first.statusCode).toBe(200);
    const resealed = await web.encryptJson(created.dataKey, {
      goals: [...plan.goals, { ...plan.goals[0], id: 'g2', goal: 'Second goal' }],
    });
    const saved = (
      await t.call('PUT', '/api/reflection/learning-plan', { cookie, body: { ...resealed, basedOn: first.json().plan.updatedAt } })
    ).json().plan;
    expect(saved).toMatchObject(resealed);
    const read = (await t.call('GET', '/api/reflection/learning-plan', { cookie })).json().plan;
    expect(((await web.decryptJson(created.dataKey, read.iv, read.ciphertext)) as typeof plan).goals.map((g) => g.id)).toEqual([
      'g1',
      'g2',
    ]);
    const rows = JSON.stringify(
      await db.db
        .selectFrom('learning_plans' as never)
        .selectAll()
        .execute(),
    );
    expect(rows).toContain(resealed.ciphertext);
    for (const word of ['Okafor', 'Finish sessions', 'Second goal', 'boundaries']) expect(rows.includes(word), word).toBe(false);
    if (dialect === 'postgres')
      for (const word of ['Okafor', 'Finish sessions', 'Second goal']) expect((await rawDatabaseText(db)).includes(word), word).toBe(false);
    // The owner has no plan of theirs, and sees nothing of the therapist's.
    expect((await t.call('GET', '/api/reflection/learning-plan', { cookie: await t.signIn(clinic.owner) })).json()).toEqual({ plan: null });
    await t.close();
    await db.close();
  }, 60_000);
}

/** A journal set up through the browser's own code, for the tests below. */
async function journalFor(t: Awaited<ReturnType<typeof buildTestApp>>, cookie: string) {
  const web = await import('../src/web/lib/journal-crypto.js');
  const created = await web.createJournalKey('two windows, one passphrase');
  expect((await t.call('PUT', '/api/reflection/journal/key', { cookie, body: created.material })).statusCode).toBe(200);
  return { web, dataKey: created.dataKey };
}

for (const dialect of DIALECTS) {
  it(`[${dialect}] the learning plan is never silently overwritten: a save based on an old version is refused and changes nothing`, async () => {
    const db = await freshDatabase(dialect);
    const t = await buildTestApp(db); // a frozen clock: versions must still move on with each save
    const clinic = await buildClinic(db);
    const cookie = await t.signIn(clinic.members.therapist);
    const { web, dataKey } = await journalFor(t, cookie);
    const seal = (goal: string) => web.encryptJson(dataKey, { goals: [{ id: goal, goal }] });
    const put = (body: unknown) => t.call('PUT', '/api/reflection/learning-plan', { cookie, body });
    const stored = async () => (await t.call('GET', '/api/reflection/learning-plan', { cookie })).json().plan;

    // basedOn is required: missing or malformed is a 400 that names it, and nothing is created.
    for (const basedOn of [undefined, 'yesterday', 42]) {
      const bad = await put({ ...(await seal('A')), basedOn });
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().field).toBe('basedOn');
    }
    expect(await stored()).toBeNull();

    // Two windows open with no plan yet both create one at once: exactly one wins.
    const creates = await Promise.all(['A', 'B', 'C', 'D'].map(async (g) => put({ ...(await seal(g)), basedOn: null })));
    expect(creates.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const v1 = await stored();
    expect(creates.find((r) => r.statusCode === 200)?.json().plan).toEqual(v1);
    // A create when a plan already exists is refused, kindly, and the plan is as it was.
    const late = await put({ ...(await seal('E')), basedOn: null });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: 'CONFLICT', field: 'basedOn' });
    expect(late.json().message).toMatch(/another window/);
    expect(await stored()).toEqual(v1);

    // Window 1 saves on v1; window 2, still on v1, is refused and v2 stays.
    const w1 = await put({ ...(await seal('from window 1')), basedOn: v1.updatedAt });
    expect(w1.statusCode, w1.body).toBe(200);
    const v2 = w1.json().plan;
    expect(v2.updatedAt).not.toBe(v1.updatedAt);
    const w2 = await put({ ...(await seal('from window 2')), basedOn: v1.updatedAt });
    expect(w2.statusCode).toBe(409);
    expect(await stored()).toEqual(v2);
    expect(await web.decryptJson(dataKey, v2.iv, v2.ciphertext)).toEqual({ goals: [{ id: 'from window 1', goal: 'from window 1' }] });

    // Many saves based on the same version at once (two devices, a double click): exactly one wins.
    const racing = await Promise.all([1, 2, 3, 4, 5, 6].map(async (n) => put({ ...(await seal(`racer ${n}`)), basedOn: v2.updatedAt })));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = racing.find((r) => r.statusCode === 200)?.json().plan;
    expect(await stored()).toEqual(winner);
    // After loading the latest, the same window saves again.
    expect((await put({ ...(await seal('after reload')), basedOn: winner.updatedAt })).statusCode).toBe(200);

    // Another person's plan is their own: basing an edit on this one's version creates nothing for them.
    const locum = await t.signIn(clinic.members.locum);
    await journalFor(t, locum);
    expect(
      (await t.call('PUT', '/api/reflection/learning-plan', { cookie: locum, body: { ...(await seal('x')), basedOn: winner.updatedAt } }))
        .statusCode,
    ).toBe(409);
    expect((await t.call('GET', '/api/reflection/learning-plan', { cookie: locum })).json()).toEqual({ plan: null });
    await t.close();
    await db.close();
  }, 60_000);

  it(`[${dialect}] a journal entry's edit (say, new QA tags) applies only to the version it was based on`, async () => {
    const db = await freshDatabase(dialect);
    const t = await buildTestApp(db);
    const clinic = await buildClinic(db);
    const cookie = await t.signIn(clinic.members.therapist);
    const { web, dataKey } = await journalFor(t, cookie);
    const content = { title: 'Running over', text: 'I kept going past the hour.', tags: ['boundaries'] };
    const created = (
      await t.call('POST', '/api/reflection/journal/entries', {
        cookie,
        body: { kind: 'free', ...(await web.encryptJson(dataKey, content)) },
      })
    ).json();
    const url = `/api/reflection/journal/entries/${created.id}`;
    const edit = async (tags: string[], basedOn: unknown, who = cookie) =>
      t.call('PUT', url, { cookie: who, body: { kind: 'free', ...(await web.encryptJson(dataKey, { ...content, tags })), basedOn } });
    const list = async () => (await t.call('GET', '/api/reflection/journal/entries', { cookie })).json().entries;

    const missing = await edit(['self_care'], undefined);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe('basedOn');
    expect(await list()).toEqual([created]);

    // Re-tagged: the answer is the entry as now stored, with a new version to base the next edit on.
    const retagged = await edit(['boundaries', 'self_care'], created.updatedAt);
    expect(retagged.statusCode, retagged.body).toBe(200);
    const v2 = retagged.json();
    expect(v2).toMatchObject({ id: created.id, createdAt: created.createdAt });
    expect(v2.updatedAt).not.toBe(created.updatedAt);
    expect(await list()).toEqual([v2]);
    expect(await web.decryptJson(dataKey, v2.iv, v2.ciphertext)).toEqual({ ...content, tags: ['boundaries', 'self_care'] });

    // The other window still on the first version is refused; nothing changes.
    const stale = await edit(['record_keeping'], created.updatedAt);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'CONFLICT', field: 'basedOn' });
    expect(await list()).toEqual([v2]);

    const racing = await Promise.all(
      [['record_keeping'], ['client_centred'], ['self_care'], ['boundaries']].map((tags) => edit(tags, v2.updatedAt)),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    expect(await list()).toEqual([racing.find((r) => r.statusCode === 200)?.json()]);

    // Someone else cannot edit it, even knowing its version; a deleted entry answers 404.
    const [latest] = await list();
    expect((await edit(['record_keeping'], latest.updatedAt, await t.signIn(clinic.owner))).statusCode).toBe(404);
    expect(await list()).toEqual([latest]);
    await t.call('POST', `${url}/delete`, { cookie });
    expect((await edit(['record_keeping'], latest.updatedAt)).statusCode).toBe(404);
    await t.close();
    await db.close();
  }, 60_000);
}

for (const dialect of DIALECTS) {
  it(`[${dialect}] setting up or replacing the journal's keys is one conditional write: of two based on the same keys, one wins`, async () => {
    const db = await freshDatabase(dialect);
    const t = await buildTestApp(db); // a frozen clock: each change must still move the version on
    const clinic = await buildClinic(db);
    const cookie = await t.signIn(clinic.members.therapist);
    // Wrapped keys as the browser would send them; distinct bytes tell the writers apart.
    const material = (n: number) => ({
      kdf: 'PBKDF2-SHA256',
      iterations: 310_000,
      salt: b64(new Uint8Array(16).fill(n)),
      wrappedKey: b64(new Uint8Array(48).fill(n)),
      wrappedKeyIv: b64(new Uint8Array(12).fill(n)),
      recoveryWrappedKey: b64(new Uint8Array(48).fill(n + 100)),
      recoveryWrappedKeyIv: b64(new Uint8Array(12).fill(n + 100)),
    });
    const put = (body: object, who = cookie) => t.call('PUT', '/api/reflection/journal/key', { cookie: who, body });
    const stored = async (who = cookie) => (await t.call('GET', '/api/reflection/journal/key', { cookie: who })).json().key;

    // Two set-ups at once (two tabs, a double click): exactly one wins, the others change nothing.
    const setUps = await Promise.all([1, 2, 3, 4].map((n) => put(material(n))));
    expect(setUps.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const v1 = await stored();
    expect(setUps.find((r) => r.statusCode === 200)?.json().key).toEqual(v1);
    expect(setUps.find((r) => r.statusCode === 409)?.json().message).toMatch(/already set up/);

    // A replacement says which keys it is based on: missing or malformed is a 400 naming basedOn.
    for (const body of [
      { ...material(5), replace: true },
      { ...material(5), replace: true, basedOn: 'yesterday' },
      { ...material(5), basedOn: v1.updatedAt }, // set-up is based on "none yet"
    ]) {
      const bad = await put(body);
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().field).toBe('basedOn');
    }
    // Based on "none" while there are keys: refused kindly, nothing replaced.
    const none = await put({ ...material(5), replace: true, basedOn: null });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ error: 'CONFLICT', field: 'basedOn' });
    expect(await stored()).toEqual(v1);

    // Replacements based on the same keys at once: exactly one wins.
    const racing = await Promise.all([6, 7, 8, 9, 10].map((n) => put({ ...material(n), replace: true, basedOn: v1.updatedAt })));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    const v2 = await stored();
    expect(racing.find((r) => r.statusCode === 200)?.json().key).toEqual(v2);
    expect(v2.updatedAt).not.toBe(v1.updatedAt);
    expect(v2.createdAt).toBe(v1.createdAt);
    // A window still on the first keys is refused later too.
    expect((await put({ ...material(11), replace: true, basedOn: v1.updatedAt })).statusCode).toBe(409);
    expect(await stored()).toEqual(v2);

    // A new passphrase is a new version: a replacement based on the keys before it is refused.
    const rewrap = { iterations: 310_000, salt: 'AA==', wrappedKey: b64(new Uint8Array(48).fill(12)), wrappedKeyIv: 'AA==' };
    const changed = await t.call('PUT', '/api/reflection/journal/key/passphrase', {
      cookie,
      body: { ...rewrap, previousWrappedKey: v2.wrappedKey },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await put({ ...material(13), replace: true, basedOn: v2.updatedAt })).statusCode).toBe(409);
    const v3 = await stored();
    expect(v3.wrappedKey).toBe(rewrap.wrappedKey);
    expect((await put({ ...material(14), replace: true, basedOn: v3.updatedAt })).statusCode).toBe(200);

    // As before, a replacement where there were no keys sets the journal up.
    const locum = await t.signIn(clinic.members.locum);
    expect((await put({ ...material(15), replace: true, basedOn: null }, locum)).statusCode).toBe(200);
    expect((await stored(locum)).wrappedKey).toBe(material(15).wrappedKey);
    await t.close();
    await db.close();
  }, 60_000);
}
