import { Anchor, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api.js';
import { seesPatients } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { formatDay } from '../../ui/format.js';
import { LoadError, Loading } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { ScrollTable } from '../../ui/scroll-table.js';

const PAGE = 25;

export default function PatientsPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const list = useQuery({
    queryKey: ['patients', 'list', debounced, offset],
    queryFn: () => api.patients({ q: debounced, limit: PAGE, offset }),
    placeholderData: keepPreviousData,
    enabled: seesPatients(me),
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
        <Button component={Link} to="/patients/new">
          {t('patients.new')}
        </Button>
      </Group>
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {list.data && (
        <Stack gap="sm">
          <Text size="sm" role="status">
            {total === 0
              ? debounced
                ? t('patients.noMatch')
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
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.patients.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Th scope="row" fw={500}>
                        <Anchor component={Link} to={`/patients/${p.id}`}>
                          {p.displayName}
                        </Anchor>
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
