import { Button, Checkbox, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { useSignedIn } from '../../lib/session.js';
import { compact, isBlank, looksLikeEmail, PASSWORD_MIN } from '../../lib/validate.js';
import { FormError } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { PasswordInput } from '../../ui/password-input.js';

const FIELDS = ['clinicName', 'name', 'email', 'password'] as const;

/** First run: create the practice and its owner, then go home signed in. */
export default function SetupPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const [form, setForm] = useState({ clinicName: '', name: '', email: '', password: '', treats: true });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const setup = useMutation({
    mutationFn: api.setup,
    onSuccess: ({ me }) => {
      signedIn(me);
      navigate('/', { replace: true });
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), FIELDS);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });

  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors = compact({
      clinicName: isBlank(form.clinicName) && t('errors.required'),
      name: isBlank(form.name) && t('errors.required'),
      email: (isBlank(form.email) && t('errors.required')) || (!looksLikeEmail(form.email) && t('errors.email')),
      password: form.password.length < PASSWORD_MIN && t('errors.passwordMin', { min: PASSWORD_MIN }),
    });
    setFieldErrors(errors);
    setFormError(null);
    if (Object.keys(errors).length === 0) setup.mutate(form);
  };

  return (
    <Page title={t('setup.title')} intro={<Text>{t('setup.intro')}</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label={t('setup.clinicName')}
            value={form.clinicName}
            onChange={set('clinicName')}
            error={fieldErrors.clinicName}
            autoComplete="organization"
            required
          />
          <TextInput
            label={t('setup.yourName')}
            value={form.name}
            onChange={set('name')}
            error={fieldErrors.name}
            autoComplete="name"
            required
          />
          <TextInput
            label={t('common.email')}
            type="email"
            value={form.email}
            onChange={set('email')}
            error={fieldErrors.email}
            autoComplete="email"
            required
          />
          <PasswordInput
            label={t('common.password')}
            description={t('common.passwordHint', { min: PASSWORD_MIN })}
            value={form.password}
            onChange={set('password')}
            error={fieldErrors.password}
            autoComplete="new-password"
            required
          />
          <Checkbox
            label={t('setup.treats')}
            description={t('setup.treatsHint')}
            checked={form.treats}
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              setForm((f) => ({ ...f, treats: checked }));
            }}
          />
          <Button type="submit" loading={setup.isPending} size="lg">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
