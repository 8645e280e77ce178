import { expect, it } from 'vitest';
import { DIALECTS, describeEachDialect, freshDatabase } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

const HOUR = 3_600_000;

describeEachDialect('presence check-ins, private to the therapist', ({ db }) => {
  it('saves a check-in, offers refocusing kindly when presence is low, and draws the therapist’s own trend', async () => {
    const t = await buildTestApp(db());
    t.clock.set(new Date('2026-11-23T14:05:00Z')); // Monday 09:05 in Toronto
    const clinic = await buildClinic(db());
    let cookie = await t.signIn(clinic.members.therapist);
    const high = await t.call('POST', '/api/reflection/check-ins', {
      cookie,
      body: { presence: 8, attention: 7, pulls: [], intention: 'Listen first' },
    });
    expect(high.statusCode).toBe(200);
    expect(high.json().refocus).toBeNull();
    expect(high.json().checkIn).toMatchObject({ localDate: '2026-11-23', presence: 8, intention: 'Listen first' });

    t.clock.advance(5 * HOUR);
    cookie = await t.signIn(clinic.members.therapist); // the session ended after being idle
    const low = await t.call('POST', '/api/reflection/check-ins', {
      cookie,
      body: { presence: 3, attention: 4, pulls: ['tired', 'wanting_to_rescue'], pullNote: 'Worried about my daughter' },
    });
    expect(low.json().refocus.questions).toContain('Am I here for this client?');
    expect(low.json().refocus.practices.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(low.json().refocus)).not.toMatch(/\b(fail|failed|bad|wrong|should)\b/i); // kind words only

    expect((await t.call('POST', '/api/reflection/check-ins', { cookie, body: { presence: 11, attention: 5 } })).statusCode).toBe(400);
    expect(
      (await t.call('POST', '/api/reflection/check-ins', { cookie, body: { presence: 5, attention: 5, pulls: ['bored'] } })).statusCode,
    ).toBe(400);
    expect(
      (await t.call('POST', '/api/reflection/check-ins', { cookie, body: { presence: 5, attention: 5, appointmentId: 'not-mine' } }))
        .statusCode,
    ).toBe(404);

    const byHour = (await t.call('GET', '/api/reflection/check-ins/trend?from=2026-11-01&to=2026-11-30&by=hour', { cookie })).json();
    expect(byHour.points.map((p: { label: string; presence: number }) => [p.label, p.presence])).toEqual([
      ['09:00', 8],
      ['14:00', 3],
    ]);
    const byDay = (await t.call('GET', '/api/reflection/check-ins/trend?from=2026-11-01&to=2026-11-30&by=day', { cookie })).json();
    expect(byDay.points).toEqual([{ key: '2026-11-23', label: '2026-11-23', count: 2, presence: 5.5, attention: 5.5 }]);
    expect((await t.call('GET', '/api/reflection/check-ins/trend?from=2026-12-01&to=2026-01-01', { cookie })).statusCode).toBe(400);
    await t.close();
  });

  it('links a check-in to one of the therapist’s own appointments, and trends by patient', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const owner = await t.signIn(clinic.owner);
    const patientId = (
      await t.call('POST', '/api/patients', {
        cookie,
        body: { legalFirstName: 'Rae', legalLastName: 'Ng', preferredName: 'Ray', dateOfBirth: '1985-05-05' },
      })
    ).json().id;
    const type = (
      await t.call('POST', '/api/scheduling/appointment-types', { cookie: owner, body: { name: '60', durationMinutes: 60, feeCents: 100 } })
    ).json();
    const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 24 * HOUR).toISOString();
    const appointmentId = (
      await t.call('POST', '/api/scheduling/appointments', {
        cookie,
        body: { patientId, appointmentTypeId: type.id, startsAt: start, allowOutsideHours: true },
      })
    ).json().id;
    const res = await t.call('POST', '/api/reflection/check-ins', {
      cookie,
      body: { presence: 6, attention: 5, pulls: ['strong_feelings_about_this_client'], appointmentId },
    });
    expect(res.json().checkIn.patientId).toBe(patientId);
    const today = new Date().toISOString().slice(0, 10);
    const byPatient = (await t.call('GET', `/api/reflection/check-ins/trend?from=2026-01-01&to=${today}&by=patient`, { cookie })).json();
    expect(byPatient.points).toEqual([expect.objectContaining({ key: patientId, label: 'Ray Ng', count: 1 })]);
    // Presence before each session with this patient (the latest check-in per session), beside their feedback.
    t.clock.advance(60_000);
    await t.call('POST', '/api/reflection/check-ins', { cookie, body: { presence: 8, attention: 7, appointmentId } });
    await t.call('POST', '/api/reflection/check-ins', { cookie, body: { presence: 2, attention: 2 } }); // not linked to a session
    const presence = (await t.call('GET', `/api/reflection/presence/${patientId}`, { cookie })).json();
    expect(presence.sessions).toEqual([expect.objectContaining({ appointmentId, presence: 8, attention: 7 })]);
    expect((await t.call('GET', '/api/reflection/presence/someone-else', { cookie })).json().sessions).toEqual([]);
    // Another therapist cannot link someone else's appointment.
    const locum = await t.signIn(clinic.members.locum);
    expect(
      (await t.call('POST', '/api/reflection/check-ins', { cookie: locum, body: { presence: 6, attention: 5, appointmentId } })).statusCode,
    ).toBe(404);
    // Nobody else sees this therapist's presence for the patient: the locum's view is their own (empty).
    expect((await t.call('GET', `/api/reflection/presence/${patientId}`, { cookie: locum })).json().sessions).toEqual([]);
    await t.close();
  });

  it('no one else sees a therapist’s check-ins — not the owner, not an admin — and nothing reaches the clinic audit log', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    await t.call('POST', '/api/reflection/check-ins', {
      cookie: therapist,
      body: { presence: 2, attention: 2, pullNote: 'Very private words' },
    });
    const owner = await t.signIn(clinic.owner);
    const ownerView = await t.call('GET', '/api/reflection/check-ins', { cookie: owner });
    expect(ownerView.json().checkIns).toEqual([]);
    expect(ownerView.body).not.toContain('Very private words');
    const admin = await t.signIn(clinic.members.admin);
    expect((await t.call('GET', '/api/reflection/check-ins', { cookie: admin })).statusCode).toBe(403);
    const audit = await db().db.selectFrom('audit_events').select(['type', 'data']).where('clinic_id', '=', clinic.id).execute();
    expect(JSON.stringify(audit)).not.toContain('Very private words');
    expect(audit.some((a) => a.type.startsWith('reflection'))).toBe(false);
    expect((await t.call('GET', '/api/reflection/check-ins', { cookie: therapist })).json().checkIns).toHaveLength(1);
    await t.close();
  });
});

