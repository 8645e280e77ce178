import { Button, Group, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { compact, isBlank, PASSWORD_MIN } from '../../lib/validate.js';
import { FormError, Success } from '../../ui/notices.js';
import { PasswordInput } from '../../ui/password-input.js';

export function PasswordForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const change = useMutation({
    mutationFn: api.changePassword,
    onSuccess: () => {
      setCurrent('');
      setNew('');
    },
    onError: (error) => {
      // The server names the new password "password" when it is too weak.
      const split = splitError(error, errorText(error), ['currentPassword', 'newPassword'], { password: 'newPassword' });
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.reset();
    const errors = compact({
      currentPassword: isBlank(currentPassword) && t('errors.required'),
      newPassword: newPassword.length < PASSWORD_MIN && t('errors.passwordMin', { min: PASSWORD_MIN }),
    });
    setFieldErrors(errors);
    setFormError(null);
    if (Object.keys(errors).length === 0) change.mutate({ currentPassword, newPassword });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={480}>
        <FormError message={formError} />
        {change.isSuccess && <Success>{t('profile.passwordChanged')}</Success>}
        <PasswordInput
          label={t('profile.currentPassword')}
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={fieldErrors.currentPassword}
          autoComplete="current-password"
          required
        />
        <PasswordInput
          label={t('profile.newPassword')}
          description={t('common.passwordHint', { min: PASSWORD_MIN })}
          value={newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
          error={fieldErrors.newPassword}
          autoComplete="new-password"
          required
        />
        <Group>
          <Button type="submit" loading={change.isPending}>
            {t('profile.changePassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
