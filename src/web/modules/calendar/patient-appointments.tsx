import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDay, formatMoney, formatWallTime } from '../../ui/format.js';
import { LoadError, Loading } from '../../ui/notices.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';
import { calendarApi, type PatientAppointmentData } from './api.js';
import { FeeDialog } from './fee-dialog.js';
import { SCHEDULING_KEY } from './keys.js';
import { StatusBadge } from './status-badge.js';

function AppointmentTable({
  label,
  rows,
  onFee,
}: {
  label: string;
  rows: PatientAppointmentData[];
  onFee: (a: PatientAppointmentData) => void;
}) {
  const { t } = useTranslation();
  return (
    <ScrollTable label={label} minWidth={720}>
      <Table verticalSpacing="sm" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('patientAppointments.when')}</Table.Th>
            <Table.Th scope="col">{t('patientAppointments.type')}</Table.Th>
            <Table.Th scope="col">{t('patientAppointments.therapist')}</Table.Th>
            <Table.Th scope="col">{t('patientAppointments.status')}</Table.Th>
            <Table.Th scope="col">{t('patientAppointments.fee')}</Table.Th>
            <Table.Th scope="col">{t('patientAppointments.payment')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Th scope="row" fw={500}>
                {t('patientAppointments.whenValue', { date: formatDay(a.localDate), time: formatWallTime(a.localStart) })}
              </Table.Th>
              <Table.Td>{a.typeName}</Table.Td>
              <Table.Td>{a.therapistName}</Table.Td>
              <Table.Td>
                <StatusBadge status={a.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatMoney(a.chargedCents)}</Text>
                {a.feeAdjustment && (
                  <Text size="xs" c="dimmed">
                    {a.feeAdjustment.kind === 'discount'
                      ? t('fees.summaryDiscount', { amount: formatMoney(a.feeAdjustment.amountCents ?? 0) })
                      : t('fees.summaryWaived')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {a.status !== 'cancelled' && (
                  <Button size="xs" variant="subtle" onClick={() => onFee(a)} aria-label={t('fees.buttonLabel', { name: a.patientName })}>
                    {a.payment ? t(a.payment.status === 'paid' ? 'fees.paid' : 'fees.unpaid') : t('fees.button')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/**
 * A patient's appointments for their chart: upcoming (soonest first) and past (newest first), with
 * status, type, therapist, fee and payment. Shown to the treating therapist (their own appointments)
 * and the front desk (all of them); the server decides, and audits the read.
 */
export function PatientAppointments({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const [fee, setFee] = useState<PatientAppointmentData | null>(null);
  const list = useQuery({
    queryKey: [...SCHEDULING_KEY, 'patient-appointments', patientId],
    queryFn: () => calendarApi.patientAppointments(patientId),
  });
  return (
    <Section title={t('patientAppointments.title')}>
      {list.isPending && <Loading />}
      {list.isError && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {list.data && (
        <Stack gap="md">
          <Title order={3} size="h4">
            {t('patientAppointments.upcoming')}
          </Title>
          {list.data.upcoming.length === 0 ? (
            <Text size="sm">{t('patientAppointments.noneUpcoming')}</Text>
          ) : (
            <AppointmentTable label={t('patientAppointments.upcoming')} rows={list.data.upcoming} onFee={setFee} />
          )}
          <Title order={3} size="h4">
            {t('patientAppointments.past')}
          </Title>
          {list.data.past.length === 0 ? (
            <Text size="sm">{t('patientAppointments.nonePast')}</Text>
          ) : (
            <AppointmentTable label={t('patientAppointments.past')} rows={list.data.past} onFee={setFee} />
          )}
        </Stack>
      )}
      {fee && <FeeDialog appointment={fee} onClose={() => setFee(null)} />}
    </Section>
  );
}
