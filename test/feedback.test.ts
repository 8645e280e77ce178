import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { fhirProblems } from '../src/server/modules/feedback/fhir-schema.js';
import { computeAlerts, requestFeedbackForCompleted, startFeedbackJobs } from '../src/server/modules/feedback/index.js';
import { BUILT_IN_RULES, builtInQuestionnaire } from '../src/server/modules/feedback/instrument.js';
import { checkAnswers, toResponse } from '../src/server/modules/feedback/questionnaire.js';
import { alertsFor, rulesOf, score, UsualTherapist, usualTherapist } from '../src/server/modules/feedback/scoring.js';
import type { DatabaseHandle } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';
import { DIALECTS, describeEachDialect, freshDatabase } from './support/db.js';
import { addMember, buildClinic, buildUser } from './support/factories.js';
import { buildTestApp, testClock } from './support/http.js';
import { startSmtpServer } from './support/smtp.js';

const DAY = 86_400_000;
const tokenOf = (link: string) => link.split('/feedback/')[1] as string;
const answersOf = (safe: number, heard: number, present: number, consent: number, pain?: number, comment?: string) => ({
  answers: [
    { linkId: 'safe', value: safe },
    { linkId: 'heard', value: heard },
    { linkId: 'present', value: present },
    { linkId: 'consent', value: consent },
    ...(pain === undefined ? [] : [{ linkId: 'pain', value: pain }]),
    ...(comment === undefined ? [] : [{ linkId: 'comment', value: comment }]),
  ],
});

describe('the built-in instrument (no database)', () => {
  it('is a valid FHIR R4 Questionnaire in English and French, in our own words, with scoring rules inside', () => {
    for (const language of ['en', 'fr'] as const) {
      const q = builtInQuestionnaire(language);
      expect(fhirProblems('Questionnaire', q)).toEqual([]);
      expect(rulesOf(q as never)).toEqual(BUILT_IN_RULES);
      expect(q.item?.map((i) => i.linkId)).toEqual(['safe', 'heard', 'present', 'consent', 'pain', 'comment']);
    }
    expect(builtInQuestionnaire('fr').item?.[0]?.text).toContain('en sécurité');
    // The validator catches what is wrong, naming where.
    const bad = { ...builtInQuestionnaire('en'), status: 'bogus' };
    expect(fhirProblems('Questionnaire', bad).join(' ')).toContain('/status');
    expect(fhirProblems('Questionnaire', { ...builtInQuestionnaire('en'), item: { linkId: 'x' } }).join(' ')).toContain('/item');
    expect(fhirProblems('Questionnaire', { resourceType: 'Patient' })).toEqual(['resourceType must be "Questionnaire".']);
  });

  it('keeps the usual therapist as answers arrive exactly as counting them all again would (latest wins a tie)', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let run = 0; run < 200; run++) {
      const kept = new UsualTherapist();
      const earlier: { items: Record<string, number | null>; therapistUserId: string }[] = [];
      expect(kept.current).toBeNull();
      for (let i = 0; i < 1 + (next() % 30); i++) {
        const therapistUserId = ['usual', 'locum', 'other'][next() % 3] as string;
        earlier.push({ items: {}, therapistUserId });
        kept.add(therapistUserId);
        expect(kept.current).toBe(usualTherapist(earlier));
      }
    }
    const tie = new UsualTherapist();
    for (const who of ['a', 'b', 'b', 'a']) tie.add(who);
    expect(tie.current).toBe('a');
  });

  it('scores known answer sets and raises the alerts the rules describe', () => {
    const q = builtInQuestionnaire('en');
    const full = checkAnswers(q, answersOf(4, 3, 4, 4, 2, '  Thank you  '));
    expect(score(BUILT_IN_RULES, full)).toEqual({
      items: { safe: 4, heard: 3, present: 4, consent: 4 },
      totals: { relationship: 15 },
      painNow: 2,
      comment: 'Thank you',
    });
    const partial = checkAnswers(q, { answers: [{ linkId: 'heard', value: 1 }] });
    expect(score(BUILT_IN_RULES, partial)).toEqual({
      items: { safe: null, heard: 1, present: null, consent: null },
      totals: { relationship: null },
      painNow: null,
      comment: null,
    });
    const at = (safe: number, heard: number, present: number, consent: number, therapistUserId = 'usual') => ({
      items: { safe, heard, present, consent },
      therapistUserId,
    });
    // Not safe and consent not respected: urgent, whatever the history.
    expect(alertsFor(BUILT_IN_RULES, [], at(1, 4, 4, 0))).toEqual([
      { kind: 'not_safe', priority: 'urgent', item: 'safe', value: 1, baseline: null },
      { kind: 'consent_not_respected', priority: 'urgent', item: 'consent', value: 0, baseline: null },
    ]);
    // A drop of two below the patient's own running baseline (mean of the last five), once two earlier answers exist.
    const history = [4, 4, 3, 4, 4, 4].map((h) => at(4, h, 4, 4));
    expect(alertsFor(BUILT_IN_RULES, history.slice(0, 1), at(4, 1, 4, 4))).toEqual([]);
    expect(alertsFor(BUILT_IN_RULES, history, at(4, 1, 3, 4))).toEqual([
      { kind: 'drop_below_baseline', priority: 'soon', item: 'heard', value: 1, baseline: 3.8 },
    ]);
    expect(alertsFor(BUILT_IN_RULES, history, at(4, 2, 4, 4))).toEqual([]); // 1.8 below: not yet
    // Only the last five answers to the item count: older low ones and unanswered sessions do not.
    const skipped = { items: { safe: 4, heard: null, present: 4, consent: 4 }, therapistUserId: 'usual' };
    const longer = [at(4, 0, 4, 4), at(4, 0, 4, 4), ...[4, 4, 4].map((h) => at(4, h, 4, 4)), skipped, at(4, 4, 4, 4), at(4, 4, 4, 4)];
    expect(alertsFor(BUILT_IN_RULES, longer, at(4, 2, 4, 4))).toEqual([
      { kind: 'drop_below_baseline', priority: 'soon', item: 'heard', value: 2, baseline: 4 },
    ]);
    // Version 2: a session with someone other than the usual therapist (a locum) that felt a point worse.
    const withLocum = [...history, at(4, 4, 4, 4, 'locum')];
    expect(alertsFor(BUILT_IN_RULES, withLocum, at(4, 4, 3, 4, 'locum'))).toEqual([
      { kind: 'worse_with_other_therapist', priority: 'soon', item: 'present', value: 3, baseline: 4 },
    ]);
    expect(alertsFor(BUILT_IN_RULES, withLocum, at(4, 4, 3, 4, 'usual'))).toEqual([]); // with the usual therapist: within the drop rule
    const v1 = rulesOf(builtInQuestionnaire('en', '1') as never);
    expect(v1?.otherTherapist).toBeUndefined();
    expect(alertsFor(v1 as NonNullable<typeof v1>, withLocum, at(4, 4, 3, 4, 'locum'))).toEqual([]); // version 1 keeps its own rules
    // The stored response is a valid FHIR R4 QuestionnaireResponse.
    const response = toResponse(q, full, { id: 'r1', authored: '2026-03-02T15:00:00.000Z', declined: false });
    expect(fhirProblems('QuestionnaireResponse', response)).toEqual([]);
    expect(response.item?.[0]?.answer?.[0]?.valueCoding?.code).toBe('4');
    expect(
      fhirProblems('QuestionnaireResponse', toResponse(q, new Map(), { id: 'r2', authored: '2026-03-02T15:00:00.000Z', declined: true })),
    ).toEqual([]);
  });
});

