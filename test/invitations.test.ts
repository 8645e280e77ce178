import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic, buildUser } from './support/factories.js';
import { buildTestApp, cookieFrom } from './support/http.js';
import { startSmtpServer } from './support/smtp.js';

const tokenOf = (link: string) => link.split('/invitation/')[1] as string;

describeEachDialect('invitations', ({ db }) => {
  it('owner invites a therapist; the link shows the invitation, sets a password once, and signs them in', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const owner = await t.signIn(clinic.owner);
    const created = await t.call('POST', '/api/clinic/invitations', {
      cookie: owner,
      body: { email: 'New.Person@Example.test', name: 'New Person', role: 'therapist' },
    });
    expect(created.statusCode).toBe(200);
    const invitation = created.json();
    expect(invitation).toMatchObject({ email: 'new.person@example.test', role: 'therapist', status: 'pending', emailQueued: false });
    const token = tokenOf(invitation.link);
    expect(token.length).toBeGreaterThanOrEqual(40);

    const preview = await t.call('GET', `/api/invitations/${token}`);
    expect(preview.json()).toEqual({
      clinicName: clinic.name,
      email: 'new.person@example.test',
      name: 'New Person',
      role: 'therapist',
      hasAccount: false,
    });
    const weak = await t.call('POST', `/api/invitations/${token}/accept`, { body: { password: 'password1234' } });
    expect(weak.statusCode).toBe(422);
    const accepted = await t.call('POST', `/api/invitations/${token}/accept`, { body: { password: 'Harbor-Pine-Lantern-44' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().me.clinic).toMatchObject({ clinicId: clinic.id, role: 'therapist' });
    const cookie = cookieFrom(accepted);
    expect((await t.call('GET', '/api/me', { cookie })).json().user.name).toBe('New Person');

    const reused = await t.call('POST', `/api/invitations/${token}/accept`, { body: { password: 'Harbor-Pine-Lantern-44' } });
    expect(reused.statusCode).toBe(410);
    expect((await t.call('GET', `/api/invitations/${token}`)).statusCode).toBe(410);
    const list = (await t.call('GET', '/api/clinic/invitations', { cookie: owner })).json().invitations;
    expect(list.find((i: { id: string }) => i.id === invitation.id).status).toBe('accepted');
    expect((await verifyAudit(db().db)).ok).toBe(true);
    await t.close();
  });

  it('a person already using Attune joins a second clinic with their existing password', async () => {
    const t = await buildTestApp(db());
    const first = await buildClinic(db());
    const second = await buildClinic(db());
    const person = first.members.therapist;
    const owner2 = await t.signIn(second.owner);
    const link = (await t.call('POST', '/api/clinic/invitations', { cookie: owner2, body: { email: person.email, role: 'locum' } })).json()
      .link;
    const token = tokenOf(link);
    expect((await t.call('GET', `/api/invitations/${token}`)).json().hasAccount).toBe(true);
    expect((await t.call('POST', `/api/invitations/${token}/accept`, { body: { password: 'not-their-password' } })).statusCode).toBe(400);
    const ok = await t.call('POST', `/api/invitations/${token}/accept`, { body: { password: person.password } });
    expect(ok.statusCode).toBe(200);
    const me = ok.json().me;
    expect(me.memberships.map((m: { clinicId: string; role: string }) => [m.clinicId, m.role]).sort()).toEqual(
      [
        [first.id, 'therapist'],
        [second.id, 'locum'],
      ].sort(),
    );
    expect(me.clinic.clinicId).toBe(second.id);
    const cookie = cookieFrom(ok);
    const switched = await t.call('POST', '/api/me/clinic', { cookie, body: { clinicId: first.id } });
    expect(switched.json().clinic.clinicId).toBe(first.id);
    const stranger = await buildClinic(db());
    expect((await t.call('POST', '/api/me/clinic', { cookie, body: { clinicId: stranger.id } })).statusCode).toBe(404);
    await t.close();
  });

  it('refuses expired and withdrawn links, duplicate members, and admins inviting admins', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const owner = await t.signIn(clinic.owner);
    const admin = await t.signIn(clinic.members.admin);
    expect(
      (await t.call('POST', '/api/clinic/invitations', { cookie: admin, body: { email: 'x@example.test', role: 'admin' } })).statusCode,
    ).toBe(403);
    expect(
      (await t.call('POST', '/api/clinic/invitations', { cookie: admin, body: { email: 'x@example.test', role: 'therapist' } })).statusCode,
    ).toBe(200);
    expect(
      (await t.call('POST', '/api/clinic/invitations', { cookie: owner, body: { email: clinic.members.mentor.email, role: 'therapist' } }))
        .statusCode,
    ).toBe(409);
    expect(
      (await t.call('POST', '/api/clinic/invitations', { cookie: owner, body: { email: 'y@example.test', role: 'owner' } })).statusCode,
    ).toBe(400);

    const withdrawn = (
      await t.call('POST', '/api/clinic/invitations', { cookie: owner, body: { email: 'w@example.test', role: 'mentor' } })
    ).json();
    expect((await t.call('POST', `/api/clinic/invitations/${withdrawn.id}/revoke`, { cookie: owner })).statusCode).toBe(200);
    expect((await t.call('GET', `/api/invitations/${tokenOf(withdrawn.link)}`)).statusCode).toBe(410);

    const expiring = (
      await t.call('POST', '/api/clinic/invitations', { cookie: owner, body: { email: 'e@example.test', role: 'mentor' } })
    ).json();
    t.clock.advance(8 * 86_400_000);
    expect(
      (
        await t.call('POST', `/api/invitations/${tokenOf(expiring.link)}/accept`, {
          body: { name: 'E', password: 'Harbor-Pine-Lantern-44' },
        })
      ).statusCode,
    ).toBe(410);
    expect((await t.call('GET', '/api/invitations/not-a-real-token-at-all-0123456789')).statusCode).toBe(410);
    await t.close();
  });

  it('the owner changes roles and removes members, but a clinic never loses its last owner', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const owner = await t.signIn(clinic.owner);
    expect(
      (await t.call('PATCH', `/api/clinic/members/${clinic.owner.id}`, { cookie: owner, body: { role: 'therapist' } })).statusCode,
    ).toBe(409);
    expect(
      (await t.call('PATCH', `/api/clinic/members/${clinic.members.mentor.id}`, { cookie: owner, body: { role: 'admin' } })).statusCode,
    ).toBe(200);
    const members = (await t.call('GET', '/api/clinic/members', { cookie: owner })).json().members;
    expect(members.find((m: { userId: string }) => m.userId === clinic.members.mentor.id).role).toBe('admin');
    const locumCookie = await t.signIn(clinic.members.locum);
    expect((await t.call('POST', `/api/clinic/members/${clinic.members.locum.id}/remove`, { cookie: owner })).statusCode).toBe(200);
    const me = (await t.call('GET', '/api/me', { cookie: locumCookie })).json();
    expect(me.clinic).toBeNull();
    expect((await t.call('GET', '/api/clinic/members', { cookie: owner })).json().members).toHaveLength(4);
    const outsider = await buildUser(db());
    expect((await t.call('PATCH', `/api/clinic/members/${outsider.id}`, { cookie: owner, body: { role: 'admin' } })).statusCode).toBe(404);
    await t.close();
  });
});

