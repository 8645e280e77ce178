import { describe, expect, it } from 'vitest';
import { dayRange, mondayOf, wallClock, wallToInstant } from './time.js';

const TZ = 'America/Toronto';

describe('clinic wall time', () => {
  it('converts both ways across the spring and autumn clock changes', () => {
    expect(wallToInstant('2026-03-07', '09:00', TZ).toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(wallToInstant('2026-03-08', '09:00', TZ).toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(wallToInstant('2026-10-31', '09:00', TZ).toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(wallToInstant('2026-11-01', '09:00', TZ).toISOString()).toBe('2026-11-01T14:00:00.000Z');
    // 02:30 does not exist on 8 March: it is taken as the same distance after 02:00, i.e. 03:30.
    expect(wallClock(wallToInstant('2026-03-08', '02:30', TZ), TZ).time).toBe('03:30');
    expect(wallClock('2026-03-08T13:00:00.000Z', TZ)).toEqual({ date: '2026-03-08', time: '09:00', minutes: 540, weekday: 7 });
  });

  it('knows that the days the clocks change last 23 and 25 hours', () => {
    const hours = (r: { from: string; to: string }) => (Date.parse(r.to) - Date.parse(r.from)) / 3_600_000;
    expect(dayRange('2026-03-08', TZ)).toEqual({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
    expect(hours(dayRange('2026-03-08', TZ))).toBe(23);
    expect(hours(dayRange('2026-11-01', TZ))).toBe(25);
    expect(hours(dayRange('2026-06-01', TZ))).toBe(24);
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(mondayOf('2026-03-09')).toBe('2026-03-09');
  });
});
