import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/server/platform/db/index.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

/**
 * Signed-in people are remembered between requests while the identity count stands still
 * (clinic/actor.ts). These tests change the database the way another process would (the CLI,
 * another server on PostgreSQL, an operator's SQL): straight through SQL, not through the app, so
 * only the triggers can tell the app that what it remembers is out of date.
 */
const countOf = async (h: DatabaseHandle) =>
  Number((await h.db.selectFrom('identity_changes').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version);

describeEachDialect('remembered sign-ins', ({ db }) => {
  it('sees a change made outside the app at the very next request', async () => {
    const app = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const person = clinic.members.therapist;
    const cookie = await app.signIn(person);
    const me = async () => {
      const res = await app.call('GET', '/api/me', { cookie });
      return { status: res.statusCode, body: res.statusCode === 200 ? res.json() : null };
    };
    expect((await me()).body.clinic.role).toBe('therapist');

    const changes: Array<[string, () => Promise<unknown>, (r: Awaited<ReturnType<typeof me>>) => void]> = [
      [
        'the role',
        () => db().db.updateTable('memberships').set({ role: 'admin' }).where('user_id', '=', person.id).execute(),
        (r) => expect(r.body.clinic.role).toBe('admin'),
      ],
      [
        'the name',
        () => db().db.updateTable('users').set({ name: 'Renamed Elsewhere' }).where('id', '=', person.id).execute(),
        (r) => expect(r.body.user.name).toBe('Renamed Elsewhere'),
      ],
      [
        'the clinic asking for two-step sign-in',
        () => db().db.updateTable('clinics').set({ require_totp: 1 }).where('id', '=', clinic.id).execute(),
        (r) => expect(r.body.mustEnrolTotp).toBe(true),
      ],
      [
        'the session revoked',
        () => db().db.updateTable('sessions').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', person.id).execute(),
        (r) => expect(r.status).toBe(401),
      ],
    ];
    for (const [what, change, expectation] of changes) {
      expect((await me()).status, `before ${what}`).not.toBe(500);
      await change();
      expectation(await me());
    }
    await app.close();
  });

  it('refuses a disabled account and a removed membership at once', async () => {
    const app = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const admin = await app.signIn(clinic.members.admin);
    const therapist = await app.signIn(clinic.members.therapist);
    expect((await app.call('GET', '/api/patients', { cookie: admin })).statusCode).toBe(200);
    expect((await app.call('GET', '/api/patients', { cookie: therapist })).statusCode).toBe(200);
    await db().db.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('id', '=', clinic.members.admin.id).execute();
    expect((await app.call('GET', '/api/patients', { cookie: admin })).statusCode).toBe(401);
    await db()
      .db.updateTable('memberships')
      .set({ removed_at: new Date().toISOString() })
      .where('user_id', '=', clinic.members.therapist.id)
      .execute();
    expect((await app.call('GET', '/api/patients', { cookie: therapist })).statusCode).toBe(403);
    await app.close();
  });

  it('moves the count on every column a signed-in person is read from, and not on the minute-by-minute touch', async () => {
    const h = db();
    const clinic = await buildClinic(h);
    const app = await buildTestApp(h);
    await app.signIn(clinic.owner);
    const at = new Date().toISOString();
    const user = clinic.members.locum.id;
    const updates: Array<[string, Record<string, unknown>, string, string]> = [
      ['sessions', { revoked_at: at }, 'user_id', clinic.owner.id],
      ['sessions', { locked_at: at }, 'user_id', clinic.owner.id],
      ['sessions', { clinic_id: clinic.id }, 'user_id', clinic.owner.id],
      ['sessions', { expires_at: at }, 'user_id', clinic.owner.id],
      ['users', { email: `moved-${Date.now()}@example.test` }, 'id', user],
      ['users', { name: 'Another Name' }, 'id', user],
      ['users', { locale: 'fr' }, 'id', user],
      ['users', { totp_secret: 'JBSWY3DPEHPK3PXP' }, 'id', user],
      ['users', { disabled_at: at }, 'id', user],
      ['memberships', { role: 'mentor' }, 'user_id', user],
      ['memberships', { treats: 0 }, 'user_id', user],
      ['memberships', { removed_at: at }, 'user_id', user],
      ['clinics', { name: 'Renamed Clinic' }, 'id', clinic.id],
      ['clinics', { require_totp: 1 }, 'id', clinic.id],
    ];
    for (const [table, set, key, value] of updates) {
      const before = await countOf(h);
      await h.db.updateTable(table).set(set).where(key, '=', value).execute();
      expect(await countOf(h), `${table}.${Object.keys(set)[0]}`).toBeGreaterThan(before);
    }
    const before = await countOf(h);
    await h.db
      .insertInto('memberships')
      .values({
        clinic_id: clinic.id,
        user_id: clinic.members.admin.id,
        role: 'admin',
        treats: 0,
        created_at: at,
        removed_at: null,
      })
      .execute()
      .catch(() => undefined); // already a member: the insert fails and counts nothing
    await sql`delete from memberships where user_id = ${clinic.members.mentor.id}`.execute(h.db);
    expect(await countOf(h), 'membership deleted').toBeGreaterThan(before);

    const untouched = await countOf(h);
    await h.db.updateTable('sessions').set({ last_seen_at: at }).execute();
    await h.db.updateTable('users').set({ password_hash: 'x' }).where('id', '=', user).execute();
    expect(await countOf(h), 'last_seen_at and the password hash change no actor').toBe(untouched);
    await app.close();
  });

  it('keeps what it remembers while the count stands still, and still writes when the session was last seen', async () => {
    const h = db();
    const app = await buildTestApp(h);
    const clinic = await buildClinic(h);
    const cookie = await app.signIn(clinic.members.therapist);
    expect((await app.call('GET', '/api/me', { cookie })).json().user.name).not.toBe('Unseen Name');
    // A change that (wrongly) does not move the count is not seen: proof the remembered actor is used.
    const count = await countOf(h);
    await h.db.updateTable('users').set({ name: 'Unseen Name' }).where('id', '=', clinic.members.therapist.id).execute();
    await h.db.updateTable('identity_changes').set({ version: count }).where('id', '=', 1).execute();
    expect((await app.call('GET', '/api/me', { cookie })).json().user.name).not.toBe('Unseen Name');
    // Two minutes on, a remembered session is still touched, so the idle timeout counts from now.
    app.clock.advance(2 * 60_000);
    expect((await app.call('GET', '/api/me', { cookie })).statusCode).toBe(200);
    const seen = await h.db
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('user_id', '=', clinic.members.therapist.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(seen.last_seen_at).toBe(app.clock.now().toISOString());
    // And past the idle timeout it is refused, remembered or not.
    app.clock.advance(31 * 60_000);
    expect((await app.call('GET', '/api/me', { cookie })).statusCode).toBe(401);
    await app.close();
  });
});
