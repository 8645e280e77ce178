import { expect, it } from 'vitest';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { totpCode } from '../src/server/modules/auth/index.js';
import { describeEachDialect, freshDatabase } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp, cookieFrom, type TestApp } from './support/http.js';

const OWNER = { clinicName: 'Quiet Hands Massage', name: 'Maya Owner', email: 'maya@example.test', password: 'Willow-Creek-Morning-19' };

describeEachDialect('setup', ({ dialect }) => {
  it('creates the practice once, signs the owner in, and refuses a second setup', async () => {
    const db = await freshDatabase(dialect);
    const t = await buildTestApp(db);
    try {
      expect((await t.call('GET', '/api/setup')).json()).toEqual({ needsSetup: true });
      const res = await t.call('POST', '/api/setup', { body: OWNER });
      expect(res.statusCode).toBe(200);
      const me = res.json().me;
      expect(me.user).toMatchObject({ email: OWNER.email, name: OWNER.name, totpEnabled: false });
      expect(me.clinic).toMatchObject({ clinicName: OWNER.clinicName, role: 'owner', treats: true });
      const cookie = cookieFrom(res);
      expect((await t.call('GET', '/api/me', { cookie })).json().user.email).toBe(OWNER.email);
      expect((await t.call('GET', '/api/setup')).json()).toEqual({ needsSetup: false });
      const again = await t.call('POST', '/api/setup', { body: { ...OWNER, email: 'other@example.test' } });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toBe('ALREADY_SET_UP');
      const audit = await verifyAudit(db.db);
      expect(audit.ok).toBe(true);
      expect(audit.rows).toBe(2); // clinic.setup + auth.login
    } finally {
      await t.close();
      await db.close();
    }
  });

  it('refuses weak or common passwords with a clear message and writes nothing', async () => {
    const db = await freshDatabase(dialect);
    const t = await buildTestApp(db);
    try {
      for (const password of ['short', 'password1234', 'qwertyuiop12', 'maya@example.test!']) {
        const res = await t.call('POST', '/api/setup', { body: { ...OWNER, password } });
        expect(res.statusCode, password).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, password).toBeLessThan(500);
        expect(res.json().field).toBe('password');
        expect(res.json().message.length).toBeGreaterThan(10);
      }
      expect((await t.call('GET', '/api/setup')).json()).toEqual({ needsSetup: true });
      expect((await verifyAudit(db.db)).rows).toBe(0);
    } finally {
      await t.close();
      await db.close();
    }
  });

  it('answers malformed JSON, unknown fields and wrong types with 400 naming the field', async () => {
    const db = await freshDatabase(dialect);
    const t = await buildTestApp(db);
    try {
      const bad = await t.call('POST', '/api/setup', { body: '{"clinicName": "x",' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toBe('BAD_JSON');
      const unknown = await t.call('POST', '/api/setup', { body: { ...OWNER, isAdmin: true } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().message).toContain('isAdmin');
      const wrongType = await t.call('POST', '/api/setup', { body: { ...OWNER, email: 42 } });
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json().field).toBe('email');
      const huge = await t.call('POST', '/api/setup', { body: { ...OWNER, clinicName: 'x'.repeat(2 * 1024 * 1024) } });
      expect(huge.statusCode).toBe(413);
      const form = await t.call('POST', '/api/setup', { body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.statusCode).toBe(415);
      expect((await t.call('GET', '/api/setup')).json()).toEqual({ needsSetup: true });
    } finally {
      await t.close();
      await db.close();
    }
  });
});

describeEachDialect('sign-in and sessions', ({ db }) => {
  let t: TestApp;
  const start = () => t;
  it('signs in, rotates the session id, sets a safe cookie and signs out', async () => {
    t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const first = await start().call('POST', '/api/auth/login', { body: { email: clinic.owner.email, password: clinic.owner.password } });
    expect(first.statusCode).toBe(200);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http in this test
    const cookieA = cookieFrom(first);
    const second = await t.call('POST', '/api/auth/login', {
      cookie: cookieA,
      body: { email: clinic.owner.email, password: clinic.owner.password },
    });
    const cookieB = cookieFrom(second);
    expect(cookieB).not.toBe(cookieA);
    expect((await t.call('GET', '/api/me', { cookie: cookieA })).statusCode).toBe(401);
    expect((await t.call('GET', '/api/me', { cookie: cookieB })).statusCode).toBe(200);
    expect((await t.call('POST', '/api/auth/logout', { cookie: cookieB })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/me', { cookie: cookieB })).statusCode).toBe(401);
    await t.close();
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const secure = await buildTestApp(db(), { env: { ATTUNE_TRUST_PROXY: 'true' } });
    const clinic = await buildClinic(db());
    const res = await secure.call('POST', '/api/auth/login', {
      body: { email: clinic.owner.email, password: clinic.owner.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    await secure.close();
  });

  it('ends sessions after the idle timeout and after the absolute timeout', async () => {
    const app = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await app.signIn(clinic.owner);
    app.clock.advance(29 * 60_000);
    expect((await app.call('GET', '/api/me', { cookie })).statusCode).toBe(200);
    app.clock.advance(29 * 60_000); // still active: the last request touched the session
    expect((await app.call('GET', '/api/me', { cookie })).statusCode).toBe(200);
    app.clock.advance(31 * 60_000);
    expect((await app.call('GET', '/api/me', { cookie })).statusCode).toBe(401);

    const cookie2 = await app.signIn(clinic.owner);
    for (let i = 0; i < 26; i++) {
      app.clock.advance(28 * 60_000);
      const status = (await app.call('GET', '/api/me', { cookie: cookie2 })).statusCode;
      if (i < 25) expect(status, `after ${(i + 1) * 28} minutes`).toBe(200);
      else expect(status, 'after 12 hours').toBe(401);
    }
    await app.close();
  });

  it('does not say whether an account exists, and throttles repeated failures with a time to retry', async () => {
    const app = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const unknown = await app.call('POST', '/api/auth/login', { body: { email: 'nobody@example.test', password: 'whatever-it-is' } });
    const wrong = await app.call('POST', '/api/auth/login', {
      body: { email: clinic.members.therapist.email, password: 'not-the-password' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().message).toBe(wrong.json().message);
    for (let i = 0; i < 4; i++) {
      await app.call('POST', '/api/auth/login', { body: { email: clinic.members.therapist.email, password: 'not-the-password' } });
    }
    const locked = await app.call('POST', '/api/auth/login', {
      body: { email: clinic.members.therapist.email, password: clinic.members.therapist.password },
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().message).toMatch(/minute/);
    // Another account from the same address is not locked by this one's failures.
    expect(
      (await app.call('POST', '/api/auth/login', { body: { email: clinic.members.admin.email, password: clinic.members.admin.password } }))
        .statusCode,
    ).toBe(200);
    app.clock.advance(16 * 60_000);
    expect(
      (
        await app.call('POST', '/api/auth/login', {
          body: { email: clinic.members.therapist.email, password: clinic.members.therapist.password },
        })
      ).statusCode,
    ).toBe(200);

    const owner = await app.signIn(clinic.owner);
    const failed = await app.call('GET', '/api/clinic/security/failed-sign-ins', { cookie: owner });
    expect(failed.statusCode).toBe(200);
    expect(failed.json().attempts.filter((a: { email: string }) => a.email === clinic.members.therapist.email)).toHaveLength(5);
    expect(failed.json().attempts.some((a: { email: string }) => a.email === 'nobody@example.test')).toBe(false);
    await app.close();
  });

  it('throttles one address trying many accounts', async () => {
    const app = await buildTestApp(db());
    for (let i = 0; i < 20; i++) {
      await app.call('POST', '/api/auth/login', { body: { email: `spray-${i}@example.test`, password: 'guess-guess' } });
    }
    const res = await app.call('POST', '/api/auth/login', { body: { email: 'spray-99@example.test', password: 'guess-guess' } });
    expect(res.statusCode).toBe(429);
    await app.close();
  });

  it('enrols TOTP, then requires it, refuses a replayed code and accepts each recovery code once', async () => {
    const app = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const user = clinic.members.therapist;
    const cookie = await app.signIn(user);
    const enrol = await app.call('POST', '/api/me/totp/enrol', { cookie });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUrl, qrSvg } = enrol.json();
    expect(otpauthUrl).toContain('otpauth://totp/');
    expect(qrSvg).toContain('<svg');
    expect((await app.call('POST', '/api/me/totp/confirm', { cookie, body: { code: '000000' } })).statusCode).toBe(400);
    const code = await totpCode(secret, app.clock.now());
    const confirmed = await app.call('POST', '/api/me/totp/confirm', { cookie, body: { code } });
    expect(confirmed.statusCode).toBe(200);
    const recoveryCodes: string[] = confirmed.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const needs = await app.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    expect(needs.json()).toEqual({ status: 'totp-required' });
    expect(needs.headers['set-cookie']).toBeUndefined();
    // The code used for enrolment cannot be replayed in the same time step.
    const replay = await app.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password, totp: code } });
    expect(replay.statusCode).toBe(401);
    app.clock.advance(30_000);
    const next = await totpCode(secret, app.clock.now());
    const ok = await app.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password, totp: next } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().me.user.totpEnabled).toBe(true);

    // Two sign-ins racing with the same fresh code: exactly one gets in.
    app.clock.advance(30_000);
    const raced = await totpCode(secret, app.clock.now());
    const race = await Promise.all(
      [1, 2].map(() => app.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password, totp: raced } })),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 401]);

    const recovery = recoveryCodes[0] as string;
    const withRecovery = await app.call('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password, totp: recovery },
    });
    expect(withRecovery.statusCode).toBe(200);
    const reused = await app.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password, totp: recovery } });
    expect(reused.statusCode).toBe(401);

    // Turning it off asks for the password, then sign-in needs no code and old codes are gone.
    expect((await app.call('POST', '/api/me/totp/disable', { cookie, body: { password: 'not-my-password' } })).statusCode).toBe(400);
    expect((await app.call('POST', '/api/me/totp/disable', { cookie, body: { password: user.password } })).statusCode).toBe(200);
    const plain = await app.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    expect(plain.json().status).toBe('signed-in');
    expect(await db().db.selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute()).toEqual([]);
    await app.close();
  });

  it('lets the owner require two-step sign-in; members without it can reach only their security settings', async () => {
    const app = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const owner = await app.signIn(clinic.owner);
    const refused = await app.call('PATCH', '/api/clinic/settings', { cookie: owner, body: { requireTotp: true } });
    expect(refused.statusCode).toBe(409); // the owner must enrol first
    const { secret } = (await app.call('POST', '/api/me/totp/enrol', { cookie: owner })).json();
    await app.call('POST', '/api/me/totp/confirm', { cookie: owner, body: { code: await totpCode(secret, app.clock.now()) } });
    expect((await app.call('PATCH', '/api/clinic/settings', { cookie: owner, body: { requireTotp: true } })).json().requireTotp).toBe(true);

    const admin = await app.signIn(clinic.members.admin);
    const me = (await app.call('GET', '/api/me', { cookie: admin })).json();
    expect(me.mustEnrolTotp).toBe(true);
    const blocked = await app.call('GET', '/api/clinic/members', { cookie: admin });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toBe('TOTP_ENROLMENT_REQUIRED');
    const enrol = await app.call('POST', '/api/me/totp/enrol', { cookie: admin });
    expect(enrol.statusCode).toBe(200);
    await app.call('POST', '/api/me/totp/confirm', { cookie: admin, body: { code: await totpCode(enrol.json().secret, app.clock.now()) } });
    expect((await app.call('GET', '/api/clinic/members', { cookie: admin })).statusCode).toBe(200);
    await app.close();
  });

  it('changes a password, keeps this device signed in and signs out the others', async () => {
    const app = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const user = clinic.members.mentor;
    const here = await app.signIn(user);
    const elsewhere = await app.signIn(user);
    const wrong = await app.call('POST', '/api/me/password', {
      cookie: here,
      body: { currentPassword: 'nope-nope-nope', newPassword: 'Amber-Field-Sparrow-31' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().field).toBe('currentPassword');
    const res = await app.call('POST', '/api/me/password', {
      cookie: here,
      body: { currentPassword: user.password, newPassword: 'Amber-Field-Sparrow-31' },
    });
    expect(res.statusCode).toBe(200);
    expect((await app.call('GET', '/api/me', { cookie: here })).statusCode).toBe(200);
    expect((await app.call('GET', '/api/me', { cookie: elsewhere })).statusCode).toBe(401);
    await app.signIn({ email: user.email, password: 'Amber-Field-Sparrow-31' });
    await app.close();
  });

  it('remembers the chosen language on the profile', async () => {
    const app = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await app.signIn(clinic.members.therapist);
    const res = await app.call('PATCH', '/api/me', { cookie, body: { locale: 'fr' } });
    expect(res.json().user.locale).toBe('fr');
    expect((await app.call('PATCH', '/api/me', { cookie, body: { locale: 'de' } })).statusCode).toBe(400);
    expect((await app.call('GET', '/api/me', { cookie })).json().user.locale).toBe('fr');
    await app.close();
  });
});