describeEachDialect('boundary signals, shown only to the therapist', ({ db }) => {
  it('invites reflection after repeated over-time sessions with one client; dismissal holds until something new happens', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const owner = await t.signIn(clinic.owner);
    const patientId = (
      await t.call('POST', '/api/patients', { cookie, body: { legalFirstName: 'June', legalLastName: 'Park', dateOfBirth: '1975-03-03' } })
    ).json().id;
    const type = (
      await t.call('POST', '/api/scheduling/appointment-types', { cookie: owner, body: { name: '60', durationMinutes: 60, feeCents: 100 } })
    ).json();
    const session = async (daysAgo: number, overMinutes: number) => {
      const start = Math.floor(Date.now() / HOUR) * HOUR - daysAgo * 24 * HOUR;
      const id = (
        await t.call('POST', '/api/scheduling/appointments', {
          cookie,
          body: { patientId, appointmentTypeId: type.id, startsAt: new Date(start).toISOString(), allowOutsideHours: true },
        })
      ).json().id;
      const actualEndAt = new Date(start + HOUR + overMinutes * 60_000).toISOString();
      const done = await t.call('POST', `/api/scheduling/appointments/${id}/complete`, { cookie, body: { actualEndAt } });
      if (done.statusCode !== 200) throw new Error(done.body);
    };
    for (const [daysAgo, over] of [
      [36, 0],
      [29, 20],
      [22, 15],
      [15, 25],
      [8, 12],
      [1, 30],
    ] as const)
      await session(daysAgo, over);
    const signals = (await t.call('GET', '/api/reflection/signals', { cookie })).json().signals;
    const over = signals.find((s: { kind: string }) => s.kind === 'running_over');
    expect(over.message).toBe('You have run over time with June Park in 5 of the last 6 sessions. Would you like to reflect on it?');

    // Nobody else sees it, not even the owner in their own list.
    const ownerSignals = await t.call('GET', '/api/reflection/signals', { cookie: owner });
    expect(ownerSignals.body).not.toContain('June Park');
    expect(JSON.stringify(await db().db.selectFrom('audit_events').select('data').execute())).not.toContain('running_over');

    expect((await t.call('POST', '/api/reflection/signals/dismiss', { cookie, body: { key: over.key } })).statusCode).toBe(200);
    let keys = (await t.call('GET', '/api/reflection/signals', { cookie })).json().signals.map((s: { key: string }) => s.key);
    expect(keys).not.toContain(over.key);
    await session(0.5, 18); // a new session that ran over: the invitation returns
    keys = (await t.call('GET', '/api/reflection/signals', { cookie })).json().signals.map((s: { key: string }) => s.key);
    expect(keys).toContain(over.key);

    // The therapist can tune the thresholds: with a stricter bar, the invitation goes quiet.
    const bad = await t.call('PUT', '/api/reflection/signal-settings', {
      cookie,
      body: { overrunMinutes: 10, window: 3, overrunCount: 4, outsideHoursCount: 3, visitsIn30Days: 8, basedOn: null },
    });
    expect(bad.statusCode).toBe(400);
    const tuned = await t.call('PUT', '/api/reflection/signal-settings', {
      cookie,
      body: { overrunMinutes: 45, window: 6, overrunCount: 4, outsideHoursCount: 3, visitsIn30Days: 30, basedOn: null },
    });
    expect(tuned.statusCode, tuned.body).toBe(200);
    const kinds = (await t.call('GET', '/api/reflection/signals', { cookie })).json().signals.map((s: { kind: string }) => s.kind);
    expect(kinds).toEqual(['outside_hours']); // every session was booked outside hours; none ran 45 minutes over
    await t.close();
  });
});

