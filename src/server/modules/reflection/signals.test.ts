import { describe, expect, it } from 'vitest';
import { computeSignals, DEFAULT_SIGNAL_SETTINGS, messageFor, type Session } from './signals.js';

const NOW = new Date('2026-11-25T12:00:00Z');
function session(daysAgo: number, overMinutes: number | null, extra: Partial<Session> = {}): Session {
  const start = new Date(NOW.getTime() - daysAgo * 86_400_000);
  const end = new Date(start.getTime() + 3_600_000);
  return {
    patientId: 'p1',
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    actualEndAt: overMinutes === null ? null : new Date(end.getTime() + overMinutes * 60_000).toISOString(),
    status: overMinutes === null ? 'booked' : 'completed',
    outsideHours: false,
    ...extra,
  };
}

describe('boundary signals', () => {
  it('invites reflection after running over in most recent sessions with one client, and not before', () => {
    const five = [40, 33, 26, 19, 12, 5].map((d, i) => session(d, i === 0 ? 0 : 15));
    const [signal] = computeSignals(five, DEFAULT_SIGNAL_SETTINGS, NOW);
    expect(signal).toMatchObject({ kind: 'running_over', count: 5, window: 6 });
    expect(messageFor(signal as never, 'Ada')).toBe(
      'You have run over time with Ada in 5 of the last 6 sessions. Would you like to reflect on it?',
    );
    const three = [40, 33, 26, 19, 12, 5].map((d, i) => session(d, i < 3 ? 2 : 15));
    expect(computeSignals(three, DEFAULT_SIGNAL_SETTINGS, NOW)).toEqual([]);
    expect(computeSignals(three, { ...DEFAULT_SIGNAL_SETTINGS, overrunCount: 3 }, NOW)).toHaveLength(1);
  });

  it('notices sessions outside usual hours and very frequent visits, per client', () => {
    const outside = [20, 15, 10, 5].map((d) => session(d, 0, { outsideHours: true }));
    expect(computeSignals(outside, DEFAULT_SIGNAL_SETTINGS, NOW).map((s) => s.kind)).toEqual(['outside_hours']);
    const often = Array.from({ length: 9 }, (_, i) => session(i * 3 + 1, 0));
    expect(computeSignals(often, DEFAULT_SIGNAL_SETTINGS, NOW).map((s) => s.kind)).toEqual(['seen_very_often']);
    const twoClients = [...outside.slice(0, 2), ...outside.slice(2).map((s) => ({ ...s, patientId: 'p2' }))];
    expect(computeSignals(twoClients, DEFAULT_SIGNAL_SETTINGS, NOW)).toEqual([]);
  });

  it('ignores future bookings', () => {
    expect(
      computeSignals(
        [-1, -2, -3, -4].map((d) => session(d, null, { outsideHours: true })),
        DEFAULT_SIGNAL_SETTINGS,
        NOW,
      ),
    ).toEqual([]);
  });
});
