import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { reflects, treatsPatients } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { CheckInSlotButton } from '../../ui/check-in-slot.js';
import { Page } from '../../ui/page.js';
import TodayList from './today-list.js';

export default function TodayPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  if (!treatsPatients(me)) {
    return (
      <Page title={t('today.title')}>
        <Text>{t('today.notTreating')}</Text>
      </Page>
    );
  }
  return (
    <Page
      title={t('today.title')}
      intro={
        <Group justify="space-between" align="center" wrap="wrap">
          <Text size="lg">{t('today.intro')}</Text>
          {reflects(me) && <CheckInSlotButton label={t('reflection.checkInDay')} />}
        </Group>
      }
    >
      <TodayList />
    </Page>
  );
}
