import { Anchor, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api.js';
import { reflects } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { CheckInSlotButton } from '../../ui/check-in-slot.js';
import { formatDay, formatWallTime } from '../../ui/format.js';
import { LoadError, Loading } from '../../ui/notices.js';
import { Safeguards } from '../../ui/safeguards.js';
import { AppointmentActions } from '../calendar/appointment-actions.js';
import { SCHEDULING_KEY } from '../calendar/keys.js';
import { StatusBadge } from '../calendar/status-badge.js';

export const TODAY_KEY = [...SCHEDULING_KEY, 'today'] as const;

/** The treating therapist's day: appointments in order, with what helps each person, and plans to review. */
export default function TodayList({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const checksIn = reflects(useSignedInMe());
  const today = useQuery({ queryKey: TODAY_KEY, queryFn: api.today });
  if (today.isPending) return <Loading />;
  if (today.isError) return <LoadError error={today.error} retry={() => void today.refetch()} />;
  const { appointments, plansDueForReview, morePlansDue, timeZone } = today.data;
  const inner = (headingLevel + 1) as 3 | 4;
  return (
    <Stack gap="lg">
      <Stack gap="sm" component="section" aria-label={t('today.appointments')}>
        <Title order={headingLevel} size="h3">
          {t('today.appointments')}
        </Title>
        {appointments.length === 0 && <Text>{t('today.none')}</Text>}
        {appointments.map((a) => (
          <Paper key={a.id} withBorder p="md" radius="md" component="article" aria-labelledby={`appt-${a.id}`}>
            <Stack gap="xs">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                <Stack gap={2}>
                  <Text fw={600} size="lg">
                    {formatWallTime(a.localStart)} – {formatWallTime(a.localEnd)}
                  </Text>
                  <Title order={inner} size="h4" id={`appt-${a.id}`}>
                    {a.patientName}
                  </Title>
                  <Text size="sm">{a.typeName}</Text>
                </Stack>
                <Group gap="xs">
                  <StatusBadge status={a.status} />
                  {checksIn && <CheckInSlotButton appointmentId={a.id} patientName={a.patientName} />}
                </Group>
              </Group>
              <Safeguards items={a.safeguards} name={a.patientName} />
              <AppointmentActions appointment={a} timeZone={timeZone} clinical manage={false} />
            </Stack>
          </Paper>
        ))}
      </Stack>
      {plansDueForReview.length > 0 && (
        <Stack gap="sm" component="section" aria-label={t('today.plansDue')}>
          <Title order={headingLevel} size="h3">
            {t('today.plansDue')}
          </Title>
          <Text size="sm">{t('today.plansDueIntro')}</Text>
          <List spacing="xs">
            {plansDueForReview.map((p) => (
              <List.Item key={p.relationshipId}>
                <Anchor component={Link} to={`/patients/${p.patientId}`}>
                  {p.patientName}
                </Anchor>{' '}
                — {t('today.reviewOn', { date: formatDay(p.reviewDate) })}
              </List.Item>
            ))}
          </List>
          {morePlansDue && <Text size="sm">{t('today.plansDueMore')}</Text>}
        </Stack>
      )}
    </Stack>
  );
}
