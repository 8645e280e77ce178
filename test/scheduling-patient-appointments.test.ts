import { expect, it } from 'vitest';
import { describeEachDialect } from './support/db.js';
import { addMember, buildClinic, buildUser } from './support/factories.js';
import { schedulingClinic } from './support/scheduling.js';

// The clock is 2026-03-05T12:00Z (07:00 in Toronto, UTC−5 until 8 March; UTC−4 after).
const PAST_1 = '2026-03-02T15:00:00.000Z'; // Mon 10:00
const PAST_2 = '2026-03-04T15:00:00.000Z'; // Wed 10:00
const SOON = '2026-03-09T14:00:00.000Z'; // Mon 9 March 10:00 (daylight time)
const LATER = '2026-03-16T14:00:00.000Z';

type Item = { id: string; startsAt: string; status: string; typeName: string; therapistName: string; chargedCents: number };

describeEachDialect("scheduling: a patient's appointments", ({ db }) => {
  it('lists past (newest first) and upcoming (soonest first) with status, type, therapist and fee; audited', async () => {
    const s = await schedulingClinic(db());
    const { t, therapist, admin, owner, clinic, patientId, book } = s;
    const p1 = (await book(PAST_1)).json().id as string;
    const p2 = (await book(PAST_2)).json().id as string;
    const later = (await book(LATER)).json().id as string;
    const soon = (await book(SOON)).json().id as string;
    await t.call('POST', `/api/scheduling/appointments/${p1}/complete`, {
      cookie: therapist,
      body: { actualEndAt: '2026-03-02T16:05:00.000Z' },
    });
    await t.call('POST', `/api/scheduling/appointments/${p2}/no-show`, { cookie: therapist, body: {} });
    await t.call('POST', `/api/scheduling/appointments/${p1}/fee-adjustment`, {
      cookie: admin,
      body: { kind: 'discount', amountCents: 2000, reason: 'Student rate' },
    });
    await t.call('POST', `/api/scheduling/appointments/${later}/cancel`, { cookie: admin, body: { reason: 'Travelling' } });
    // The owner treats too: a visit in the owner's own calendar, which the therapist does not see.
    const ownersVisit = await book('2026-03-10T14:00:00.000Z', { therapistUserId: clinic.owner.id, allowOutsideHours: true }, owner);
    expect(ownersVisit.statusCode, ownersVisit.body).toBe(200);

    const res = await t.call('GET', `/api/patients/${patientId}/appointments`, { cookie: therapist });
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json();
    expect(mine.timeZone).toBe('America/Toronto');
    expect(mine.past.map((a: Item) => [a.id, a.status])).toEqual([
      [p2, 'no_show'],
      [p1, 'completed'],
    ]);
    expect(mine.upcoming.map((a: Item) => [a.id, a.status])).toEqual([
      [soon, 'booked'],
      [later, 'cancelled'],
    ]);
    expect(mine.past[1]).toMatchObject({
      typeName: '60 min massage',
      therapistName: clinic.members.therapist.name,
      feeCents: 12000,
      chargedCents: 10000,
      feeAdjustment: { kind: 'discount', reason: 'Student rate' },
      localDate: '2026-03-02',
      localStart: '10:00',
    });

    // The front desk sees every appointment of the patient, in every calendar.
    const desk = (await t.call('GET', `/api/patients/${patientId}/appointments`, { cookie: admin })).json();
    expect(desk.upcoming.map((a: Item) => a.therapistName)).toEqual([
      clinic.members.therapist.name,
      clinic.owner.name,
      clinic.members.therapist.name,
    ]);

    const audit = await db()
      .db.selectFrom('audit_events')
      .select(['actor_user_id', 'patient_id', 'data'])
      .where('clinic_id', '=', clinic.id)
      .where('type', '=', 'appointment.listed')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.every((e) => e.patient_id === patientId)).toBe(true);
    expect(audit.map((e) => e.actor_user_id).sort()).toEqual([clinic.members.admin.id, clinic.members.therapist.id].sort());
    await t.close();
  });

  it('is not found for roles without the calendar, another clinic, unknown patients and therapists who do not treat them', async () => {
    const s = await schedulingClinic(db());
    const { t, clinic, patientId, book } = s;
    await book(PAST_1);
    const other = await buildClinic(db());
    const colleague = await buildUser(db());
    await addMember(db(), clinic.id, colleague, 'therapist');
    const cookies = {
      colleague: await t.signIn(colleague),
      locum: await t.signIn(clinic.members.locum),
      mentor: await t.signIn(clinic.members.mentor),
      otherOwner: await t.signIn(other.owner),
      otherTherapist: await t.signIn(other.members.therapist),
    };
    for (const [who, cookie] of Object.entries(cookies)) {
      const res = await t.call('GET', `/api/patients/${patientId}/appointments`, { cookie });
      expect([403, 404], who).toContain(res.statusCode);
      expect(res.body).not.toContain('60 min massage');
    }
    expect((await t.call('GET', `/api/patients/${patientId}/appointments`)).statusCode).toBe(401);
    expect((await t.call('GET', '/api/patients/nope/appointments', { cookie: s.therapist })).statusCode).toBe(404);
    const audit = await db()
      .db.selectFrom('audit_events')
      .select('type')
      .where('type', '=', 'appointment.listed')
      .where('patient_id', '=', patientId)
      .execute();
    expect(audit).toEqual([]);
    await t.close();
  });
});
