import { Anchor, Button, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { seesPatients } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { formatDate, formatDay } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { ScrollTable } from '../../ui/scroll-table.js';

const PAGE = 25;

export default function PatientsPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const location = useLocation();
  const client = useQueryClient();
  const errorText = useErrorText();
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [status, setStatus] = useState<'current' | 'archived'>('current');
  const [restored, setRestored] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const archivedName = (location.state as { archived?: string } | null)?.archived;
  const list = useQuery({
    queryKey: ['patients', 'list', status, debounced, offset],
    queryFn: () => api.patients({ q: debounced, limit: PAGE, offset, status }),
    placeholderData: keepPreviousData,
    enabled: seesPatients(me),
  });
  const restore = useMutation({
    mutationFn: (p: { id: string; name: string }) => api.restorePatient(p.id),
    onMutate: () => setRestored(null),
    onSuccess: (_state, p) => {
      setRestored(p.name);
      void client.invalidateQueries({ queryKey: ['patients'] });
    },
  });
  if (!seesPatients(me)) {
    return (
      <Page title={t('patients.title')}>
        <Text>{t('patients.notAllowed')}</Text>
      </Page>
    );
  }
  const total = list.data?.total ?? 0;
  return (
    <Page title={t('patients.title')}>
      <Group justify="space-between" align="flex-end">
        <TextInput
          type="search"
          label={t('patients.search')}
          description={t('patients.searchHint')}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setOffset(0);
          }}
          style={{ flex: 1, minWidth: 240, maxWidth: 480 }}
        />
        <SegmentedControl
          aria-label={t('archive.show')}
          value={status}
          onChange={(v) => {
            setStatus(v as 'current' | 'archived');
            setOffset(0);
            setRestored(null);
          }}
          data={[
            { value: 'current', label: t('archive.current') },
            { value: 'archived', label: t('archive.archived') },
          ]}
        />
        <Button component={Link} to="/patients/new">
          {t('patients.new')}
        </Button>
      </Group>
      {archivedName && status === 'current' && <Success>{t('archive.done', { name: archivedName })}</Success>}
      {restored && <Success>{t('archive.restored', { name: restored })}</Success>}
      {restore.isError && <FormError message={errorText(restore.error)} />}
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {list.data && (
        <Stack gap="sm">
          <Text size="sm" role="status">
            {total === 0
              ? debounced
                ? t('patients.noMatch')
                : status === 'archived'
                  ? t('archive.none')
                  : t('patients.empty')
              : t('patients.showing', { from: offset + 1, to: Math.min(offset + PAGE, total), total })}
          </Text>
          {list.data.patients.length > 0 && (
            <ScrollTable label={t('patients.title')} minWidth={640}>
              <Table verticalSpacing="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('patients.colName')}</Table.Th>
                    <Table.Th scope="col">{t('patients.colBorn')}</Table.Th>
                    <Table.Th scope="col">{t('patients.phone')}</Table.Th>
                    <Table.Th scope="col">{t('common.email')}</Table.Th>
                    {status === 'archived' && <Table.Th scope="col">{t('archive.colArchived')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.patients.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Th scope="row" fw={500}>
                        {p.archived ? (
                          p.displayName
                        ) : (
                          <Anchor component={Link} to={`/patients/${p.id}`}>
                            {p.displayName}
                          </Anchor>
                        )}
                        {p.displayName !== p.legalName && (
                          <Text size="sm" c="dimmed">
                            {p.legalName}
                          </Text>
                        )}
                      </Table.Th>
                      <Table.Td>
                        {formatDay(p.dateOfBirth)} ({t('patients.age', { age: p.age })})
                      </Table.Td>
                      <Table.Td>{p.phone ?? '—'}</Table.Td>
                      <Table.Td>{p.email ?? '—'}</Table.Td>
                      {p.archived && (
                        <Table.Td>
                          <Text size="sm">
                            {formatDate(p.archived.at)} · {t(`archive.reasons.${p.archived.reason}`)}
                            {p.archived.byName ? ` · ${p.archived.byName}` : ''}
                          </Text>
                          {p.archived.note && (
                            <Text size="sm" c="dimmed">
                              {p.archived.note}
                            </Text>
                          )}
                          <Button
                            size="xs"
                            variant="default"
                            mt={4}
                            loading={restore.isPending && restore.variables?.id === p.id}
                            onClick={() => restore.mutate({ id: p.id, name: p.displayName })}
                            aria-label={t('archive.restoreName', { name: p.displayName })}
                          >
                            {t('archive.restore')}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          {total > PAGE && (
            <Group>
              <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t('patients.previous')}
              </Button>
              <Button variant="default" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
                {t('patients.next')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Page>
  );
}
