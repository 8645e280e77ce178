import { describe, expect, it } from 'vitest';
import { refocusFor, trendOf } from './trend.js';

const row = (
  local_date: string,
  weekday: number,
  local_hour: number,
  presence: number,
  attention: number,
  patient_id: string | null = null,
) => ({
  local_date,
  weekday,
  local_hour,
  presence,
  attention,
  patient_id,
});

describe('presence trends', () => {
  const rows = [row('2026-11-23', 1, 9, 8, 7, 'p1'), row('2026-11-23', 1, 14, 4, 5, 'p2'), row('2026-11-24', 2, 9, 6, 6, 'p1')];
  it('averages by day, weekday, hour and patient', () => {
    expect(trendOf(rows, 'day').map((p) => [p.key, p.count, p.presence])).toEqual([
      ['2026-11-23', 2, 6],
      ['2026-11-24', 1, 6],
    ]);
    expect(trendOf(rows, 'weekday').map((p) => p.label)).toEqual(['Monday', 'Tuesday']);
    expect(trendOf(rows, 'hour').map((p) => [p.label, p.presence])).toEqual([
      ['09:00', 7],
      ['14:00', 4],
    ]);
    expect(trendOf(rows, 'patient', new Map([['p1', 'Ada L.']])).map((p) => [p.label, p.count])).toEqual([
      ['Ada L.', 2],
      ['A patient', 1],
    ]);
  });

  it('offers refocusing only when presence or attention is low', () => {
    expect(refocusFor(8, 7)).toBeNull();
    expect(refocusFor(3, 8)?.questions[0]).toBe('Am I here today?');
    expect(refocusFor(8, 2)?.practices.length).toBeGreaterThan(2);
  });
});
