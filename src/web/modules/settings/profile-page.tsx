import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/auth/contract.js';
import { api } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { setLocale } from '../../lib/i18n.js';
import { ME_KEY, useSignedInMe } from '../../lib/session.js';
import { isBlank } from '../../lib/validate.js';
import { FormError, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { Section } from '../../ui/section.js';
import { PasswordForm } from './password-form.js';

function DetailsForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useSignedInMe();
  const client = useQueryClient();
  const [name, setName] = useState(me.user.name);
  const [locale, setLocaleChoice] = useState<Locale>(me.user.locale);
  const [nameError, setNameError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: api.updateMe,
    onSuccess: async (fresh) => {
      client.setQueryData(ME_KEY, fresh);
      await setLocale(fresh.user.locale);
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['name']);
      setNameError(split.fieldErrors.name);
      setFormError(split.formError);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.reset();
    setFormError(null);
    if (isBlank(name)) {
      setNameError(t('errors.required'));
      return;
    }
    setNameError(undefined);
    save.mutate({ name: name.trim(), locale });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={480}>
        <FormError message={formError} />
        {save.isSuccess && <Success>{t('profile.saved')}</Success>}
        <TextInput
          label={t('profile.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={nameError}
          autoComplete="name"
          required
        />
        <TextInput label={t('common.email')} value={me.user.email} readOnly />
        <NativeSelect
          label={t('common.language')}
          value={locale}
          onChange={(e) => setLocaleChoice(e.currentTarget.value === 'fr' ? 'fr' : 'en')}
          data={[
            { value: 'en', label: 'English' },
            { value: 'fr', label: 'Français' },
          ]}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation();
  return (
    <Page title={t('profile.title')}>
      <Section title={t('profile.details')}>
        <DetailsForm />
      </Section>
      <Section title={t('profile.passwordTitle')}>
        <PasswordForm />
      </Section>
    </Page>
  );
}
