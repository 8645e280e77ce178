import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../lib/errors.js';

/** A problem with the whole form; announced to screen readers as it appears. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      {message}
    </Alert>
  );
}

/** A quiet confirmation that something worked. */
export function Success({ children }: { children: ReactNode }) {
  return (
    <Alert color="sage" variant="light" role="status">
      {children}
    </Alert>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status">
      <Loader size="md" aria-hidden="true" />
      <Text ml="sm">{t('common.loading')}</Text>
    </Center>
  );
}

/** A query that failed, with a way to try again. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Alert color="red" variant="light" role="alert" title={t('errors.loadFailed')}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorText(error)}</Text>
        {retry && (
          <Button variant="default" onClick={retry}>
            {t('errors.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
