import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { treatsPatients } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
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
    <Page title={t('today.title')} intro={<Text size="lg">{t('today.intro')}</Text>}>
      <TodayList />
    </Page>
  );
}
