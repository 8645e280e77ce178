import { currentLocale } from '../lib/i18n.js';

const tag = () => (currentLocale() === 'fr' ? 'fr-CA' : 'en-CA');

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium' }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD), written out; no time zone shift. */
export function formatDay(date: string, style: 'long' | 'medium' = 'medium'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'long' ? { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(tag(), { ...options, timeZone: 'UTC' }).format(new Date(`${date.slice(0, 10)}T12:00:00Z`));
}

/** A short weekday and day for calendar columns, e.g. "Mon, Mar 9". */
export function formatShortDay(date: string): string {
  return new Intl.DateTimeFormat(tag(), { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** An instant as wall time in the clinic's time zone, e.g. "2:30 p.m.". */
export function formatTimeIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(tag(), { timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A wall time "HH:MM" as people read it in the current language. */
export function formatWallTime(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Intl.DateTimeFormat(tag(), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, h, m)),
  );
}

export function formatMoney(cents: number): string {
  return new Intl.NumberFormat(tag(), { style: 'currency', currency: 'CAD' }).format(cents / 100);
}