describeEachDialect('invitation email through a real SMTP server', ({ db }) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.stop());

  it('queues the invitation in the outbox, delivers it, and the emailed link works', async () => {
    const t = await buildTestApp(db(), { env: { SMTP_URL: smtp.url, ATTUNE_PUBLIC_URL: 'https://clinic.example.test' } });
    const clinic = await buildClinic(db());
    const owner = await t.signIn(clinic.owner);
    const created = (
      await t.call('POST', '/api/clinic/invitations', {
        cookie: owner,
        body: { email: 'mailed@example.test', role: 'therapist', name: 'Mailed Person' },
      })
    ).json();
    expect(created.emailQueued).toBe(true);
    expect(await t.mailer.deliverDue()).toBe(1);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual(['mailed@example.test']);
    const link = mail?.text.match(/https:\/\/clinic\.example\.test\/invitation\/([A-Za-z0-9_-]+)/);
    expect(link?.[1]).toBe(tokenOf(created.link));
    expect(mail?.text).toContain(clinic.name);
    expect(await t.mailer.deliverDue()).toBe(0); // sent once only
    const accepted = await t.call('POST', `/api/invitations/${link?.[1]}/accept`, { body: { password: 'Harbor-Pine-Lantern-44' } });
    expect(accepted.statusCode).toBe(200);
    smtp.received.length = 0;
    await t.close();
  });

  it('keeps the message when the SMTP server is down and retries later', async () => {
    const t = await buildTestApp(db(), { env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
    const clinic = await buildClinic(db());
    const owner = await t.signIn(clinic.owner);
    await t.call('POST', '/api/clinic/invitations', { cookie: owner, body: { email: 'later@example.test', role: 'mentor' } });
    expect(await t.mailer.deliverDue(t.clock.now())).toBe(0);
    const row = await db()
      .db.selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', 'later@example.test')
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toBeTruthy();
    await t.close();
  });
});
