import type { SignalSettings } from '../../../shared/reflection/contract.js';

export const DEFAULT_SIGNAL_SETTINGS: SignalSettings = {
  overrunMinutes: 10,
  window: 6,
  overrunCount: 4,
  outsideHoursCount: 3,
  visitsIn30Days: 8,
  giftCount: 2,
  giftDays: 90,
  contactCount: 1,
  contactDays: 60,
  feeCount: 3,
  feeDays: 90,
};

export interface Session {
  patientId: string;
  startsAt: string;
  endsAt: string;
  actualEndAt: string | null;
  status: string;
  outsideHours: boolean;
}

export interface ComputedSignal {
  key: string;
  kind: 'running_over' | 'outside_hours' | 'seen_very_often' | 'repeated_gifts' | 'outside_contact' | 'fee_adjustments';
  patientId: string;
  count: number;
  window: number;
  /** The newest session this signal rests on: a dismissal holds until there is newer evidence. */
  evidenceUntil: string;
}

/**
 * Patterns in one therapist's own sessions that may be worth a moment's reflection. Plain and
 * tested; never a judgement, and shown to no one but the therapist.
 */
export function computeSignals(sessions: Session[], settings: SignalSettings, now: Date): ComputedSignal[] {
  const byPatient = new Map<string, Session[]>();
  for (const s of sessions) {
    if (s.startsAt > now.toISOString()) continue;
    const list = byPatient.get(s.patientId) ?? [];
    list.push(s);
    byPatient.set(s.patientId, list);
  }
  const signals: ComputedSignal[] = [];
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  for (const [patientId, all] of byPatient) {
    const ordered = [...all].sort((a, b) => (a.startsAt < b.startsAt ? -1 : 1));
    const completed = ordered.filter((s) => s.status === 'completed' && s.actualEndAt);
    const lastCompleted = completed.slice(-settings.window);
    const over = lastCompleted.filter(
      (s) => Date.parse(s.actualEndAt as string) - Date.parse(s.endsAt) >= settings.overrunMinutes * 60_000,
    );
    if (lastCompleted.length >= settings.overrunCount && over.length >= settings.overrunCount) {
      signals.push({
        key: `running_over:${patientId}`,
        kind: 'running_over',
        patientId,
        count: over.length,
        window: lastCompleted.length,
        evidenceUntil: lastCompleted.at(-1)?.startsAt ?? '',
      });
    }
    const recent = ordered.filter((s) => s.status !== 'no_show').slice(-settings.window);
    const outside = recent.filter((s) => s.outsideHours);
    if (outside.length >= settings.outsideHoursCount) {
      signals.push({
        key: `outside_hours:${patientId}`,
        kind: 'outside_hours',
        patientId,
        count: outside.length,
        window: recent.length,
        evidenceUntil: recent.at(-1)?.startsAt ?? '',
      });
    }
    const lastMonth = ordered.filter((s) => s.startsAt >= monthAgo && s.status !== 'no_show');
    if (lastMonth.length >= settings.visitsIn30Days) {
      signals.push({
        key: `seen_very_often:${patientId}`,
        kind: 'seen_very_often',
        patientId,
        count: lastMonth.length,
        window: 30,
        evidenceUntil: lastMonth.at(-1)?.startsAt ?? '',
      });
    }
  }
  return signals;
}

/** Gifts and contacts the therapist logged on their clients' charts (entries in error left out). */
export interface RelationshipEvents {
  gifts: Array<{ patientId: string; on: string; direction: 'from_patient' | 'to_patient'; loggedAt: string }>;
  contacts: Array<{ patientId: string; on: string; loggedAt: string }>;
}

/** Completed sessions that were discounted, waived or left unpaid. */
export interface FeeEvent {
  patientId: string;
  startsAt: string;
  adjustment: 'discount' | 'waived' | null;
  unpaid: boolean;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** Counts events per client within a window of days; one signal per client that reaches the count. */
function perClient<E extends { patientId: string }>(
  events: E[],
  kind: 'repeated_gifts' | 'outside_contact' | 'fee_adjustments',
  days: number,
  count: number,
  since: string,
  at: (e: E) => string,
  evidence: (e: E) => string,
): ComputedSignal[] {
  const byPatient = new Map<string, E[]>();
  for (const e of events) {
    if (at(e) < since) continue;
    byPatient.set(e.patientId, [...(byPatient.get(e.patientId) ?? []), e]);
  }
  const signals: ComputedSignal[] = [];
  for (const [patientId, list] of byPatient) {
    if (list.length < count) continue;
    signals.push({
      key: `${kind}:${patientId}`,
      kind,
      patientId,
      count: list.length,
      window: days,
      // Newest logging time: an entry logged after a dismissal brings the invitation back.
      evidenceUntil: list.map(evidence).sort().at(-1) ?? '',
    });
  }
  return signals;
}

/**
 * Gifts from one client, and any contact outside the clinic's channels, within the tuned windows.
 * Dates are calendar days; "within N days" counts from today's date back.
 */
export function computeRelationshipSignals(events: RelationshipEvents, settings: SignalSettings, now: Date): ComputedSignal[] {
  const sinceDay = (days: number) => daysBefore(now, days).slice(0, 10);
  return [
    ...perClient(
      events.gifts.filter((g) => g.direction === 'from_patient'),
      'repeated_gifts',
      settings.giftDays,
      settings.giftCount,
      sinceDay(settings.giftDays),
      (g) => g.on,
      (g) => g.loggedAt,
    ),
    ...perClient(
      events.contacts,
      'outside_contact',
      settings.contactDays,
      settings.contactCount,
      sinceDay(settings.contactDays),
      (c) => c.on,
      (c) => c.loggedAt,
    ),
  ];
}

/** Repeated discounts, waivers or unpaid sessions for one client, within the tuned window. */
export function computeFeeSignals(events: FeeEvent[], settings: SignalSettings, now: Date): ComputedSignal[] {
  const nowIso = now.toISOString();
  return perClient(
    events.filter((e) => (e.adjustment !== null || e.unpaid) && e.startsAt <= nowIso),
    'fee_adjustments',
    settings.feeDays,
    settings.feeCount,
    daysBefore(now, settings.feeDays),
    (e) => e.startsAt,
    (e) => e.startsAt,
  );
}

export function messageFor(s: ComputedSignal, name: string): string {
  switch (s.kind) {
    case 'running_over':
      return `You have run over time with ${name} in ${s.count} of the last ${s.window} sessions. Would you like to reflect on it?`;
    case 'outside_hours':
      return `${s.count} of the last ${s.window} sessions with ${name} were outside your usual hours. Would you like to reflect on it?`;
    case 'seen_very_often':
      return `You have seen ${name} ${s.count} times in the last 30 days. Would you like to reflect on whether this still serves their plan?`;
    case 'repeated_gifts':
      return `You have noted ${s.count} gifts from ${name} in the last ${s.window} days. Would you like to reflect on it?`;
    case 'outside_contact':
      return s.count === 1
        ? `You have noted a contact with ${name} outside the clinic's channels in the last ${s.window} days. Would you like to reflect on it?`
        : `You have noted ${s.count} contacts with ${name} outside the clinic's channels in the last ${s.window} days. Would you like to reflect on it?`;
    case 'fee_adjustments':
      return `${s.count} sessions with ${name} in the last ${s.window} days were discounted, waived or left unpaid. Would you like to reflect on it?`;
  }
}
