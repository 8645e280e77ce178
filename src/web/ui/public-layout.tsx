import { AppShell, Container, Group, Text } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { LanguageSwitch } from './language-switch.js';
import { Loading } from './notices.js';

/** Sign-in, setup and invitation pages: the name, the language switch, and one calm column. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <AppShell header={{ height: 64 }} padding="md">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Text fw={700} size="xl" c="sage.8">
            {t('common.appName')}
          </Text>
          <LanguageSwitch />
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main">
        <Container size={560} py={{ base: 'md', sm: 'xl' }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
