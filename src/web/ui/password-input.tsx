import { PasswordInput as MantinePasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's password field with its show/hide button named in the current language, and
 * aria-invalid set when it shows an error (Mantine only sets data-invalid on this one).
 */
export function PasswordInput(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <MantinePasswordInput
      visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }}
      aria-invalid={props.error ? true : undefined}
      {...props}
    />
  );
}
