import { expect, it } from 'vitest';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { feeEventsForTherapist } from '../src/server/modules/scheduling/index.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { schedulingClinic } from './support/scheduling.js';

// The clock is 2026-03-05T12:00Z. Toronto is on standard time (UTC−5) before 8 March: 10:00 there is 15:00Z.
const MON_2 = '2026-03-02T15:00:00.000Z';
const TUE_3 = '2026-03-03T15:00:00.000Z';
const WED_4 = '2026-03-04T15:00:00.000Z';
const WED_4_LATE = '2026-03-04T20:00:00.000Z';
const FUTURE = '2026-03-12T14:00:00.000Z';

type Setup = Awaited<ReturnType<typeof schedulingClinic>>;

async function completed(s: Setup, startsAt: string) {
  const booked = await s.book(startsAt);
  if (booked.statusCode !== 200) throw new Error(booked.body);
  const id = booked.json().id as string;
  const end = new Date(Date.parse(startsAt) + 60 * 60_000).toISOString();
  const done = await s.t.call('POST', `/api/scheduling/appointments/${id}/complete`, { cookie: s.therapist, body: { actualEndAt: end } });
  if (done.statusCode !== 200) throw new Error(done.body);
  return id;
}

describeEachDialect('scheduling: fees and payment', ({ db }) => {
  it('records a discount, a waiver, taking it back and paid/unpaid marks, keeping every earlier value', async () => {
    const s = await schedulingClinic(db());
    const { t, therapist, admin, owner, clinic } = s;
    const id = await completed(s, MON_2);
    const adjust = (cookie: string, body: unknown) => t.call('POST', `/api/scheduling/appointments/${id}/fee-adjustment`, { cookie, body });
    const pay = (cookie: string, status: string) =>
      t.call('POST', `/api/scheduling/appointments/${id}/payment`, { cookie, body: { status } });

    const fresh = (await t.call('GET', `/api/scheduling/day?date=2026-03-02`, { cookie: therapist })).json().appointments[0];
    expect(fresh).toMatchObject({ id, feeCents: 12000, chargedCents: 12000, feeAdjustment: null, payment: null });

    const discount = await adjust(therapist, { kind: 'discount', amountCents: 2000, reason: '  Student rate  ' });
    expect(discount.statusCode, discount.body).toBe(200);
    expect(discount.json()).toMatchObject({
      feeCents: 12000,
      chargedCents: 10000,
      feeAdjustment: { kind: 'discount', amountCents: 2000, reason: 'Student rate', byUserId: clinic.members.therapist.id },
    });
    expect(discount.json().feeAdjustment.at).toBe('2026-03-05T12:00:00.000Z');

    const unpaid = await pay(admin, 'unpaid');
    expect(unpaid.json()).toMatchObject({ payment: { status: 'unpaid', byUserId: clinic.members.admin.id }, chargedCents: 10000 });
    const waived = await adjust(owner, { kind: 'waived', reason: 'Hardship' });
    expect(waived.json()).toMatchObject({ chargedCents: 0, feeAdjustment: { kind: 'waived', amountCents: null, reason: 'Hardship' } });
    expect((await pay(therapist, 'paid')).json().payment).toMatchObject({ status: 'paid', byUserId: clinic.members.therapist.id });
    const back = await adjust(admin, { kind: 'none', reason: 'Waived by mistake' });
    expect(back.json()).toMatchObject({ chargedCents: 12000, feeAdjustment: null, payment: { status: 'paid' } });
    // Taking back an adjustment that is not there is refused.
    expect((await adjust(admin, { kind: 'none', reason: 'Again' })).statusCode).toBe(409);

    // The calendar shows the latest values.
    const day = (
      await t.call('GET', `/api/scheduling/day?date=2026-03-02&therapistId=${clinic.members.therapist.id}`, { cookie: admin })
    ).json().appointments[0];
    expect(day).toMatchObject({ chargedCents: 12000, feeAdjustment: null, payment: { status: 'paid' } });

    // Nothing was overwritten: the history holds every change, with who made it.
    const history = await t.call('GET', `/api/scheduling/appointments/${id}/fee-history`, { cookie: therapist });
    expect(history.statusCode, history.body).toBe(200);
    expect(
      history
        .json()
        .entries.map((e: { what: string; amountCents: number | null; reason: string | null; byName: string }) => [
          e.what,
          e.amountCents,
          e.reason,
          e.byName,
        ]),
    ).toEqual([
      ['discount', 2000, 'Student rate', clinic.members.therapist.name],
      ['unpaid', null, null, clinic.members.admin.name],
      ['waived', null, 'Hardship', clinic.owner.name],
      ['paid', null, null, clinic.members.therapist.name],
      ['none', null, 'Waived by mistake', clinic.members.admin.name],
    ]);

    const audit = await db()
      .db.selectFrom('audit_events')
      .select(['type', 'patient_id', 'data'])
      .where('clinic_id', '=', clinic.id)
      .where('type', 'in', ['appointment.fee_adjusted', 'appointment.payment_marked', 'appointment.listed'])
      .execute();
    expect(audit.filter((e) => e.type === 'appointment.fee_adjusted')).toHaveLength(3);
    expect(audit.filter((e) => e.type === 'appointment.payment_marked')).toHaveLength(2);
    expect(audit.filter((e) => e.type === 'appointment.listed')).toHaveLength(1);
    expect(audit.every((e) => e.patient_id === s.patientId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('Hardship'); // reasons stay out of the log
    expect((await verifyAudit(db().db)).ok).toBe(true);
    await t.close();
  });

  it('refuses bad input with a message naming the field, and changes nothing', async () => {
    const s = await schedulingClinic(db());
    const { t, therapist } = s;
    const id = await completed(s, MON_2);
    const cases: [unknown, string][] = [
      [{ kind: 'discount', amountCents: 2000 }, 'reason'],
      [{ kind: 'discount', amountCents: 2000, reason: '   ' }, 'reason'],
      [{ kind: 'discount', amountCents: 2000, reason: 'x'.repeat(501) }, 'reason'],
      [{ kind: 'discount', reason: 'Student' }, 'amountCents'],
      [{ kind: 'discount', amountCents: 0, reason: 'Student' }, 'amountCents'],
      [{ kind: 'discount', amountCents: 12.5, reason: 'Student' }, 'amountCents'],
      [{ kind: 'discount', amountCents: 12001, reason: 'Student' }, 'amountCents'],
      [{ kind: 'waived', amountCents: 100, reason: 'Hardship' }, 'amountCents'],
      [{ kind: 'free', reason: 'Hardship' }, 'kind'],
      [{ kind: 'waived', reason: 'Hardship', extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', `/api/scheduling/appointments/${id}/fee-adjustment`, { cookie: therapist, body });
      expect(res.statusCode, JSON.stringify(body).slice(0, 100)).toBe(400);
      if (field) expect(res.json().field, JSON.stringify(body).slice(0, 100)).toBe(field);
      expect(res.json().message.length).toBeGreaterThan(5);
    }
    const huge = await t.call('POST', `/api/scheduling/appointments/${id}/fee-adjustment`, {
      cookie: therapist,
      body: { kind: 'waived', reason: 'x'.repeat(1_000_000) },
    });
    expect(huge.statusCode).toBeGreaterThanOrEqual(400);
    expect(huge.statusCode).toBeLessThan(500);
    for (const body of [{ status: 'maybe' }, {}, { status: 'paid', at: 'now' }]) {
      const res = await t.call('POST', `/api/scheduling/appointments/${id}/payment`, { cookie: therapist, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const row = await db().db.selectFrom('appointments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ fee_adjustment: null, payment_status: null });
    expect(await db().db.selectFrom('appointment_fee_events').selectAll().where('appointment_id', '=', id).execute()).toEqual([]);

    // A cancelled appointment has no fee to adjust; unknown ids are not found.
    const later = (await s.book(FUTURE)).json().id as string;
    await t.call('POST', `/api/scheduling/appointments/${later}/cancel`, { cookie: therapist, body: { reason: 'Unwell' } });
    const onCancelled = await t.call('POST', `/api/scheduling/appointments/${later}/payment`, {
      cookie: therapist,
      body: { status: 'paid' },
    });
    expect(onCancelled.statusCode).toBe(409);
    expect(onCancelled.json().message).toContain('cancelled');
    expect(
      (
        await t.call('POST', '/api/scheduling/appointments/nope/fee-adjustment', {
          cookie: therapist,
          body: { kind: 'waived', reason: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    await t.close();
  });

  it('lets only the treating therapist and the front desk set fees; others and other clinics get nothing', async () => {
    const s = await schedulingClinic(db());
    const { t, clinic } = s;
    const id = await completed(s, MON_2);
    const other = await buildClinic(db());
    const cookies = {
      locum: await t.signIn(clinic.members.locum),
      mentor: await t.signIn(clinic.members.mentor),
      otherOwner: await t.signIn(other.owner),
    };
    for (const [who, cookie] of Object.entries(cookies)) {
      const adj = await t.call('POST', `/api/scheduling/appointments/${id}/fee-adjustment`, {
        cookie,
        body: { kind: 'waived', reason: 'Hardship' },
      });
      expect([403, 404], who).toContain(adj.statusCode);
      const pay = await t.call('POST', `/api/scheduling/appointments/${id}/payment`, { cookie, body: { status: 'paid' } });
      expect([403, 404], who).toContain(pay.statusCode);
      const hist = await t.call('GET', `/api/scheduling/appointments/${id}/fee-history`, { cookie });
      expect([403, 404], who).toContain(hist.statusCode);
    }
    expect(await db().db.selectFrom('appointment_fee_events').selectAll().where('appointment_id', '=', id).execute()).toEqual([]);
    await t.close();
  });

  it("gives the reflection module a therapist's completed sessions with an adjustment or marked unpaid", async () => {
    const s = await schedulingClinic(db());
    const { t, admin } = s;
    const discounted = await completed(s, MON_2);
    const paidOnly = await completed(s, TUE_3);
    const unpaid = await completed(s, WED_4);
    const waivedAndUnpaid = await completed(s, WED_4_LATE);
    const bookedWithDiscount = (await s.book(FUTURE)).json().id as string;
    const post = (id: string, what: string, body: unknown) =>
      t.call('POST', `/api/scheduling/appointments/${id}/${what}`, { cookie: admin, body });
    await post(discounted, 'fee-adjustment', { kind: 'discount', amountCents: 3000, reason: 'Friend' });
    await post(paidOnly, 'payment', { status: 'paid' });
    await post(unpaid, 'payment', { status: 'unpaid' });
    await post(waivedAndUnpaid, 'fee-adjustment', { kind: 'waived', reason: 'Hardship' });
    await post(waivedAndUnpaid, 'payment', { status: 'unpaid' });
    await post(bookedWithDiscount, 'fee-adjustment', { kind: 'discount', amountCents: 1000, reason: 'Friend' });
    // A discount given and then taken back no longer counts.
    const takenBack = await completed(s, '2026-03-04T19:00:00.000Z');
    await post(takenBack, 'fee-adjustment', { kind: 'waived', reason: 'Oops' });
    await post(takenBack, 'fee-adjustment', { kind: 'none', reason: 'Entered on the wrong visit' });

    const events = await feeEventsForTherapist(db().db, s.clinic.members.therapist.id, '2026-03-01T00:00:00.000Z');
    expect(events).toEqual([
      { patientId: s.patientId, appointmentId: discounted, startsAt: MON_2, adjustment: 'discount', unpaid: false },
      { patientId: s.patientId, appointmentId: unpaid, startsAt: WED_4, adjustment: null, unpaid: true },
      { patientId: s.patientId, appointmentId: waivedAndUnpaid, startsAt: WED_4_LATE, adjustment: 'waived', unpaid: true },
    ]);
    expect(await feeEventsForTherapist(db().db, s.clinic.members.therapist.id, TUE_3)).toHaveLength(2);
    expect(await feeEventsForTherapist(db().db, s.clinic.members.admin.id, '2026-03-01T00:00:00.000Z')).toEqual([]);
    await t.close();
  });
});
