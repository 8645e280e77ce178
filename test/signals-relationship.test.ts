import { describe, expect, it } from 'vitest';
import {
  computeFeeSignals,
  computeRelationshipSignals,
  DEFAULT_SIGNAL_SETTINGS,
  messageFor,
  type RelationshipEvents,
} from '../src/server/modules/reflection/signals.js';
import { describeEachDialect } from './support/db.js';
import { addMember, buildClinic, buildUser } from './support/factories.js';
import { buildTestApp, type TestApp } from './support/http.js';
import { schedulingClinic } from './support/scheduling.js';

const NOW = new Date('2026-11-25T15:00:00Z');
const day = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const gift = (daysAgo: number, extra: Partial<RelationshipEvents['gifts'][number]> = {}) => ({
  patientId: 'p1',
  on: day(daysAgo),
  direction: 'from_patient' as const,
  loggedAt: `${day(daysAgo)}T18:00:00.000Z`,
  ...extra,
});

describe('gift, contact and fee signals (computation)', () => {
  it('invites reflection after two gifts from one client within 90 days, and not for one, older ones or gifts the therapist gave', () => {
    const none = { gifts: [], contacts: [] };
    expect(computeRelationshipSignals({ ...none, gifts: [gift(10)] }, DEFAULT_SIGNAL_SETTINGS, NOW)).toEqual([]);
    expect(computeRelationshipSignals({ ...none, gifts: [gift(120), gift(10)] }, DEFAULT_SIGNAL_SETTINGS, NOW)).toEqual([]);
    expect(
      computeRelationshipSignals({ ...none, gifts: [gift(20, { direction: 'to_patient' }), gift(10)] }, DEFAULT_SIGNAL_SETTINGS, NOW),
    ).toEqual([]);
    expect(computeRelationshipSignals({ ...none, gifts: [gift(30), gift(10, { patientId: 'p2' })] }, DEFAULT_SIGNAL_SETTINGS, NOW)).toEqual(
      [],
    );
    const [signal, ...rest] = computeRelationshipSignals({ ...none, gifts: [gift(80), gift(30), gift(2)] }, DEFAULT_SIGNAL_SETTINGS, NOW);
    expect(rest).toEqual([]);
    expect(signal).toMatchObject({ key: 'repeated_gifts:p1', kind: 'repeated_gifts', count: 3, window: 90 });
    expect(signal?.evidenceUntil).toBe(`${day(2)}T18:00:00.000Z`);
    expect(messageFor(signal as never, 'Ada')).toBe(
      'You have noted 3 gifts from Ada in the last 90 days. Would you like to reflect on it?',
    );
    // Tuning: a stricter bar or a shorter window quiets it; a looser one catches a single gift.
    expect(
      computeRelationshipSignals({ ...none, gifts: [gift(80), gift(30), gift(2)] }, { ...DEFAULT_SIGNAL_SETTINGS, giftCount: 4 }, NOW),
    ).toEqual([]);
    expect(computeRelationshipSignals({ ...none, gifts: [gift(80), gift(30)] }, { ...DEFAULT_SIGNAL_SETTINGS, giftDays: 60 }, NOW)).toEqual(
      [],
    );
    expect(computeRelationshipSignals({ ...none, gifts: [gift(5)] }, { ...DEFAULT_SIGNAL_SETTINGS, giftCount: 1 }, NOW)).toHaveLength(1);
  });

  it('invites reflection on any contact outside clinic channels in 60 days, tunable', () => {
    const contact = (daysAgo: number) => ({ patientId: 'p1', on: day(daysAgo), loggedAt: NOW.toISOString() });
    expect(computeRelationshipSignals({ gifts: [], contacts: [contact(61)] }, DEFAULT_SIGNAL_SETTINGS, NOW)).toEqual([]);
    const [one] = computeRelationshipSignals({ gifts: [], contacts: [contact(59)] }, DEFAULT_SIGNAL_SETTINGS, NOW);
    expect(one).toMatchObject({ kind: 'outside_contact', count: 1, window: 60 });
    expect(messageFor(one as never, 'Ada')).toBe(
      "You have noted a contact with Ada outside the clinic's channels in the last 60 days. Would you like to reflect on it?",
    );
    expect(
      computeRelationshipSignals({ gifts: [], contacts: [contact(59)] }, { ...DEFAULT_SIGNAL_SETTINGS, contactCount: 2 }, NOW),
    ).toEqual([]);
    expect(
      computeRelationshipSignals({ gifts: [], contacts: [contact(61)] }, { ...DEFAULT_SIGNAL_SETTINGS, contactDays: 90 }, NOW),
    ).toHaveLength(1);
  });

  it('invites reflection on repeated discounts, waivers or unpaid sessions for one client', () => {
    const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
    const fee = (daysAgo: number, adjustment: 'discount' | 'waived' | null, unpaid = false) => ({
      patientId: 'p1',
      startsAt: at(daysAgo),
      adjustment,
      unpaid,
    });
    const three = [fee(60, 'discount'), fee(30, 'waived'), fee(3, null, true)];
    const [signal] = computeFeeSignals(three, DEFAULT_SIGNAL_SETTINGS, NOW);
    expect(signal).toMatchObject({ key: 'fee_adjustments:p1', count: 3, window: 90, evidenceUntil: at(3) });
    expect(messageFor(signal as never, 'Ada')).toBe(
      '3 sessions with Ada in the last 90 days were discounted, waived or left unpaid. Would you like to reflect on it?',
    );
    expect(computeFeeSignals([fee(100, 'discount'), fee(30, 'waived'), fee(3, null, true)], DEFAULT_SIGNAL_SETTINGS, NOW)).toEqual([]);
    expect(computeFeeSignals([...three.slice(0, 2), fee(3, null, false)], DEFAULT_SIGNAL_SETTINGS, NOW)).toEqual([]);
    expect(computeFeeSignals(three, { ...DEFAULT_SIGNAL_SETTINGS, feeCount: 4 }, NOW)).toEqual([]);
    expect(computeFeeSignals(three.slice(1), { ...DEFAULT_SIGNAL_SETTINGS, feeCount: 2 }, NOW)).toHaveLength(1);
  });
});

