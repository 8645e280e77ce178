import { describe, expect, it } from 'vitest';
import { dayRange, exactOffsetAt, mondayOf, wallClock, wallToInstant } from './time.js';

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

describe('the offset kept per quarter hour', () => {
  it('gives the same wall clock as asking Intl, minute by minute around every transition of zones with odd offsets', () => {
    const zones = ['America/Toronto', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu', 'Europe/London'];
    const formats = new Map(
      zones.map((tz) => [
        tz,
        new Intl.DateTimeFormat('en-CA', {
          timeZone: tz,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        }),
      ]),
    );
    const exactWall = (ms: number, tz: string) => {
      const v = Object.fromEntries((formats.get(tz) as Intl.DateTimeFormat).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      return `${v.year}-${v.month}-${v.day} ${v.hour}:${v.minute}`;
    };
    const cachedWall = (ms: number, tz: string) => {
      const w = wallClock(new Date(ms), tz);
      return `${w.date} ${w.time}`;
    };
    const HOUR = 3_600_000;
    const mismatches: string[] = [];
    let transitions = 0;
    for (const tz of zones) {
      let previous = exactOffsetAt(Date.UTC(2026, 0, 1), tz);
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += HOUR) {
        const offset = exactOffsetAt(ms, tz);
        // Every few hours, and minute by minute for two hours either side of a change.
        const dense = offset !== previous;
        if (dense) transitions++;
        previous = offset;
        const [from, to, step] = dense ? [ms - 2 * HOUR, ms + 2 * HOUR, 61_000] : [ms, ms + 1, 1];
        if (!dense && ms % (5 * HOUR) !== 0) continue;
        for (let t = from; t < to; t += step)
          if (exactWall(t, tz) !== cachedWall(t, tz)) mismatches.push(`${tz} ${new Date(t).toISOString()}`);
      }
    }
    expect(transitions).toBeGreaterThanOrEqual(8); // Toronto, St John's, Lord Howe, Chatham and London change twice a year
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
