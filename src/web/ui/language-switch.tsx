import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/auth/contract.js';
import { currentLocale } from '../lib/i18n.js';
import { useChangeLanguage } from '../lib/session.js';

const LANGUAGES: { locale: Locale; label: string }[] = [
  { locale: 'en', label: 'English' },
  { locale: 'fr', label: 'Français' },
];

/** Two buttons, each named in its own language, so anyone can find theirs. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const change = useChangeLanguage();
  const current = currentLocale();
  return (
    <Group gap={4} role="group" aria-label={t('common.language')} wrap="nowrap">
      {LANGUAGES.map(({ locale, label }) => (
        <Button
          key={locale}
          lang={locale}
          size="sm"
          h={40}
          variant={current === locale ? 'light' : 'subtle'}
          aria-pressed={current === locale}
          onClick={() => void change(locale)}
        >
          {label}
        </Button>
      ))}
    </Group>
  );
}
