import type { SignalSettings } from '../../../shared/reflection/contract.js';

export const DEFAULT_SIGNAL_SETTINGS: SignalSettings = {
  overrunMinutes: 10,
  window: 6,
  overrunCount: 4,
  outsideHoursCount: 3,
  visitsIn30Days: 8,
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
  kind: 'running_over' | 'outside_hours' | 'seen_very_often';
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

export function messageFor(s: ComputedSignal, name: string): string {
  switch (s.kind) {
    case 'running_over':
      return `You have run over time with ${name} in ${s.count} of the last ${s.window} sessions. Would you like to reflect on it?`;
    case 'outside_hours':
      return `${s.count} of the last ${s.window} sessions with ${name} were outside your usual hours. Would you like to reflect on it?`;
    case 'seen_very_often':
      return `You have seen ${name} ${s.count} times in the last 30 days. Would you like to reflect on whether this still serves their plan?`;
  }
}
