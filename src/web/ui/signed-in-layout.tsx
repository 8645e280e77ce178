import { AppShell, Box, Burger, Button, Container, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { ApiError, type Me } from '../lib/api.js';
import { reflects, seesPatients, treatsPatients, usesCalendar } from '../lib/roles.js';
import { SignedInContext, signedOutOnPurposeNow, useLocaleSync, useMe, useSignOut } from '../lib/session.js';
import { LanguageSwitch } from './language-switch.js';
import { LoadError, Loading } from './notices.js';
import { UnlockPage } from './unlock-page.js';

export const canManagePeople = (me: Me) => me.clinic?.role === 'owner' || me.clinic?.role === 'admin';

function Navigation({ me, onNavigate, signOut }: { me: Me; onNavigate: () => void; signOut: ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const isCurrent = (to: string) => pathname === to || (to !== '/' && pathname.startsWith(`${to}/`));
  const links = [
    { to: '/', label: t('nav.home') },
    ...(treatsPatients(me) ? [{ to: '/today', label: t('nav.today') }] : []),
    ...(usesCalendar(me) ? [{ to: '/calendar', label: t('nav.calendar') }] : []),
    ...(seesPatients(me) ? [{ to: '/patients', label: t('nav.patients') }] : []),
    ...(reflects(me) ? [{ to: '/reflection', label: t('reflection.nav') }] : []),
    ...(treatsPatients(me) || me.clinic?.role === 'owner' ? [{ to: '/feedback', label: t('nav.feedback') }] : []),
    ...(canManagePeople(me) ? [{ to: '/clinic/people', label: t('nav.people') }] : []),
    { to: '/settings/profile', label: t('nav.profile') },
    { to: '/settings/security', label: t('nav.security') },
  ];
  return (
    <Stack gap={4}>
      {links.map((link) => (
        <NavLink
          key={link.to}
          component={Link}
          to={link.to}
          label={link.label}
          active={isCurrent(link.to)}
          aria-current={isCurrent(link.to) ? 'page' : undefined}
          onClick={onNavigate}
          py="sm"
          styles={{ label: { fontSize: 'var(--mantine-font-size-md)' } }}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        />
      ))}
      {/* On phones the header has no room for it: sign out sits at the end of the menu. */}
      <Box hiddenFrom="sm" pt="md">
        {signOut}
      </Box>
    </Stack>
  );
}

/** Every page for a signed-in person: header (name, language, sign out), navigation, main. */
export function SignedInLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  useLocaleSync(me.data);

  if (me.isPending) return <Loading />;
  if (me.isError && me.error instanceof ApiError && me.error.status === 423) return <UnlockPage />;
  if (me.isError) {
    return (
      <Container size="sm" py="xl" component="main">
        <LoadError error={me.error} retry={() => void me.refetch()} />
      </Container>
    );
  }
  if (!me.data) {
    const state = signedOutOnPurposeNow() ? { signedOut: true } : { from: location.pathname };
    return <Navigate to="/sign-in" replace state={state} />;
  }

  const signOutButton = (
    <Button variant="default" h={40} loading={signOut.isPending} onClick={() => signOut.mutate()}>
      {t('common.signOut')}
    </Button>
  );

  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="md"
              aria-label={opened ? t('common.closeMenu') : t('common.openMenu')}
            />
            <Text fw={700} size="xl" c="sage.8">
              {t('common.appName')}
            </Text>
            {me.data.clinic && (
              <Text visibleFrom="md" size="sm" c="dimmed" truncate maw={260}>
                {me.data.clinic.clinicName}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <Box visibleFrom="sm">{signOutButton}</Box>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('common.mainNav')}>
        <Navigation me={me.data} onNavigate={close} signOut={signOutButton} />
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Container size="lg" px={0} py={{ base: 'sm', sm: 'md' }}>
          <SignedInContext.Provider value={me.data}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </SignedInContext.Provider>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