/** A clinic, a therapist's adult patient (French-speaking, with email) and a way to complete sessions day by day. */
async function feedbackClinic(database: DatabaseHandle, env: Record<string, string> = {}) {
  const t = await buildTestApp(database, { clock: testClock(new Date('2026-03-02T12:00:00.000Z')), env });
  const clinic = await buildClinic(database);
  const as = (who: 'therapist' | 'admin' | 'locum' | 'mentor' | 'owner') => t.signIn(who === 'owner' ? clinic.owner : clinic.members[who]);
  const therapist = await as('therapist');
  const patient = (
    await t.call('POST', '/api/patients', {
      cookie: therapist,
      body: {
        legalFirstName: 'Élodie',
        legalLastName: 'Gagnon-Feedback',
        dateOfBirth: '1985-04-02',
        email: 'elodie@example.test',
        preferredLanguage: 'fr',
      },
    })
  ).json();
  const type = (
    await t.call('POST', '/api/scheduling/appointment-types', {
      cookie: await as('admin'),
      body: { name: '60 min massage', durationMinutes: 60, feeCents: 12000 },
    })
  ).json();
  if (!patient.id || !type.id) throw new Error('feedback fixture failed');
  let day = 0;
  /** Books a session the next day at 14:00Z, moves the clock past it and marks it completed. */
  /** `with` another member: the front desk books and completes it for them (e.g. a locum's visit). */
  const completedSession = async (patientId: string = patient.id, withUserId?: string) => {
    day++;
    const start = new Date(Date.parse('2026-03-02T14:00:00.000Z') + day * DAY);
    const who = withUserId ? 'admin' : 'therapist';
    const cookie = await as(who);
    const booked = await t.call('POST', '/api/scheduling/appointments', {
      cookie,
      body: {
        patientId,
        appointmentTypeId: type.id,
        startsAt: start.toISOString(),
        allowOutsideHours: true,
        ...(withUserId ? { therapistUserId: withUserId } : {}),
      },
    });
    if (booked.statusCode !== 200) throw new Error(`booking failed: ${booked.body}`);
    t.clock.set(new Date(start.getTime() + 65 * 60_000));
    const done = await t.call('POST', `/api/scheduling/appointments/${booked.json().id}/complete`, { cookie: await as(who), body: {} });
    if (done.statusCode !== 200) throw new Error(`completing failed: ${done.body}`);
    return booked.json().id as string;
  };
  const consentToFeedback = async (patientId: string = patient.id) => {
    const res = await t.call('POST', `/api/patients/${patientId}/consents`, {
      cookie: await as('therapist'),
      body: { type: 'feedback', givenBy: { kind: 'patient' }, method: 'verbal', attested: true },
    });
    if (res.statusCode !== 200) throw new Error(`consent failed: ${res.body}`);
    return res.json().id as string;
  };
  const request = async (appointmentId: string, delivery: 'email' | 'in_clinic' = 'in_clinic') =>
    t.call('POST', '/api/feedback/requests', { cookie: await as('therapist'), body: { appointmentId, delivery } });
  const answer = async (appointmentId: string, body: unknown) => {
    const link = (await request(appointmentId)).json().link as string;
    return t.call('POST', `/api/feedback/${tokenOf(link)}`, { body });
  };
  return { t, clinic, as, patientId: patient.id as string, completedSession, consentToFeedback, request, answer };
}

/** Puts answers back on the alert step's work list, as answers loaded from another system would be. */
async function requeue(handle: DatabaseHandle, column: 'patient_id' | 'clinic_id', value: string) {
  const rows = await handle.db
    .selectFrom('feedback_responses')
    .select(['clinic_id', 'patient_id', 'id as response_id', 'authored_at as queued_at'])
    .where(column, '=', value)
    .execute();
  await handle.db.insertInto('feedback_alert_queue').values(rows).execute();
}
const stillQueued = async (handle: DatabaseHandle, patientId?: string) =>
  (
    await handle.db
      .selectFrom('feedback_alert_queue')
      .select('response_id')
      .$if(patientId !== undefined, (q) => q.where('patient_id', '=', patientId as string))
      .execute()
  ).length;

