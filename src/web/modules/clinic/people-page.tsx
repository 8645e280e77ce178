import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSignedInMe } from '../../lib/session.js';
import { Page } from '../../ui/page.js';
import { Section } from '../../ui/section.js';
import { canManagePeople } from '../../ui/signed-in-layout.js';
import { InvitationsTable } from './invitations-table.js';
import { InviteForm } from './invite-form.js';
import { MembersTable } from './members-table.js';

/** Members and invitations of the current clinic (owners and administrators). */
export default function PeoplePage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  if (!canManagePeople(me)) {
    return (
      <Page title={t('people.title')}>
        <Text>{t('people.notAllowed')}</Text>
      </Page>
    );
  }
  if (me.mustEnrolTotp) {
    return (
      <Page title={t('people.title')}>
        <Alert color="orange" variant="light" title={t('home.mustEnrolTitle')}>
          {t('home.mustEnrolBody', { clinic: me.clinic?.clinicName ?? '' })}
        </Alert>
      </Page>
    );
  }
  return (
    <Page title={t('people.title')}>
      <Section title={t('people.inviteTitle')}>
        <InviteForm />
      </Section>
      <Section title={t('people.membersTitle')}>
        <MembersTable />
      </Section>
      <Section title={t('people.invitationsTitle')}>
        <InvitationsTable />
      </Section>
    </Page>
  );
}
