import { Stack, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** A page: one h1, and the document title kept in step with it. */
export function Page({ title, children, intro }: { title: string; intro?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('common.appName')}`;
  }, [title, t]);
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1}>{title}</Title>
        {intro}
      </Stack>
      {children}
    </Stack>
  );
}