describeEachDialect('needs awareness and the self-care plan', ({ db }) => {
  it('scores a private self-assessment over time, reviews the self-care plan with it, and tells when the next is due', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const q = (await t.call('GET', '/api/reflection/needs/questionnaire', { cookie })).json();
    expect(q.items).toHaveLength(15);
    expect(q.scale.map((s: { label: string }) => s.label)).toEqual(['Never', 'Rarely', 'Sometimes', 'Often', 'Very often']);

    const plan = await t.call('PUT', '/api/reflection/self-care-plan', {
      cookie,
      body: { caretaking: 'Sunday calls with my sister', boundaries: 'Monthly supervision with R.', basedOn: null },
    });
    expect(plan.json().plan).toMatchObject({ caretaking: 'Sunday calls with my sister', approval: '' });
    expect(
      (await t.call('PUT', '/api/reflection/self-care-plan', { cookie, body: { hobbies: 'x', basedOn: plan.json().updatedAt } }))
        .statusCode,
    ).toBe(400);

    const answers = Object.fromEntries(q.items.map((i: { id: string }) => [i.id, i.id.startsWith('boundaries') ? 4 : 1]));
    const first = await t.call('POST', '/api/reflection/needs/assessments', { cookie, body: { answers, planReviewed: true } });
    expect(first.statusCode).toBe(200);
    const boundaries = first.json().scores.find((s: { need: string }) => s.need === 'boundaries');
    expect(boundaries).toMatchObject({ score: 100, answered: 3 });
    expect(boundaries.reading).toContain('structured reflection');
    expect((await t.call('GET', '/api/reflection/self-care-plan', { cookie })).json().reviewedAt).toBeTruthy();
    expect((await t.call('POST', '/api/reflection/needs/assessments', { cookie, body: { answers: { 'made.up': 2 } } })).statusCode).toBe(
      400,
    );
    expect(
      (await t.call('POST', '/api/reflection/needs/assessments', { cookie, body: { answers: { 'caretaking.1': 9 } } })).statusCode,
    ).toBe(400);

    let history = (await t.call('GET', '/api/reflection/needs/assessments', { cookie })).json();
    expect(history.cadence).toBe('monthly');
    expect(history.nextDueOn).toBe(new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10));
    history = (await t.call('PUT', '/api/reflection/needs/settings', { cookie, body: { cadence: 'quarterly' } })).json();
    expect(history.nextDueOn).toBe(new Date(t.clock.now().getTime() + 91 * 86_400_000).toISOString().slice(0, 10));

    // The owner has their own (empty) history and never this therapist's.
    const owner = await t.signIn(clinic.owner);
    const ownerView = await t.call('GET', '/api/reflection/needs/assessments', { cookie: owner });
    expect(ownerView.json().assessments).toEqual([]);
    expect((await t.call('GET', '/api/reflection/self-care-plan', { cookie: owner })).body).not.toContain('sister');
    await t.close();
  });
});

