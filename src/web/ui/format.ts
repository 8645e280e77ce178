import { currentLocale } from '../lib/i18n.js';

const tag = () => (currentLocale() === 'fr' ? 'fr-CA' : 'en-CA');

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium' }).format(new Date(iso));
}
