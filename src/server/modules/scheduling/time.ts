/**
 * Clinic wall time ↔ UTC instants, with Intl only (no time zone library). Instants are stored as
 * ISO-8601 UTC text; availability is in wall time ("HH:MM") on the clinic's calendar.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function exactPartsAt(ms: number, timeZone: string): Parts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return p as unknown as Parts;
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms, asking Intl. */
export function exactOffsetAt(ms: number, timeZone: string): number {
  const p = exactPartsAt(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * Asking Intl costs a few microseconds, and a calendar view asks for every appointment. Offsets
 * change only at transitions, which fall on quarter hours in every zone in use, so the offset is
 * kept per zone and quarter hour, and only where it is the same at both ends of the quarter.
 */
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number | null>();
/**
 * Before that, per zone and UTC day, where the offset is the same at both ends of the day (no zone
 * changes twice in a day): a patient's trajectory spans years of sessions, and with quarter hours
 * alone nearly every one of them asked Intl twice (7 % of the trajectory's CPU).
 */
const DAY = 86_400_000;
/** The offset that holds through [from, from + span), or null when it changes inside (a transition). */
function steadyOffset(from: number, span: number, timeZone: string): number | null {
  const start = exactOffsetAt(from, timeZone);
  return start === exactOffsetAt(from + span - 1000, timeZone) ? start : null;
}

const dayOffsets = new Map<string, Map<number, number | null>>();
function offsetAt(ms: number, timeZone: string): number {
  const day = Math.floor(ms / DAY);
  let days = dayOffsets.get(timeZone);
  if (!days) {
    days = new Map();
    dayOffsets.set(timeZone, days);
  }
  let whole = days.get(day);
  if (whole === undefined) {
    whole = steadyOffset(day * DAY, DAY, timeZone);
    if (days.size >= 100_000) days.clear();
    days.set(day, whole);
  }
  if (whole !== null) return whole;
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = steadyOffset(quarter * QUARTER_HOUR, QUARTER_HOUR, timeZone);
    if (offsets.size >= 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset ?? exactOffsetAt(ms, timeZone);
}

function partsAt(ms: number, timeZone: string): Parts {
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offsetAt(ms, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export interface WallClock {
  date: string;
  time: string;
  /** Minutes since local midnight. */
  minutes: number;
  /** ISO weekday: Monday = 1 … Sunday = 7. */
  weekday: number;
}

/** The date on the clinic's wall clock at this instant (`wallClock(…).date`, without the rest). */
export function wallDate(instant: Date | string, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offsetAt(ms, timeZone));
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
}

export function wallClock(instant: Date | string, timeZone: string): WallClock {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const p = partsAt(ms, timeZone);
  const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  return { date, time: `${pad(p.hour)}:${pad(p.minute)}`, minutes: p.hour * 60 + p.minute, weekday: weekdayOf(date) };
}

/** The instant at which the clinic's wall clock shows `date` `time` (a skipped time moves forward). */
export function wallToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, h, mi);
  let t = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(t, timeZone);
  if (second !== t && guess - offsetAt(second, timeZone) === second) t = second;
  return new Date(t);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/** [start, end) of a local calendar day as UTC instants: 23 or 25 hours on the days clocks change. */
export function dayRange(date: string, timeZone: string): { from: string; to: string } {
  return {
    from: wallToInstant(date, '00:00', timeZone).toISOString(),
    to: wallToInstant(addDays(date, 1), '00:00', timeZone).toISOString(),
  };
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
