import { Button, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError, Loading } from '../../ui/notices.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';

/** "Who viewed this record": produced on request (producing it is itself recorded). */
export function AccessReportSection({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(false);
  const report = useQuery({ queryKey: ['access-report', patientId], queryFn: () => api.accessReport(patientId), enabled: asked });
  return (
    <Section title={t('access.title')}>
      <Text size="sm">{t('access.intro')}</Text>
      {!asked && (
        <Button variant="default" onClick={() => setAsked(true)} style={{ alignSelf: 'flex-start' }}>
          {t('access.show')}
        </Button>
      )}
      {asked && report.isPending && <Loading />}
      {report.isError && <LoadError error={report.error} />}
      {report.data && (
        <ScrollTable label={t('access.title')} minWidth={560}>
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('access.when')}</Table.Th>
                <Table.Th scope="col">{t('access.who')}</Table.Th>
                <Table.Th scope="col">{t('access.what')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.entries.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; the report never reorders
                <Table.Tr key={i}>
                  <Table.Td>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>
                    {e.by === 'patient' ? t('access.byPatient') : e.by === 'former_member' ? t('access.formerMember') : e.who}
                    {e.role ? ` (${t(`roles.${e.role as 'owner'}`)})` : ''}
                  </Table.Td>
                  {/* The server's English wording is the fallback for a code this page does not know yet. */}
                  <Table.Td>{t(`access.actions.${e.code as 'patient.viewed'}`, { defaultValue: e.action })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}
