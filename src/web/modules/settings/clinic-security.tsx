import { Stack, Switch, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type FailedSignIn } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { ME_KEY, useSignedInMe } from '../../lib/session.js';
import { formatDateTime } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';

const SETTINGS_KEY = ['clinic', 'settings'] as const;

function RequireTotpSwitch() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useSignedInMe();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: api.clinicSettings });
  const [saved, setSaved] = useState(false);
  const update = useMutation({
    mutationFn: (requireTotp: boolean) => api.updateClinicSettings({ requireTotp }),
    onMutate: () => setSaved(false),
    onSuccess: (fresh) => {
      client.setQueryData(SETTINGS_KEY, fresh);
      setSaved(true);
      void client.invalidateQueries({ queryKey: ME_KEY });
    },
  });
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} retry={() => void settings.refetch()} />;
  const needsOwn = !me.user.totpEnabled && !settings.data.requireTotp;
  return (
    <Stack gap="sm">
      <Switch
        label={t('security.requireLabel')}
        description={needsOwn ? t('security.requireNeedsOwn') : t('security.requireHint')}
        checked={settings.data.requireTotp}
        disabled={needsOwn || update.isPending}
        onChange={(e) => update.mutate(e.currentTarget.checked)}
      />
      {saved && <Success>{t('security.requireSaved')}</Success>}
      <FormError message={update.isError ? errorText(update.error) : null} />
    </Stack>
  );
}

function reasonText(t: ReturnType<typeof useTranslation>['t'], reason: string) {
  const key = `security.reasons.${reason}`;
  // An untyped lookup: a typed call with options grows too deep for the compiler as strings grow.
  const text = (t as unknown as (k: string) => string)(key);
  return text === key ? reason : text;
}

function FailedSignIns() {
  const { t } = useTranslation();
  const attempts = useQuery({ queryKey: ['clinic', 'failed-sign-ins'], queryFn: api.failedSignIns });
  if (attempts.isPending) return <Loading />;
  if (attempts.isError) return <LoadError error={attempts.error} retry={() => void attempts.refetch()} />;
  const rows: FailedSignIn[] = attempts.data.attempts;
  if (rows.length === 0) return <Text>{t('security.failedEmpty')}</Text>;
  return (
    <ScrollTable label={t('security.failedTitle')} minWidth={560}>
      <Table striped verticalSpacing="sm">
        <Table.Caption>{t('security.failedIntro')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('security.colWhen')}</Table.Th>
            <Table.Th scope="col">{t('security.colEmail')}</Table.Th>
            <Table.Th scope="col">{t('security.colIp')}</Table.Th>
            <Table.Th scope="col">{t('security.colReason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={`${row.at}-${row.email}-${row.reason}`}>
              <Table.Td>{formatDateTime(row.at)}</Table.Td>
              <Table.Td>{row.email}</Table.Td>
              <Table.Td>{row.ip ?? '—'}</Table.Td>
              <Table.Td>{reasonText(t, row.reason)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** For the clinic's owners: the two-step policy and recent failed sign-ins. */
export function ClinicSecurity() {
  const { t } = useTranslation();
  return (
    <>
      <Section title={t('security.clinicTitle')}>
        <RequireTotpSwitch />
      </Section>
      <Section title={t('security.failedTitle')}>
        <FailedSignIns />
      </Section>
    </>
  );
}
