import { Button, Container, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.js';
import { useErrorText } from '../lib/errors.js';
import { ME_KEY, useSignOut } from '../lib/session.js';
import { FormError } from './notices.js';
import { Page } from './page.js';

/**
 * Shown instead of every signed-in page while the device is handed to a patient (the server
 * answers 423 to everything else): the person's password takes it back, or they sign out.
 */
export function UnlockPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const signOut = useSignOut();
  const [password, setPassword] = useState('');
  const unlock = useMutation({
    mutationFn: () => api.unlockDevice(password),
    onSuccess: (me) => {
      setPassword('');
      client.setQueryData(ME_KEY, me);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    unlock.mutate();
  };
  return (
    <Container size="xs" py="xl" component="main">
      <Page title={t('locked.title')} intro={<Text>{t('locked.body')}</Text>}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <PasswordInput
              label={t('locked.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              autoFocus
            />
            <FormError message={unlock.isError ? errorText(unlock.error, 'unlock') : null} />
            <Group>
              <Button type="submit" loading={unlock.isPending}>
                {t('locked.unlock')}
              </Button>
              <Button variant="default" loading={signOut.isPending} onClick={() => signOut.mutate()}>
                {t('common.signOut')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Page>
    </Container>
  );
}