describeEachDialect('feedback after a session', ({ db }) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => smtp.stop());

  it('asks only after a completed session, only with consent, emails a single-use link, and stops when consent is withdrawn', async () => {
    const f = await feedbackClinic(db(), { SMTP_URL: smtp.url, ATTUNE_PUBLIC_URL: 'https://clinic.example.test' });
    const { t } = f;
    const session = await f.completedSession();

    const noConsent = await f.request(session, 'email');
    expect(noConsent.statusCode).toBe(409);
    expect(noConsent.json()).toMatchObject({ error: 'CONSENT_REQUIRED' });
    expect(noConsent.json().message).toContain('has not agreed to be asked for feedback');
    const consentId = await f.consentToFeedback();

    // A session not completed yet cannot be asked about.
    const future = await t.call('POST', '/api/scheduling/appointments', {
      cookie: await f.as('therapist'),
      body: {
        patientId: f.patientId,
        appointmentTypeId: (await t.call('GET', '/api/scheduling/appointment-types', { cookie: await f.as('therapist') })).json().types[0]
          .id,
        startsAt: '2026-04-01T14:00:00.000Z',
        allowOutsideHours: true,
      },
    });
    const notYet = await f.request(future.json().id, 'email');
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().message).toContain('once the session is marked completed');
    expect((await f.request('no-such-appointment')).statusCode).toBe(404);
    expect(
      (
        await t.call('POST', '/api/feedback/requests', {
          cookie: await f.as('therapist'),
          body: { appointmentId: session, delivery: 'fax' },
        })
      ).json().field,
    ).toBe('delivery');

    const sent = await f.request(session, 'email');
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ emailQueued: true, sentTo: 'patient', appointmentId: session });
    const token = tokenOf(sent.json().link);
    expect(token.length).toBeGreaterThanOrEqual(22); // at least 128 random bits, base64url
    expect(sent.json().link).toBe(`https://clinic.example.test/feedback/${token}`);
    // Only a hash of the token is stored.
    const stored = await db()
      .db.selectFrom('feedback_requests')
      .select(['token_hash', 'expires_at'])
      .where('appointment_id', '=', session)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toContain(token);
    expect(Date.parse(stored[0]?.expires_at as string) - t.clock.now().getTime()).toBe(7 * DAY);

    await t.mailer.deliverDue(t.clock.now());
    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual(['elodie@example.test']);
    expect(mail?.raw).toContain('Subject:');
    expect(mail?.text).toContain(`https://clinic.example.test/feedback/${token}`);
    expect(mail?.text).toContain('Trente secondes'); // in the patient's language
    expect(mail?.text).not.toContain('Gagnon-Feedback');
    smtp.received.length = 0;

    // Withdrawal stops further requests.
    const withdrawn = await t.call('POST', `/api/patients/${f.patientId}/consents/${consentId}/withdraw`, {
      cookie: await f.as('therapist'),
      body: { reason: 'Prefers not to answer questionnaires' },
    });
    expect(withdrawn.statusCode).toBe(200);
    const next = await f.completedSession();
    expect((await f.request(next, 'in_clinic')).json().error).toBe('CONSENT_REQUIRED');
    expect(await verifyAudit(db().db)).toMatchObject({ ok: true });
    await t.close();
  });

  it('the periodic sweep asks for feedback on completed sessions once, only where the clinic turned it on and consent is in place', async () => {
    const f = await feedbackClinic(db(), { SMTP_URL: smtp.url, ATTUNE_PUBLIC_URL: 'https://clinic.example.test' });
    const { t } = f;
    const deps = { db: db().db, dialect: db().dialect, now: t.clock.now, mailer: t.mailer, publicUrl: 'https://clinic.example.test' };
    const first = await f.completedSession();
    expect(await requestFeedbackForCompleted(deps, t.clock.now())).toBe(0); // not turned on
    const owner = await f.as('owner');
    expect(
      (await t.call('PUT', '/api/feedback/settings', { cookie: await f.as('therapist'), body: { automaticEmail: true } })).statusCode,
    ).toBe(403);
    expect((await t.call('PUT', '/api/feedback/settings', { cookie: owner, body: { automaticEmail: 'yes' } })).json().field).toBe(
      'automaticEmail',
    );
    expect((await t.call('PUT', '/api/feedback/settings', { cookie: owner, body: { automaticEmail: true } })).json()).toEqual({
      automaticEmail: true,
      questionnaireId: null,
    });
    expect(await requestFeedbackForCompleted(deps, t.clock.now())).toBe(0); // no consent yet
    await f.consentToFeedback();
    const second = await f.completedSession();
    // Links in emails need the clinic's public address.
    expect(await requestFeedbackForCompleted({ ...deps, publicUrl: undefined }, t.clock.now())).toBe(0);
    expect(await requestFeedbackForCompleted(deps, t.clock.now())).toBe(2); // both sessions, within the first look-back
    expect(await requestFeedbackForCompleted(deps, t.clock.now())).toBe(0); // never twice
    // Two processes sweeping at once: one request and one email per session, the first link kept.
    const third = await f.completedSession();
    const both = await Promise.all([requestFeedbackForCompleted(deps, t.clock.now()), requestFeedbackForCompleted(deps, t.clock.now())]);
    expect(both[0] + both[1]).toBe(1);
    await t.mailer.deliverDue(t.clock.now());
    const mails = await smtp.waitFor(3);
    expect(mails.map((m) => m.to[0])).toEqual(['elodie@example.test', 'elodie@example.test', 'elodie@example.test']);
    expect(mails[0]?.text).toContain('https://clinic.example.test/feedback/');
    smtp.received.length = 0;
    const rows = await db()
      .db.selectFrom('feedback_requests')
      .select(['appointment_id', 'created_by'])
      .where('patient_id', '=', f.patientId)
      .execute();
    expect(rows.map((r) => r.appointment_id).sort()).toEqual([first, second, third].sort());
    expect(rows.every((r) => r.created_by === null)).toBe(true);
    // The audit log names the therapist the sweep acted for, and that it was automatic.
    const audit = await db()
      .db.selectFrom('audit_events')
      .select(['actor_user_id', 'data'])
      .where('type', '=', 'feedback.requested')
      .where('patient_id', '=', f.patientId)
      .execute();
    expect(audit.map((a) => [a.actor_user_id, JSON.parse(a.data).automatic])).toEqual(Array(3).fill([f.clinic.members.therapist.id, true]));
    await t.close();
  });

  it('the periodic job runs the sweep on each tick and the alert pass once a night', async () => {
    const f = await feedbackClinic(db(), { SMTP_URL: smtp.url, ATTUNE_PUBLIC_URL: 'https://clinic.example.test' });
    const { t } = f;
    await f.consentToFeedback();
    const answered = await f.completedSession();
    expect((await f.answer(answered, answersOf(0, 4, 4, 4))).statusCode).toBe(200);
    await requeue(db(), 'patient_id', f.patientId);
    expect(
      (await t.call('PUT', '/api/feedback/settings', { cookie: await f.as('owner'), body: { automaticEmail: true } })).statusCode,
    ).toBe(200);
    const waiting = await f.completedSession(); // 15:05Z: after 03:00 UTC, so tonight's pass is due
    const errors: string[] = [];
    const deps = { db: db().db, dialect: db().dialect, now: t.clock.now, mailer: t.mailer, publicUrl: 'https://clinic.example.test' };
    const jobs = startFeedbackJobs(deps, { error: (_o, msg) => errors.push(msg) }, 3_600_000);
    await jobs.tick();
    jobs.stop();
    expect(errors).toEqual([]);
    const requested = await db()
      .db.selectFrom('feedback_requests')
      .select(['appointment_id', 'created_by'])
      .where('patient_id', '=', f.patientId)
      .execute();
    expect(requested.find((r) => r.appointment_id === waiting)?.created_by).toBeNull();
    expect(await stillQueued(db(), f.patientId)).toBe(0);
    expect(
      (await db().db.selectFrom('feedback_alerts').select('kind').where('patient_id', '=', f.patientId).execute()).map((a) => a.kind),
    ).toEqual(['not_safe']);
    await t.mailer.deliverDue(t.clock.now());
    await smtp.waitFor(1);
    smtp.received.length = 0;
    await t.close();
  });

  it("a minor's questionnaire goes to their substitute decision-maker by email, or is answered in the clinic; never to the child", async () => {
    const f = await feedbackClinic(db(), { SMTP_URL: smtp.url });
    const { t } = f;
    const therapist = await f.as('therapist');
    const child = (
      await t.call('POST', '/api/patients', {
        cookie: therapist,
        body: { legalFirstName: 'Noa', legalLastName: 'Young', dateOfBirth: '2016-05-05', email: 'noa@example.test' },
      })
    ).json();
    const sdm = (
      await t.call('POST', `/api/patients/${child.id}/substitute-decision-makers`, {
        cookie: therapist,
        body: { name: 'Ada Young', relationship: 'parent' },
      })
    ).json();
    for (const type of ['treatment', 'feedback']) {
      const res = await t.call('POST', `/api/patients/${child.id}/consents`, {
        cookie: therapist,
        body: { type, givenBy: { kind: 'substitute', substituteDecisionMakerId: sdm.id }, method: 'verbal', attested: true },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const session = await f.completedSession(child.id);
    const email = await f.request(session, 'email');
    expect(email.statusCode).toBe(409);
    expect(email.json()).toMatchObject({ field: 'delivery' });
    expect(email.json().message).toContain('substitute decision-maker');
    const inClinic = await f.request(session, 'in_clinic');
    expect(inClinic.json()).toMatchObject({ emailQueued: false, sentTo: null });
    expect(smtp.received).toHaveLength(0);

    // With a substitute's email on file, the questionnaire about Noa's session goes to them.
    const withEmail = await t.call('POST', `/api/patients/${child.id}/substitute-decision-makers`, {
      cookie: await f.as('therapist'), // the clock moved past the session: a fresh sign-in
      body: { name: 'Ben Young', relationship: 'parent', email: 'ben.young@example.test' },
    });
    expect(withEmail.statusCode, withEmail.body).toBe(200);
    const toParent = await f.request(session, 'email');
    expect(toParent.statusCode, toParent.body).toBe(200);
    expect(toParent.json()).toMatchObject({ emailQueued: true, sentTo: 'substitute' });
    await t.mailer.deliverDue(t.clock.now());
    await smtp.waitFor(1);
    expect(smtp.received.map((m) => m.to)).toEqual([['ben.young@example.test']]);
    expect(smtp.received[0]?.text).toContain('bringing Noa to');
    // The questionnaire tells the substitute whom they answer for.
    const parentForm = await t.call('GET', `/api/feedback/${tokenOf(toParent.json().link)}`);
    expect(parentForm.json().answeringFor).toBe('Noa');
    expect(JSON.stringify(smtp.received)).not.toContain('noa@example.test');
    smtp.received.length = 0;
    await t.close();
  });

  it('the patient opens the link in their language, sees no health information, and answers once; bad links and bad answers store nothing', async () => {
    const f = await feedbackClinic(db());
    const { t, clinic } = f;
    await f.consentToFeedback();
    const session = await f.completedSession();
    const link = (await f.request(session)).json().link as string;
    const token = tokenOf(link);

    const form = await t.call('GET', `/api/feedback/${token}`);
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({
      answeringFor: null,
      clinicName: clinic.name,
      therapistFirstName: clinic.members.therapist.name.split(' ')[0],
      sessionDate: '2026-03-03',
      language: 'fr',
      title: 'Comment s’est passée votre séance ?',
    });
    expect(form.json().items.map((i: { linkId: string; kind: string }) => `${i.linkId}:${i.kind}`)).toEqual([
      'safe:scale',
      'heard:scale',
      'present:scale',
      'consent:scale',
      'pain:integer',
      'comment:text',
    ]);
    expect(form.json().items[0].options[0]).toEqual({ value: 0, label: 'Pas du tout' });
    for (const secret of ['Élodie', 'Gagnon', '1985', 'elodie@']) expect(form.body).not.toContain(secret);

    const count = async () =>
      (await db().db.selectFrom('feedback_responses').select('id').where('patient_id', '=', f.patientId).execute()).length;
    const bad: [unknown, string][] = [
      [{ answers: [{ linkId: 'safe', value: 7 }] }, 'answers.0.value'],
      [{ answers: [{ linkId: 'pain', value: 11 }] }, 'answers.0.value'],
      [{ answers: [{ linkId: 'pain', value: 2.5 }] }, 'answers.0.value'],
      [{ answers: [{ linkId: 'safe', value: 'yes' }] }, 'answers.0.value'],
      [{ answers: [{ linkId: 'mood', value: 1 }] }, 'answers.0.linkId'],
      [
        {
          answers: [
            { linkId: 'safe', value: 3 },
            { linkId: 'safe', value: 4 },
          ],
        },
        'answers.1.linkId',
      ],
      [{ answers: [{ linkId: 'comment', value: 'x'.repeat(1001) }] }, 'answers.0.value'],
      [{ answers: 'all good' }, 'answers'],
      [{ declined: 'maybe' }, 'declined'],
      [{ answers: Array.from({ length: 41 }, () => ({ linkId: 'safe', value: 1 })) }, 'answers'],
    ];
    for (const [body, field] of bad) {
      const res = await t.call('POST', `/api/feedback/${token}`, { body });
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().field ?? res.json().issues?.[0]?.path, JSON.stringify(body).slice(0, 80)).toBe(field);
    }
    const huge = await t.call('POST', `/api/feedback/${token}`, {
      body: JSON.stringify({ answers: [{ linkId: 'comment', value: 'y'.repeat(40_000) }] }),
    });
    expect(huge.statusCode).toBe(413);
    const malformed = await t.call('POST', `/api/feedback/${token}`, { body: '{"answers": [' });
    expect(malformed.statusCode).toBe(400);
    expect(await count()).toBe(0);

    const ok = await t.call('POST', `/api/feedback/${token}`, { body: answersOf(4, 4, 3, 4, 3, 'Merci !') });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ ok: true, declined: false });
    const reused = await t.call('POST', `/api/feedback/${token}`, { body: answersOf(0, 0, 0, 0) });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().message).toContain('no longer valid');
    expect((await t.call('GET', `/api/feedback/${token}`)).statusCode).toBe(410);
    const altered = `${token.slice(0, -3)}${token.endsWith('abc') ? 'xyz' : 'abc'}`;
    expect((await t.call('POST', `/api/feedback/${altered}`, { body: answersOf(4, 4, 4, 4) })).statusCode).toBe(410);
    expect((await t.call('GET', '/api/feedback/short')).statusCode).toBe(400);
    expect(await count()).toBe(1);

    // The stored response is FHIR; the patient is the actor in the audit log.
    const row = await db()
      .db.selectFrom('feedback_responses as r')
      .innerJoin('feedback_response_resources as x', 'x.response_id', 'r.id')
      .select(['r.id', 'x.resource'])
      .where('r.patient_id', '=', f.patientId)
      .executeTakeFirstOrThrow();
    expect(fhirProblems('QuestionnaireResponse', JSON.parse(row.resource))).toEqual([]);
    const audit = await db()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'feedback.submitted')
      .where('patient_id', '=', f.patientId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBeNull();

    // An expired link stores nothing; "I'd rather not answer" is kept as just that.
    const second = await f.completedSession();
    const late = tokenOf((await f.request(second)).json().link);
    t.clock.advance(7 * DAY + 1);
    expect((await t.call('POST', `/api/feedback/${late}`, { body: answersOf(4, 4, 4, 4) })).statusCode).toBe(410);
    expect(await count()).toBe(1);
    const fresh = tokenOf((await f.request(second)).json().link); // a new link replaces the expired one
    expect((await t.call('POST', `/api/feedback/${late}`, { body: { declined: true } })).statusCode).toBe(410);
    expect(
      (await t.call('POST', `/api/feedback/${fresh}`, { body: { declined: true, answers: [{ linkId: 'safe', value: 0 }] } })).json(),
    ).toEqual({
      ok: true,
      declined: true,
    });
    const declined = await db()
      .db.selectFrom('feedback_responses as r')
      .innerJoin('feedback_response_resources as x', 'x.response_id', 'r.id')
      .select(['r.declined', 'x.resource'])
      .where('r.appointment_id', '=', second)
      .executeTakeFirstOrThrow();
    expect(declined.declined).toBe(1);
    expect(JSON.parse(declined.resource)).not.toHaveProperty('item'); // nothing but the choice not to answer
    expect((await f.request(second)).json().message).toContain('already answered');
    await t.close();
  });

  it('two answers at once with the same link: exactly one is stored', async () => {
    const f = await feedbackClinic(db());
    await f.consentToFeedback();
    const token = tokenOf((await f.request(await f.completedSession())).json().link);
    const results = await Promise.all([1, 2, 3].map(() => f.t.call('POST', `/api/feedback/${token}`, { body: answersOf(3, 3, 3, 3) })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410, 410]);
    expect((await db().db.selectFrom('feedback_responses').select('id').where('patient_id', '=', f.patientId).execute()).length).toBe(1);
    await f.t.close();
  });

  it('raises one gentle alert when pain has not eased half-way through the treatment plan', async () => {
    const f = await feedbackClinic(db());
    const { t } = f;
    await f.consentToFeedback();
    let therapist = await f.as('therapist');
    const rel = (await t.call('GET', `/api/patients/${f.patientId}`, { cookie: therapist })).json().clinical.relationships[0].id;
    // Set on 2 March, reviewed on the 6th: half-way is the 4th.
    const plan = await t.call('PUT', `/api/patients/${f.patientId}/relationships/${rel}/plan`, {
      cookie: therapist,
      body: { areas: ['low back'], techniques: ['Swedish'], frequency: 'daily', reviewDate: '2026-03-06' },
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const kinds = async () => {
      therapist = await f.as('therapist');
      const view = (await t.call('GET', `/api/patients/${f.patientId}/feedback`, { cookie: therapist })).json();
      return view.alerts.filter((a: { kind: string }) => a.kind === 'pain_not_improving');
    };
    for (const pain of [6, 6]) expect((await f.answer(await f.completedSession(), answersOf(4, 4, 4, 4, pain))).statusCode).toBe(200);
    expect(await kinds()).toEqual([]); // two answers, and not yet half-way
    expect((await f.answer(await f.completedSession(), answersOf(4, 4, 4, 4, 5))).statusCode).toBe(200);
    const raised = await kinds();
    expect(raised).toEqual([expect.objectContaining({ priority: 'soon', value: 5, baseline: 6, resolvedAt: null })]);
    // The plan's setting is a marker on the trajectory (its clinic date).
    const markers = (await t.call('GET', `/api/patients/${f.patientId}/feedback`, { cookie: therapist })).json().planChanges;
    expect(markers.map((m: { date: string }) => m.date)).toEqual(['2026-03-02']);
    expect(raised[0].suggestion).toMatch(/plan together/);
    // Once per plan: a later answer with the same pain does not raise it again.
    expect((await f.answer(await f.completedSession(), answersOf(4, 4, 4, 4, 6))).statusCode).toBe(200);
    expect(await kinds()).toHaveLength(1);
    await t.close();
  });

  it('sets the pain before and after from the session’s signed note, as amended, beside the answers', async () => {
    const f = await feedbackClinic(db());
    const { t } = f;
    await f.consentToFeedback();
    const treatment = await t.call('POST', `/api/patients/${f.patientId}/consents`, {
      cookie: await f.as('therapist'),
      body: { type: 'treatment', givenBy: { kind: 'patient' }, method: 'verbal', attested: true },
    });
    expect(treatment.statusCode, treatment.body).toBe(200);
    const noted = await f.completedSession();
    const therapist = await f.as('therapist');
    const url = `/api/patients/${f.patientId}/notes`;
    const note = await t.call('POST', url, {
      cookie: therapist,
      body: { appointmentId: noted, subjective: 'Sore shoulders', painBefore: 7, painAfter: 4 },
    });
    expect(note.statusCode, note.body).toBe(200);
    const signed = await t.call('POST', `${url}/${note.json().id}/sign`, { cookie: therapist });
    expect(signed.statusCode, signed.body).toBe(200);
    const amended = await t.call('POST', `${url}/${note.json().id}/amendments`, {
      cookie: therapist,
      body: { painAfter: 3, reason: 'The patient said 3' },
    });
    expect(amended.statusCode, amended.body).toBe(200);
    expect((await f.answer(noted, answersOf(4, 4, 4, 4, 2))).statusCode).toBe(200);
    const unnoted = await f.completedSession();
    expect((await f.answer(unnoted, answersOf(4, 4, 4, 4, 2))).statusCode).toBe(200);
    const entries = (await t.call('GET', `/api/patients/${f.patientId}/feedback`, { cookie: await f.as('therapist') })).json().entries;
    expect(entries.map((e: { painBefore: number | null; painAfter: number | null }) => [e.painBefore, e.painAfter])).toEqual([
      [7, 3],
      [null, null],
    ]);
    await t.close();
  });

  it('archiving waits for open alerts to be resolved; a link already sent rests while the patient is archived', async () => {
    const f = await feedbackClinic(db());
    const { t } = f;
    await f.consentToFeedback();
    expect((await f.answer(await f.completedSession(), answersOf(1, 3, 3, 4))).statusCode).toBe(200); // did not feel safe
    const pending = tokenOf((await f.request(await f.completedSession())).json().link as string);
    const therapist = await f.as('therapist'); // signed in after the helpers, which sign in on their own
    const archive = () => t.call('POST', `/api/patients/${f.patientId}/archive`, { cookie: therapist, body: { reason: 'care_completed' } });

    const refused = await archive();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe(
      "This patient's feedback has an open alert. Their therapist resolves it first, with a note, so nothing the patient said goes unheard.",
    );
    const [alert] = (await t.call('GET', '/api/feedback/alerts', { cookie: therapist })).json().alerts as { id: string }[];
    const resolved = await t.call('POST', `/api/feedback/alerts/${alert?.id}/resolve`, {
      cookie: therapist,
      body: { note: 'We talked it through by phone; she is moving on with our blessing.' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await archive()).statusCode).toBe(200);

    // The link sent before archiving opens nothing and stores nothing while the patient is archived…
    const responses = () => db().db.selectFrom('feedback_responses').select('id').where('patient_id', '=', f.patientId).execute();
    expect((await t.call('GET', `/api/feedback/${pending}`)).statusCode).toBe(410);
    const closed = await t.call('POST', `/api/feedback/${pending}`, { body: answersOf(1, 1, 1, 1) });
    expect(closed.statusCode).toBe(410);
    expect(await responses()).toHaveLength(1);
    expect((await t.call('GET', '/api/feedback/alerts', { cookie: therapist })).json().alerts).toEqual([]);

    // …and works again once they are restored.
    expect((await t.call('POST', `/api/patients/${f.patientId}/restore`, { cookie: await f.as('admin') })).statusCode).toBe(200);
    expect((await t.call('GET', `/api/feedback/${pending}`)).statusCode).toBe(200);
    expect((await t.call('POST', `/api/feedback/${pending}`, { body: answersOf(4, 4, 4, 4) })).statusCode).toBe(200);
    expect(await responses()).toHaveLength(2);
    await t.close();
  });

  it('shows the treating therapist the trajectory and alerts (the front desk only counts), resolves alerts with a kept note, and the nightly pass is idempotent', async () => {
    const f = await feedbackClinic(db());
    const { t } = f;
    await f.consentToFeedback();
    const s1 = await f.completedSession();
    expect((await f.answer(s1, answersOf(4, 4, 4, 4, 6))).statusCode).toBe(200);
    const s2 = await f.completedSession();
    expect((await f.answer(s2, answersOf(4, 4, 4, 4, 5))).statusCode).toBe(200);
    const s3 = await f.completedSession();
    expect((await f.answer(s3, answersOf(4, 2, 4, 4, 4, 'Felt rushed today'))).statusCode).toBe(200); // heard drops 2 below baseline 4
    const s4 = await f.completedSession();
    expect((await f.answer(s4, answersOf(1, 3, 3, 4, 4))).statusCode).toBe(200); // did not feel safe

    const therapist = await f.as('therapist');
    const view = await t.call('GET', `/api/patients/${f.patientId}/feedback`, { cookie: therapist });
    expect(view.statusCode, view.body).toBe(200);
    const trajectory = view.json();
    expect(trajectory.entries.map((e: { items: { safe: number }; painNow: number }) => [e.items.safe, e.painNow])).toEqual([
      [4, 6],
      [4, 5],
      [4, 4],
      [1, 4],
    ]);
    expect(trajectory.entries[2].comment).toBe('Felt rushed today');
    expect(trajectory.requests).toEqual({ sent: 4, answered: 4 });
    expect(trajectory.alerts.map((a: { kind: string; priority: string; item: string }) => `${a.priority}:${a.kind}:${a.item}`)).toEqual([
      'urgent:not_safe:safe',
      'soon:drop_below_baseline:heard',
    ]);
    expect(trajectory.alerts[0].suggestion).toContain('did not feel safe');
    expect(trajectory.alerts[1]).toMatchObject({ value: 2, baseline: 4, sessionDate: '2026-03-05' });

    // The front desk sees counts only; locum, mentor and another clinic see nothing.
    const admin = await f.as('admin');
    expect((await t.call('GET', `/api/patients/${f.patientId}/feedback`, { cookie: admin })).statusCode).toBe(403);
    expect((await t.call('GET', `/api/patients/${f.patientId}/feedback/counts`, { cookie: admin })).json()).toEqual({
      patientId: f.patientId,
      requests: 4,
      responses: 4,
    });
    for (const who of ['locum', 'mentor'] as const) {
      expect((await t.call('GET', `/api/patients/${f.patientId}/feedback`, { cookie: await f.as(who) })).statusCode).toBe(404);
      expect((await t.call('GET', `/api/patients/${f.patientId}/feedback/counts`, { cookie: await f.as(who) })).statusCode).toBe(404);
    }
    const other = await buildClinic(db());
    const otherOwner = await t.signIn(other.owner);
    expect((await t.call('GET', `/api/patients/${f.patientId}/feedback/counts`, { cookie: otherOwner })).statusCode).toBe(404);
    const alertId = trajectory.alerts[0].id as string;
    expect((await t.call('POST', `/api/feedback/alerts/${alertId}/resolve`, { cookie: otherOwner, body: { note: 'x' } })).statusCode).toBe(
      404,
    );
    expect((await t.call('POST', `/api/feedback/alerts/${alertId}/resolve`, { cookie: admin, body: { note: 'x' } })).statusCode).toBe(403);

    // Across patients: the therapist's open alerts, urgent first, with the patient's name; no one else's.
    const mine = (await t.call('GET', '/api/feedback/alerts', { cookie: therapist })).json();
    expect(
      mine.alerts.map((a: { kind: string; patientName: string; sessionDate: string }) => [a.kind, a.patientName, a.sessionDate]),
    ).toEqual([
      ['not_safe', 'Élodie Gagnon-Feedback', '2026-03-06'],
      ['drop_below_baseline', 'Élodie Gagnon-Feedback', '2026-03-05'],
    ]);
    expect((await t.call('GET', '/api/feedback/alerts', { cookie: await f.as('locum') })).json()).toEqual({ alerts: [] });
    expect((await t.call('GET', '/api/feedback/alerts', { cookie: admin })).statusCode).toBe(403);

    // Resolving keeps the alert and the note.
    expect(
      (await t.call('POST', `/api/feedback/alerts/${alertId}/resolve`, { cookie: therapist, body: { note: '   ' } })).json().field,
    ).toBe('note');
    const resolved = await t.call('POST', `/api/feedback/alerts/${alertId}/resolve`, {
      cookie: therapist,
      body: { note: 'Called her; she would like the door left ajar and to be asked before each area.' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(
      (await t.call('POST', `/api/feedback/alerts/${alertId}/resolve`, { cookie: therapist, body: { note: 'again' } })).statusCode,
    ).toBe(409);
    expect((await t.call('GET', '/api/feedback/alerts', { cookie: therapist })).json().alerts).toHaveLength(1);
    const after = (await t.call('GET', `/api/patients/${f.patientId}/feedback`, { cookie: therapist })).json();
    expect(after.alerts).toHaveLength(2);
    expect(after.alerts[1]).toMatchObject({ id: alertId, resolutionNote: expect.stringContaining('door left ajar') });
    expect(after.alerts[1].resolvedAt).not.toBeNull();

    // The nightly pass computes what was not computed yet, and never twice.
    const deps = { db: db().db, dialect: db().dialect, now: t.clock.now };
    expect(await computeAlerts(deps, f.clinic.id)).toBe(0);
    await requeue(db(), 'patient_id', f.patientId);
    expect(await computeAlerts(deps, f.clinic.id)).toBe(0); // the same alerts exist already
    expect((await db().db.selectFrom('feedback_alerts').select('id').where('patient_id', '=', f.patientId).execute()).length).toBe(2);
    expect(await stillQueued(db(), f.patientId)).toBe(0);
    const viewed = await db()
      .db.selectFrom('audit_events')
      .select('actor_user_id')
      .where('type', '=', 'feedback.viewed')
      .where('patient_id', '=', f.patientId)
      .execute();
    expect(viewed.length).toBeGreaterThanOrEqual(3);
    expect(await verifyAudit(db().db)).toMatchObject({ ok: true });
    await t.close();
  });

  it('the nightly pass looks at responses loaded without their alerts, several patients per transaction, and raises each alert once', async () => {
    const f = await feedbackClinic(db());
    const { t } = f;
    const therapist = await f.as('therapist');
    const patients = [f.patientId];
    for (const name of ['Batch-One', 'Batch-Two']) {
      const res = await t.call('POST', '/api/patients', {
        cookie: therapist,
        body: { legalFirstName: 'Nora', legalLastName: name, dateOfBirth: '1979-06-12', email: `${name}@example.test` },
      });
      patients.push(res.json().id as string);
    }
    // Each patient: a steady start, then one answer that falls (heard for the first two, safe for the third).
    const answers = [answersOf(4, 4, 4, 4, 5), answersOf(4, 4, 4, 4, 5), answersOf(4, 1, 4, 4, 5)];
    for (const [i, patientId] of patients.entries()) {
      await f.consentToFeedback(patientId);
      for (const a of i === 2 ? [...answers.slice(0, 2), answersOf(0, 4, 4, 4, 5)] : answers) {
        expect((await f.answer(await f.completedSession(patientId), a)).statusCode).toBe(200);
      }
    }
    const alertsNow = async () =>
      (await db().db.selectFrom('feedback_alerts').select(['patient_id', 'kind', 'item']).where('clinic_id', '=', f.clinic.id).execute())
        .map((a) => `${patients.indexOf(a.patient_id as string)}:${a.kind}:${a.item}`)
        .sort();
    const raisedAtAnswer = await alertsNow();
    expect(raisedAtAnswer).toEqual(['0:drop_below_baseline:heard', '1:drop_below_baseline:heard', '2:not_safe:safe']);

    // As if the answers came from another system: nothing computed, no alert yet.
    const ids = (await db().db.selectFrom('feedback_alerts').select('id').where('clinic_id', '=', f.clinic.id).execute()).map((r) => r.id);
    await db().db.deleteFrom('feedback_alerts').where('id', 'in', ids).execute();
    await requeue(db(), 'clinic_id', f.clinic.id);
    const raisedEvents = async () =>
      (
        await db()
          .db.selectFrom('audit_events')
          .select('seq')
          .where('type', '=', 'feedback_alert.raised')
          .where('clinic_id', '=', f.clinic.id)
          .execute()
      ).length;
    const eventsBefore = await raisedEvents();
    const deps = { db: db().db, dialect: db().dialect, now: t.clock.now };
    expect(await computeAlerts(deps, f.clinic.id, 2)).toBe(3); // two transactions: two patients, then one
    expect(await alertsNow()).toEqual(raisedAtAnswer);
    expect(await raisedEvents()).toBe(eventsBefore + 3);
    expect(await stillQueued(db())).toBe(0);
    expect(await computeAlerts(deps, f.clinic.id, 2)).toBe(0);
    expect(await verifyAudit(db().db)).toMatchObject({ ok: true });
    await t.close();
  });

  it('a session with another therapist that felt worse than with the usual one raises a gentle alert for the treating therapist', async () => {
    const f = await feedbackClinic(db());
    const { t } = f;
    await f.consentToFeedback();
    for (let i = 0; i < 3; i++) expect((await f.answer(await f.completedSession(), answersOf(4, 4, 4, 4))).statusCode).toBe(200);
    // A colleague covers one session (while the usual therapist is away).
    const colleague = await buildUser(db());
    await addMember(db(), f.clinic.id, colleague, 'therapist');
    const covered = await f.completedSession(f.patientId, colleague.id);
    expect((await f.answer(covered, answersOf(4, 4, 3, 4))).statusCode).toBe(200);
    const view = (await t.call('GET', `/api/patients/${f.patientId}/feedback`, { cookie: await f.as('therapist') })).json();
    expect(view.entries.map((e: { withOtherTherapist: boolean }) => e.withOtherTherapist)).toEqual([false, false, false, true]);
    expect(view.alerts).toHaveLength(1);
    expect(view.alerts[0]).toMatchObject({ kind: 'worse_with_other_therapist', priority: 'soon', item: 'present', value: 3, baseline: 4 });
    expect(view.alerts[0].suggestion).toContain('another therapist');
    await t.close();
  });

  it("the therapist's private summary appears only from five responses", async () => {
    const f = await feedbackClinic(db());
    const { t } = f;
    await f.consentToFeedback();
    const summary = async () => (await t.call('GET', '/api/feedback/summary', { cookie: await f.as('therapist') })).json();
    for (let i = 0; i < 4; i++) expect((await f.answer(await f.completedSession(), answersOf(4, 3, 4, 4))).statusCode).toBe(200);
    expect((await f.answer(await f.completedSession(), { declined: true })).statusCode).toBe(200); // not counted
    expect(await summary()).toEqual({ responses: 4, minimum: 5, items: null });
    expect((await f.answer(await f.completedSession(), answersOf(2, 3, 4, 4))).statusCode).toBe(200);
    expect(await summary()).toEqual({
      responses: 5,
      minimum: 5,
      items: [
        { linkId: 'safe', mean: 3.6, answered: 5 },
        { linkId: 'heard', mean: 3, answered: 5 },
        { linkId: 'present', mean: 4, answered: 5 },
        { linkId: 'consent', mean: 4, answered: 5 },
      ],
    });
    expect((await t.call('GET', '/api/feedback/summary', { cookie: await f.as('admin') })).statusCode).toBe(403);
    expect(await (async () => (await t.call('GET', '/api/feedback/summary', { cookie: await f.as('locum') })).json().responses)()).toBe(0);
    await t.close();
  });

  it('the owner loads a licensed questionnaire only when it is valid FHIR R4 that Attune can show', async () => {
    const f = await feedbackClinic(db());
    const { t } = f;
    const owner = await f.as('owner');
    const licensed = {
      resourceType: 'Questionnaire',
      url: 'https://licensed.example/Questionnaire/alliance',
      version: '2.1',
      status: 'active',
      language: 'en',
      title: 'A licensed alliance scale',
      item: [
        { linkId: 'q1', text: 'Question one', type: 'integer' },
        { linkId: 'q2', text: 'Question two', type: 'text' },
      ],
    };
    const list = async () => (await t.call('GET', '/api/feedback/questionnaires', { cookie: owner })).json();
    expect(
      (await list()).map((q: { builtIn: boolean; language: string; version: string; status: string }) =>
        [q.builtIn, q.language, q.version, q.status].join(':'),
      ),
    ).toEqual(['true:en:1:retired', 'true:fr:1:retired', 'true:en:2:active', 'true:fr:2:active']);
    const loaded = await t.call('POST', '/api/feedback/questionnaires', { cookie: owner, body: { resource: licensed } });
    expect(loaded.statusCode, loaded.body).toBe(200);
    expect(loaded.json()).toMatchObject({
      url: licensed.url,
      version: '2.1',
      builtIn: false,
      scored: false,
      title: 'A licensed alliance scale',
    });
    expect(await list()).toHaveLength(5);
    expect((await t.call('POST', '/api/feedback/questionnaires', { cookie: owner, body: { resource: licensed } })).statusCode).toBe(409);

    const bad: [unknown, string][] = [
      [{ ...licensed, version: '3', status: 'published' }, '/status'],
      [{ ...licensed, version: '3', item: { linkId: 'q1', type: 'integer' } }, '/item'],
      [{ ...licensed, version: '3', colour: 'blue' }, 'colour'],
      [{ ...licensed, resourceType: 'Patient' }, 'resourceType'],
      ['not json object', 'JSON object'],
      [{ ...licensed, version: '3', item: [{ linkId: 'g', type: 'group', item: [{ linkId: 'x', type: 'string' }] }] }, 'not supported'],
      [{ ...licensed, version: '3', url: undefined }, 'url'],
    ];
    for (const [resource, words] of bad) {
      const res = await t.call('POST', '/api/feedback/questionnaires', { cookie: owner, body: { resource } });
      expect(res.statusCode, JSON.stringify(resource).slice(0, 60)).toBe(400);
      expect(res.json().field).toBe('resource');
      expect(res.json().message).toContain(words);
    }
    expect(await list()).toHaveLength(5);
    const therapist = await f.as('therapist');
    expect(
      (await t.call('POST', '/api/feedback/questionnaires', { cookie: therapist, body: { resource: { ...licensed, version: '4' } } }))
        .statusCode,
    ).toBe(403);
    // Another clinic does not see this clinic's instrument, and cannot ask with it.
    const other = await buildClinic(db());
    const otherOwner = await t.signIn(other.owner);
    expect((await t.call('GET', '/api/feedback/questionnaires', { cookie: otherOwner })).json()).toHaveLength(4);
    const stolen = await t.call('PUT', '/api/feedback/settings', {
      cookie: otherOwner,
      body: { automaticEmail: false, questionnaireId: loaded.json().id },
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().field).toBe('questionnaireId');

    // The owner asks with it: the next questionnaire a patient opens is the licensed one.
    const settings = async (body: unknown) => t.call('PUT', '/api/feedback/settings', { cookie: await f.as('owner'), body });
    expect((await settings({ automaticEmail: false, questionnaireId: 'builtin-post-session-2-en' })).statusCode).toBe(400); // built-in: null
    expect((await settings({ automaticEmail: false, questionnaireId: loaded.json().id })).json()).toEqual({
      automaticEmail: false,
      questionnaireId: loaded.json().id,
    });
    expect((await settings({ automaticEmail: false })).json().questionnaireId).toBe(loaded.json().id); // left out: kept
    await f.consentToFeedback();
    const session = await f.completedSession();
    const link = (await f.request(session)).json().link as string;
    const form = (await t.call('GET', `/api/feedback/${tokenOf(link)}`)).json();
    expect(form.title).toBe('A licensed alliance scale');
    expect(form.items.map((i: { linkId: string }) => i.linkId)).toEqual(['q1', 'q2']);
    const answered = await t.call('POST', `/api/feedback/${tokenOf(link)}`, { body: { answers: [{ linkId: 'q1', value: 3 }] } });
    expect(answered.statusCode, answered.body).toBe(200);
    // Back to the built-in one.
    expect((await settings({ automaticEmail: false, questionnaireId: null })).json().questionnaireId).toBeNull();
    await t.close();
  });
});

// A clinic with answers stored before the alert step kept a work list: the migration carries over
// the ones not looked at yet, and the nightly pass then looks at them.
const migrated: DatabaseHandle[] = [];
afterAll(async () => {
  for (const handle of migrated) await handle.close();
});

for (const dialect of DIALECTS) {
  it(`[${dialect}] puts answers whose alerts were not computed before the work list existed on it`, async () => {
    const last = ALL_MIGRATIONS.findIndex((m) => m.id === 'feedback/006-alert-queue');
    expect(last).toBeGreaterThan(0);
    const database = await freshDatabase(dialect, { migrations: ALL_MIGRATIONS.slice(0, last) });
    migrated.push(database);
    const t = await buildTestApp(database);
    const clinic = await buildClinic(database);
    const therapist = await t.signIn(clinic.members.therapist);
    const body = { legalFirstName: 'Before', legalLastName: 'Queue', dateOfBirth: '1970-02-02' };
    const patientId = (await t.call('POST', '/api/patients', { cookie: therapist, body })).json().id as string;
    const admin = await t.signIn(clinic.members.admin);
    const type = (
      await t.call('POST', '/api/scheduling/appointment-types', {
        cookie: admin,
        body: { name: '60 min massage', durationMinutes: 60, feeCents: 12000 },
      })
    ).json().id as string;
    const appointments: string[] = [];
    for (const startsAt of ['2026-03-01T14:00:00.000Z', '2026-03-02T14:00:00.000Z']) {
      const booked = await t.call('POST', '/api/scheduling/appointments', {
        cookie: therapist,
        body: { patientId, appointmentTypeId: type, startsAt, allowOutsideHours: true },
      });
      expect(booked.statusCode, booked.body).toBe(200);
      appointments.push(booked.json().id as string);
    }
    await t.close();
    const q = builtInQuestionnaire('en');
    const rules = rulesOf(q as { extension?: { url: string; valueString?: string }[] });
    if (!rules) throw new Error('no rules');
    const old = (n: number, safe: number, computed: string | null) => {
      const answers = new Map<string, number>([
        ['safe', safe],
        ['heard', 4],
        ['present', 4],
        ['consent', 4],
      ]);
      const at = `2026-03-0${n}T15:00:00.000Z`;
      const both = {
        clinic_id: clinic.id,
        patient_id: patientId,
        appointment_id: appointments[n - 1] as string,
        therapist_user_id: clinic.members.therapist.id,
        questionnaire_id: 'builtin-post-session-2-en',
        session_date: `2026-03-0${n}T14:00:00.000Z`,
      };
      return {
        request: {
          ...both,
          id: `req-${n}`,
          language: 'en',
          token_hash: `hash-${n}`,
          delivery: 'in_clinic',
          sent_to: null,
          created_by: clinic.members.therapist.id,
          created_at: at,
          expires_at: '2026-04-01T00:00:00.000Z',
          used_at: at,
        },
        response: {
          ...both,
          id: `resp-${n}`,
          request_id: `req-${n}`,
          declined: 0,
          resource: JSON.stringify(toResponse(q, answers, { id: `resp-${n}`, authored: at, declined: false })),
          scores: JSON.stringify(score(rules, answers)),
          authored_at: at,
          alerts_computed_at: computed,
        },
      };
    };
    for (const row of [old(1, 4, '2026-03-01T15:00:01.000Z'), old(2, 0, null)]) {
      await database.db.insertInto('feedback_requests').values(row.request).execute();
      await database.db.insertInto('feedback_responses').values(row.response).execute();
    }

    expect(await migrate(database.db, dialect, ALL_MIGRATIONS)).toContain('feedback/006-alert-queue');
    expect(await database.db.selectFrom('feedback_alert_queue').select(['patient_id', 'response_id', 'queued_at']).execute()).toEqual([
      { patient_id: patientId, response_id: 'resp-2', queued_at: '2026-03-02T15:00:00.000Z' },
    ]);
    const resources = await database.db.selectFrom('feedback_response_resources').select(['response_id', 'resource']).execute();
    expect(resources.map((r) => [r.response_id, JSON.parse(r.resource).id]).sort()).toEqual([
      ['resp-1', 'resp-1'],
      ['resp-2', 'resp-2'],
    ]);
    expect(await computeAlerts({ db: database.db, dialect, now: () => new Date() }, clinic.id)).toBe(1);
    expect(
      (await database.db.selectFrom('feedback_alerts').select(['response_id', 'kind']).execute()).map((a) => `${a.response_id}:${a.kind}`),
    ).toEqual(['resp-2:not_safe']);
    expect(await stillQueued(database)).toBe(0);
  });
}