async function setUp(t: TestApp, clinic: Awaited<ReturnType<typeof buildClinic>>) {
  const cookie = await t.signIn(clinic.members.therapist);
  const patientId = (
    await t.call('POST', '/api/patients', { cookie, body: { legalFirstName: 'June', legalLastName: 'Park', dateOfBirth: '1975-03-03' } })
  ).json().id as string;
  const logGift = async (givenOn: string, description = 'Flowers') => {
    const res = await t.call('POST', `/api/patients/${patientId}/gifts`, {
      cookie,
      body: { givenOn, direction: 'from_patient', description, outcome: 'accepted' },
    });
    if (res.statusCode !== 200) throw new Error(res.body);
    return res.json().id as string;
  };
  return { cookie, patientId, logGift };
}

const signalsOf = async (t: TestApp, cookie: string) =>
  (await t.call('GET', '/api/reflection/signals', { cookie })).json().signals as Array<{
    key: string;
    kind: string;
    message: string;
    reflectedAt: string | null;
    newSinceReflection: boolean;
  }>;

describeEachDialect('gift and contact signals, for the therapist only', ({ db }) => {
  it('shows a gift signal after a second gift, holds a dismissal until a new gift, follows tuning and forgets entries in error', async () => {
    const t = await buildTestApp(db());
    t.clock.set(NOW);
    const clinic = await buildClinic(db());
    const { cookie, patientId, logGift } = await setUp(t, clinic);
    const first = await logGift('2026-10-01', 'Chocolates');
    expect(await signalsOf(t, cookie)).toEqual([]);
    t.clock.advance(60_000);
    await logGift('2026-11-20', 'A scarf');
    let signals = await signalsOf(t, cookie);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      key: `repeated_gifts:${patientId}`,
      kind: 'repeated_gifts',
      message: 'You have noted 2 gifts from June Park in the last 90 days. Would you like to reflect on it?',
      reflectedAt: null,
      newSinceReflection: false,
    });
    // The signal carries no gift text.
    expect(JSON.stringify(signals)).not.toMatch(/scarf|chocolates/i);

    expect(
      (await t.call('POST', '/api/reflection/signals/dismiss', { cookie, body: { key: `repeated_gifts:${patientId}` } })).statusCode,
    ).toBe(200);
    expect(await signalsOf(t, cookie)).toEqual([]);
    t.clock.advance(60_000);
    await logGift('2026-11-24', 'Tea');
    signals = await signalsOf(t, cookie);
    expect(signals.map((s) => s.message)).toEqual([
      'You have noted 3 gifts from June Park in the last 90 days. Would you like to reflect on it?',
    ]);

    // Tuning: with a bar of four gifts it goes quiet; the other thresholds keep their values.
    const { updatedAt, ...settings } = (await t.call('GET', '/api/reflection/signal-settings', { cookie })).json();
    expect(settings).toMatchObject({ giftCount: 2, giftDays: 90, contactCount: 1, contactDays: 60, feeCount: 3, feeDays: 90 });
    const tuned = await t.call('PUT', '/api/reflection/signal-settings', {
      cookie,
      body: { ...settings, giftCount: 4, basedOn: updatedAt },
    });
    expect(tuned.statusCode).toBe(200);
    expect(await signalsOf(t, cookie)).toEqual([]);
    const basedOn = tuned.json().updatedAt; // each save is based on the version last read
    const bad = await t.call('PUT', '/api/reflection/signal-settings', { cookie, body: { ...settings, giftDays: 1000, basedOn } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('giftDays');
    await t.call('PUT', '/api/reflection/signal-settings', { cookie, body: { ...settings, giftCount: 3, basedOn } });
    expect(await signalsOf(t, cookie)).toHaveLength(1);
    // A gift marked as entered in error no longer counts.
    await t.call('POST', `/api/patients/${patientId}/gifts/${first}/entered-in-error`, { cookie, body: { reason: 'Another client' } });
    expect(await signalsOf(t, cookie)).toEqual([]);
    await t.close();
  });

  it('marks a signal as reflected on, and says when something new happened since', async () => {
    const t = await buildTestApp(db());
    t.clock.set(NOW);
    const clinic = await buildClinic(db());
    const { cookie, patientId, logGift } = await setUp(t, clinic);
    const contact = await t.call('POST', `/api/patients/${patientId}/contacts`, {
      cookie,
      body: { contactOn: '2026-11-23', channel: 'social_media', direction: 'from_patient', initiatedBy: 'patient' },
    });
    expect(contact.statusCode).toBe(200);
    await logGift('2026-11-01');
    await logGift('2026-11-10');
    const keys = (await signalsOf(t, cookie)).map((s) => s.key).sort();
    expect(keys).toEqual([`outside_contact:${patientId}`, `repeated_gifts:${patientId}`]);

    expect((await t.call('POST', '/api/reflection/signals/reflected', { cookie, body: { key: 'repeated_gifts:nobody' } })).statusCode).toBe(
      404,
    );
    expect((await t.call('POST', '/api/reflection/signals/reflected', { cookie, body: {} })).statusCode).toBe(400);
    t.clock.advance(60_000);
    const marked = await t.call('POST', '/api/reflection/signals/reflected', { cookie, body: { key: `repeated_gifts:${patientId}` } });
    expect(marked.statusCode).toBe(200);
    let gifts = (await signalsOf(t, cookie)).find((s) => s.kind === 'repeated_gifts');
    expect(gifts).toMatchObject({ reflectedAt: new Date(NOW.getTime() + 60_000).toISOString(), newSinceReflection: false });
    expect((await signalsOf(t, cookie)).find((s) => s.kind === 'outside_contact')?.reflectedAt).toBeNull();
    t.clock.advance(60_000);
    await logGift('2026-11-24');
    gifts = (await signalsOf(t, cookie)).find((s) => s.kind === 'repeated_gifts');
    expect(gifts).toMatchObject({ newSinceReflection: true });
    expect(gifts?.reflectedAt).not.toBeNull();
    await t.close();
  });

  it('shows them to no one else: owner, admin, another therapist, locum, mentor, another clinic', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const other = await buildClinic(db());
    const { logGift, patientId } = await setUp(t, clinic);
    const today = new Date().toISOString().slice(0, 10);
    await logGift(today);
    await logGift(today);
    const therapist = await t.signIn(clinic.members.therapist);
    expect((await signalsOf(t, therapist)).map((s) => s.kind)).toEqual(['repeated_gifts']);
    const secondTherapist = await buildUser(db());
    await addMember(db(), clinic.id, secondTherapist, 'therapist');
    for (const who of [clinic.owner, clinic.members.admin, secondTherapist, clinic.members.locum, clinic.members.mentor, other.owner]) {
      const cookie = await t.signIn(who);
      const res = await t.call('GET', '/api/reflection/signals', { cookie });
      expect(res.body, who.role).not.toContain('June Park');
      expect(res.body, who.role).not.toContain(patientId);
      const reflect = await t.call('POST', '/api/reflection/signals/reflected', { cookie, body: { key: `repeated_gifts:${patientId}` } });
      expect([403, 404], who.role).toContain(reflect.statusCode);
    }
    // Nothing about signals reaches the clinic's audit log, which the owner can read.
    expect(JSON.stringify(await db().db.selectFrom('audit_events').select('data').execute())).not.toContain('repeated_gifts');
    await t.close();
  });
});

