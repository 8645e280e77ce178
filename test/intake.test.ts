import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';
import { startSmtpServer } from './support/smtp.js';

const ANSWERS = {
  conditions: ['Mild scoliosis'],
  medications: ['Ibuprofen as needed'],
  allergies: ['Almond oil'],
  contraindications: [],
  notes: 'Left shoulder surgery in 2019',
};
const tokenOf = (link: string) => link.split('/intake/')[1] as string;

describeEachDialect('health history through a secure link', ({ db }) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.stop());

  it('the patient answers once through the link, without an account; the therapist sees versions and the annual review', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const id = (
      await t.call('POST', '/api/patients', {
        cookie,
        body: { legalFirstName: 'Léa', legalLastName: 'Tremblay', dateOfBirth: '1992-12-01' },
      })
    ).json().id;
    let chart = (await t.call('GET', `/api/patients/${id}`, { cookie })).json();
    expect(chart.clinical.healthHistoryReviewDue).toBe(true);

    const created = await t.call('POST', `/api/patients/${id}/intake-links`, { cookie, body: { delivery: 'copy' } });
    expect(created.statusCode).toBe(200);
    const token = tokenOf(created.json().link);
    const form = await t.call('GET', `/api/intake/${token}`);
    expect(form.json()).toMatchObject({ clinicName: clinic.name, firstName: 'Léa', previous: null });
    expect(form.body).not.toContain('Tremblay'); // the link shows no more than it needs
    expect((await t.call('POST', `/api/intake/${token}`, { body: { ...ANSWERS, allergies: 'not a list' } })).statusCode).toBe(400);
    expect((await t.call('POST', `/api/intake/${token}`, { body: ANSWERS })).statusCode).toBe(200);
    expect((await t.call('POST', `/api/intake/${token}`, { body: ANSWERS })).statusCode).toBe(410);
    expect((await t.call('GET', `/api/intake/${token}`)).statusCode).toBe(410);
    expect((await t.call('GET', `/api/intake/${token.slice(0, -2)}xx`)).statusCode).toBe(410);

    const report = (await t.call('GET', `/api/patients/${id}/access-report`, { cookie })).json().entries;
    expect(report).toContainEqual(
      expect.objectContaining({ by: 'patient', code: 'health_history.submitted', action: 'completed the health history' }),
    );
    expect(report.filter((e: { action: string }) => e.action === 'accessed the record')).toEqual([]); // every event has words

    let history = (await t.call('GET', `/api/patients/${id}/health-history`, { cookie })).json();
    expect(history.current).toMatchObject({ ...ANSWERS, source: 'patient_link' });
    expect(history.reviewDue).toBe(false);
    chart = (await t.call('GET', `/api/patients/${id}`, { cookie })).json();
    expect(chart.clinical.healthHistoryReviewDue).toBe(false);

    // A year later: the review is due; the new link shows the last answers to update.
    t.clock.advance(366 * 86_400_000);
    const again = await t.signIn(clinic.members.therapist);
    history = (await t.call('GET', `/api/patients/${id}/health-history`, { cookie: again })).json();
    expect(history.reviewDue).toBe(true);
    const tablet = tokenOf(
      (await t.call('POST', `/api/patients/${id}/intake-links`, { cookie: again, body: { delivery: 'tablet' } })).json().link,
    );
    expect((await t.call('GET', `/api/intake/${tablet}`)).json().previous).toMatchObject(ANSWERS);
    await t.call('POST', `/api/intake/${tablet}`, { body: { ...ANSWERS, medications: [] } });
    history = (await t.call('GET', `/api/patients/${id}/health-history`, { cookie: again })).json();
    expect(history.current).toMatchObject({ medications: [], source: 'tablet' });
    expect(history.previous).toHaveLength(1); // the first answers are kept

    // A tablet link lasts an hour.
    const late = tokenOf(
      (await t.call('POST', `/api/patients/${id}/intake-links`, { cookie: again, body: { delivery: 'tablet' } })).json().link,
    );
    t.clock.advance(61 * 60_000);
    expect((await t.call('GET', `/api/intake/${late}`)).statusCode).toBe(410);
    const admin = await t.signIn(clinic.members.admin);
    expect((await t.call('GET', `/api/patients/${id}/health-history`, { cookie: admin })).statusCode).toBe(403);
    await t.close();
  });

  it('emails the link when the clinic has email, and says so kindly when it cannot', async () => {
    const noMail = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await noMail.signIn(clinic.members.therapist);
    const noEmail = (
      await noMail.call('POST', '/api/patients', {
        cookie,
        body: { legalFirstName: 'Sam', legalLastName: 'Nomail', dateOfBirth: '1990-01-01' },
      })
    ).json().id;
    expect((await noMail.call('POST', `/api/patients/${noEmail}/intake-links`, { cookie, body: { delivery: 'email' } })).json().field).toBe(
      'delivery',
    );
    const withEmail = (
      await noMail.call('POST', '/api/patients', {
        cookie,
        body: { legalFirstName: 'Ana', legalLastName: 'Mail', dateOfBirth: '1990-01-01', email: 'ana.mail@example.test' },
      })
    ).json().id;
    expect((await noMail.call('POST', `/api/patients/${withEmail}/intake-links`, { cookie, body: { delivery: 'email' } })).statusCode).toBe(
      409,
    );
    await noMail.close();

    const t = await buildTestApp(db(), { env: { SMTP_URL: smtp.url, ATTUNE_PUBLIC_URL: 'https://clinic.example.test' } });
    const c2 = await t.signIn(clinic.members.therapist);
    const res = await t.call('POST', `/api/patients/${withEmail}/intake-links`, { cookie: c2, body: { delivery: 'email' } });
    expect(res.json().emailQueued).toBe(true);
    await t.mailer.deliverDue();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual(['ana.mail@example.test']);
    expect(mail?.text).toContain(`https://clinic.example.test/intake/${tokenOf(res.json().link)}`);
    smtp.received.length = 0;
    await t.close();
  });
});