/** The statuses of saves made at once, sorted: exactly one of them may win. */
const statuses = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();

for (const dialect of DIALECTS) {
  it(`[${dialect}] the self-care plan is never silently overwritten: a save based on an old version is refused and changes nothing`, async () => {
    const handle = await freshDatabase(dialect);
    const t = await buildTestApp(handle); // a frozen clock: versions must still move on with each save
    const clinic = await buildClinic(handle);
    const cookie = await t.signIn(clinic.members.therapist);
    const put = (caretaking: string, basedOn: unknown) =>
      t.call('PUT', '/api/reflection/self-care-plan', { cookie, body: { caretaking, basedOn } });
    const stored = async () => (await t.call('GET', '/api/reflection/self-care-plan', { cookie })).json();

    // basedOn is required: missing or malformed is a 400 that names it, and nothing is saved.
    for (const basedOn of [undefined, 'yesterday', 42]) {
      const bad = await put('Walks at lunch', basedOn);
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().field).toBe('basedOn');
    }
    expect(await stored()).toMatchObject({ plan: { caretaking: '' }, updatedAt: null });

    // A cadence chosen first makes the row but not the plan: the first save is still based on null.
    await t.call('PUT', '/api/reflection/needs/settings', { cookie, body: { cadence: 'quarterly' } });
    const creates = await Promise.all(['A', 'B', 'C', 'D'].map((w) => put(`window ${w}`, null)));
    expect(statuses(creates)).toEqual([200, 409, 409, 409]);
    const v1 = await stored();
    expect(creates.find((r) => r.statusCode === 200)?.json()).toEqual(v1);
    const late = await put('window E', null);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: 'CONFLICT', field: 'basedOn' });
    expect(late.json().message).toMatch(/another window/);
    expect(await stored()).toEqual(v1);

    // Window 1 saves on v1; window 2, still on v1, is refused and v2 stays.
    const w1 = await put('Sunday calls with my sister', v1.updatedAt);
    expect(w1.statusCode, w1.body).toBe(200);
    const v2 = w1.json();
    expect(v2.updatedAt).not.toBe(v1.updatedAt);
    const w2 = await put('Something else entirely', v1.updatedAt);
    expect(w2.statusCode).toBe(409);
    expect(await stored()).toEqual(v2);

    // Reviewing the plan with a self-assessment, or a new cadence, leaves its words and version alone.
    await t.call('POST', '/api/reflection/needs/assessments', { cookie, body: { answers: { 'caretaking.1': 2 }, planReviewed: true } });
    await t.call('PUT', '/api/reflection/needs/settings', { cookie, body: { cadence: 'monthly' } });
    const reviewed = await stored();
    expect(reviewed).toMatchObject({ plan: v2.plan, updatedAt: v2.updatedAt });
    expect(reviewed.reviewedAt).toBeTruthy();
    expect((await put('Still behind', v1.updatedAt)).statusCode).toBe(409);

    // Many saves based on the same version at once: exactly one wins.
    const racing = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => put(`racer ${n}`, v2.updatedAt)));
    expect(statuses(racing)).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = racing.find((r) => r.statusCode === 200)?.json();
    expect(await stored()).toEqual({ ...winner, reviewedAt: reviewed.reviewedAt });
    expect((await put('after reload', winner.updatedAt)).statusCode).toBe(200);

    // Another person's plan is their own: basing a save on this one's version changes nothing for them.
    const locum = await t.signIn(clinic.members.locum);
    const theirs = { caretaking: 'x', basedOn: winner.updatedAt };
    expect((await t.call('PUT', '/api/reflection/self-care-plan', { cookie: locum, body: theirs })).statusCode).toBe(409);
    expect((await t.call('GET', '/api/reflection/self-care-plan', { cookie: locum })).json().updatedAt).toBeNull();
    await t.close();
    await handle.close();
  }, 60_000);

  it(`[${dialect}] signal settings are saved only on the version they were based on`, async () => {
    const handle = await freshDatabase(dialect);
    const t = await buildTestApp(handle);
    const clinic = await buildClinic(handle);
    const cookie = await t.signIn(clinic.members.therapist);
    const { updatedAt: never, ...defaults } = (await t.call('GET', '/api/reflection/signal-settings', { cookie })).json();
    expect(never).toBeNull();
    const put = (overrunMinutes: number, basedOn: unknown) =>
      t.call('PUT', '/api/reflection/signal-settings', { cookie, body: { ...defaults, overrunMinutes, basedOn } });
    const stored = async () => (await t.call('GET', '/api/reflection/signal-settings', { cookie })).json();

    for (const basedOn of [undefined, 'yesterday', 42]) {
      const bad = await put(20, basedOn);
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().field).toBe('basedOn');
    }
    expect(await stored()).toEqual({ ...defaults, updatedAt: null });

    const creates = await Promise.all([11, 12, 13, 14].map((m) => put(m, null)));
    expect(statuses(creates)).toEqual([200, 409, 409, 409]);
    const v1 = await stored();
    expect(creates.find((r) => r.statusCode === 200)?.json()).toEqual(v1);
    expect((await put(15, null)).json()).toMatchObject({ error: 'CONFLICT', field: 'basedOn' });
    expect(await stored()).toEqual(v1);

    const w1 = await put(30, v1.updatedAt);
    expect(w1.statusCode, w1.body).toBe(200);
    const v2 = w1.json();
    expect(v2).toMatchObject({ overrunMinutes: 30 });
    expect(v2.updatedAt).not.toBe(v1.updatedAt);
    const w2 = await put(40, v1.updatedAt);
    expect(w2.statusCode).toBe(409);
    expect(w2.json().message).toMatch(/another window/);
    expect(await stored()).toEqual(v2);

    const racing = await Promise.all([51, 52, 53, 54, 55].map((m) => put(m, v2.updatedAt)));
    expect(statuses(racing)).toEqual([200, 409, 409, 409, 409]);
    expect(await stored()).toEqual(racing.find((r) => r.statusCode === 200)?.json());
    await t.close();
    await handle.close();
  }, 60_000);
}
