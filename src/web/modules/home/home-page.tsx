import { Alert, Anchor, Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { treatsPatients } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { Loading } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { canManagePeople } from '../../ui/signed-in-layout.js';
import { ClinicSwitcher } from './clinic-switcher.js';

const TodayList = lazy(() => import('../today/today-list.js'));

function Shortcut({ to, title, body }: { to: string; title: string; body: string }) {
  return (
    <Card withBorder padding="lg" radius="md">
      <Stack gap={4}>
        <Anchor component={Link} to={to} fw={600} size="lg">
          {title}
        </Anchor>
        <Text size="sm">{body}</Text>
      </Stack>
    </Card>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const clinic = me.clinic;
  return (
    <Page
      title={t('home.greeting', { name: me.user.name })}
      intro={
        <Text size="lg">
          {clinic ? t('home.clinicRole', { clinic: clinic.clinicName, role: t(`roles.${clinic.role}`).toLowerCase() }) : t('home.noClinic')}
        </Text>
      }
    >
      {me.mustEnrolTotp && clinic && (
        <Alert color="orange" variant="light" title={t('home.mustEnrolTitle')} role="region" aria-label={t('home.mustEnrolTitle')}>
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t('home.mustEnrolBody', { clinic: clinic.clinicName })}</Text>
            <Button component={Link} to="/settings/security">
              {t('home.mustEnrolAction')}
            </Button>
          </Stack>
        </Alert>
      )}
      {me.memberships.length > 1 && <ClinicSwitcher me={me} />}
      {clinic && !me.mustEnrolTotp && treatsPatients(me) && (
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('today.title')}
          </Title>
          <Suspense fallback={<Loading />}>
            <TodayList headingLevel={3} />
          </Suspense>
        </Stack>
      )}
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('home.shortcuts')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <Shortcut to="/settings/profile" title={t('nav.profile')} body={t('home.profileCard')} />
          <Shortcut to="/settings/security" title={t('nav.security')} body={t('home.securityCard')} />
          {canManagePeople(me) && <Shortcut to="/clinic/people" title={t('nav.people')} body={t('home.peopleCard')} />}
        </SimpleGrid>
      </Stack>
    </Page>
  );
}
