import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../shared/auth/contract.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';

export const SUPPORTED: readonly Locale[] = ['en', 'fr'];
const STORAGE_KEY = 'attune.locale';

export const resources = { en: { translation: en }, fr: { translation: fr } } as const;

const isLocale = (v: unknown): v is Locale => v === 'en' || v === 'fr';

/** The language the person chose on this device, if they ever chose one. */
export function storedLocale(): Locale | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

function initialLocale(): Locale {
  const stored = storedLocale();
  if (stored) return stored;
  return navigator.languages?.some((l) => l.toLowerCase().startsWith('fr')) ? 'fr' : 'en';
}

export function currentLocale(): Locale {
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

/** Switches the interface language; `remember` stores it on this device (an explicit choice). */
export async function setLocale(locale: Locale, remember = true): Promise<void> {
  if (remember) {
    try {
      window.localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Private browsing: the choice lasts for this visit only.
    }
  }
  await i18n.changeLanguage(locale);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLocale(),
  fallbackLng: 'en',
  supportedLngs: SUPPORTED,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export { i18n };