describeEachDialect('fee signals, for the therapist only', ({ db }) => {
  it('invites reflection after three discounted, waived or unpaid sessions with one client, and dismissal holds', async () => {
    const s = await schedulingClinic(db());
    const { t, therapist, admin, owner } = s;
    const completed = async (startsAt: string) => {
      const id = (await s.book(startsAt)).json().id as string;
      const end = new Date(Date.parse(startsAt) + 3_600_000).toISOString();
      const done = await t.call('POST', `/api/scheduling/appointments/${id}/complete`, { cookie: therapist, body: { actualEndAt: end } });
      if (done.statusCode !== 200) throw new Error(done.body);
      return id;
    };
    const post = (id: string, what: string, body: unknown) =>
      t.call('POST', `/api/scheduling/appointments/${id}/${what}`, { cookie: admin, body });
    const first = await completed('2026-03-02T15:00:00.000Z');
    const second = await completed('2026-03-03T15:00:00.000Z');
    const third = await completed('2026-03-04T15:00:00.000Z');
    await post(first, 'fee-adjustment', { kind: 'discount', amountCents: 2000, reason: 'Friend' });
    await post(second, 'fee-adjustment', { kind: 'waived', reason: 'Hardship' });
    expect(await signalsOf(t, therapist)).toEqual([]);
    await post(third, 'payment', { status: 'unpaid' });
    const signals = await signalsOf(t, therapist);
    expect(signals.map((x) => x.message)).toEqual([
      '3 sessions with Em Côté in the last 90 days were discounted, waived or left unpaid. Would you like to reflect on it?',
    ]);
    // The reason given for a discount never appears in the signal, and the owner and admin see nothing.
    expect(JSON.stringify(signals)).not.toMatch(/Friend|Hardship/);
    for (const cookie of [owner, admin]) expect((await t.call('GET', '/api/reflection/signals', { cookie })).body).not.toContain('Côté');
    await t.call('POST', '/api/reflection/signals/dismiss', { cookie: therapist, body: { key: signals[0]?.key } });
    expect(await signalsOf(t, therapist)).toEqual([]);
    await t.close();
  });
});
