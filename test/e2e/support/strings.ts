import { en } from '../../../src/web/lib/locales/en.js';
import { fr } from '../../../src/web/lib/locales/fr.js';

export type Lang = 'en' | 'fr';
export type Strings = typeof en;

/** The app's own strings, so journeys find elements by what people read in each language. */
export function stringsFor(lang: Lang): Strings {
  return (lang === 'fr' ? fr : en) as Strings;
}

/** Fills i18next-style {{placeholders}}. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

export const LANGUAGE_BUTTON: Record<Lang, string> = { en: 'English', fr: 'Français' };
