import { expect, it } from 'vitest';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

describeEachDialect('a device handed to a patient', ({ db }) => {
  it('shows nothing of the clinic while locked, until its person enters their password', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = clinic.members.therapist;
    const tablet = await t.signIn(therapist);
    const desk = await t.signIn(therapist); // the same person on another device
    const body = { legalFirstName: 'Handed', legalLastName: 'Over', dateOfBirth: '1990-04-05' };
    const patientId = (await t.call('POST', '/api/patients', { cookie: tablet, body })).json().id as string;

    expect((await t.call('POST', '/api/auth/device/lock', { cookie: tablet })).statusCode).toBe(200);
    for (const url of ['/api/me', '/api/patients', `/api/patients/${patientId}`, '/api/scheduling/today']) {
      const res = await t.call('GET', url, { cookie: tablet });
      expect(res.statusCode, url).toBe(423);
      expect(res.json().error, url).toBe('SESSION_LOCKED');
      expect(res.body, url).not.toContain('Handed');
    }
    expect((await t.call('POST', '/api/patients', { cookie: tablet, body: { ...body, legalFirstName: 'Sneaky' } })).statusCode).toBe(423);
    // The other device is not affected.
    expect((await t.call('GET', `/api/patients/${patientId}`, { cookie: desk })).statusCode).toBe(200);

    const wrong = await t.call('POST', '/api/auth/device/unlock', { cookie: tablet, body: { password: 'not-the-password' } });
    expect(wrong.statusCode).toBe(401);
    expect((await t.call('GET', '/api/me', { cookie: tablet })).statusCode).toBe(423);
    expect((await t.call('POST', '/api/auth/device/unlock', { cookie: tablet, body: {} })).statusCode).toBe(400);

    const right = await t.call('POST', '/api/auth/device/unlock', { cookie: tablet, body: { password: therapist.password } });
    expect(right.statusCode).toBe(200);
    expect(right.json().user.id).toBe(therapist.id);
    expect((await t.call('GET', `/api/patients/${patientId}`, { cookie: tablet })).statusCode).toBe(200);

    const events = await db()
      .db.selectFrom('audit_events')
      .select('type')
      .where('actor_user_id', '=', therapist.id)
      .where('type', 'in', ['auth.device_locked', 'auth.device_unlocked', 'auth.login_failed'])
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['auth.device_locked', 'auth.login_failed', 'auth.device_unlocked']);
    await t.close();
  });

  it('throttles guessing the password of a locked device like sign-in, and still lets the device sign out', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const tablet = await t.signIn(clinic.members.therapist);
    await t.call('POST', '/api/auth/device/lock', { cookie: tablet });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await t.call('POST', '/api/auth/device/unlock', { cookie: tablet, body: { password: `guess-number-${i}` } })).statusCode,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    // Even the right password waits out the throttle: the lock holds.
    const right = await t.call('POST', '/api/auth/device/unlock', {
      cookie: tablet,
      body: { password: clinic.members.therapist.password },
    });
    expect(right.statusCode).toBe(429);
    expect((await t.call('POST', '/api/auth/logout', { cookie: tablet })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/me', { cookie: tablet })).statusCode).toBe(401);
    await t.close();
  });
});
