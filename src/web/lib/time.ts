/** Clinic wall time ↔ instants, with the clinic's time zone (not the device's). */

const partsFormatter = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatter.get(timeZone);
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
    partsFormatter.set(timeZone, f);
  }
  return f;
}

/** The wall clock in a time zone at an instant: { date: 'YYYY-MM-DD', time: 'HH:MM' }. */
export function wallClock(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

function offsetMs(at: Date, timeZone: string): number {
  const { date, time } = wallClock(at, timeZone);
  return Date.parse(`${date}T${time}:00Z`) - (at.getTime() - (at.getTime() % 60_000));
}

/** The instant (ISO, UTC) of a wall-clock date and time in a time zone. */
export function zonedToIso(date: string, time: string, timeZone: string): string {
  const guess = Date.parse(`${date}T${time}:00Z`);
  const first = offsetMs(new Date(guess), timeZone);
  let at = guess - first;
  const second = offsetMs(new Date(at), timeZone);
  if (second !== first) at = guess - second;
  return new Date(at).toISOString();
}

export const todayIn = (timeZone: string) => wallClock(new Date(), timeZone).date;

/** Adds days to a calendar date (no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
export const isTime = (v: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
