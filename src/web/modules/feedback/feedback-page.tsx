import { Alert, Badge, Button, Group, Image, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useErrorText } from '../../lib/errors.js';
import { formatDate, formatDay } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { PresenceBeside } from '../../ui/presence-slot.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';
import { type AlertData, FEEDBACK_KEY, feedbackApi, type RequestCreatedData, type TrajectoryData } from './api.js';

function AlertCard({ alert, label, patientId }: { alert: AlertData; label: (linkId: string) => string; patientId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const resolve = useMutation({
    mutationFn: () => feedbackApi.resolve(alert.id, note),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...FEEDBACK_KEY, patientId] }),
  });
  const open = alert.resolvedAt === null;
  return (
    <Alert
      color={open ? (alert.priority === 'urgent' ? 'red' : 'yellow') : 'gray'}
      title={t(`feedback.page.kind.${alert.kind}`)}
      role={open && alert.priority === 'urgent' ? 'alert' : 'note'}
    >
      <Stack gap="xs">
        <Group gap="xs">
          <Badge color={alert.priority === 'urgent' ? 'red' : 'yellow'} variant="light">
            {alert.priority === 'urgent' ? t('feedback.page.urgent') : t('feedback.page.soon')}
          </Badge>
          <Text size="sm">
            {t(`feedback.page.alertText.${alert.kind}`, {
              item: label(alert.item),
              value: String(alert.value),
              date: formatDay(alert.sessionDate),
              baseline: String(alert.baseline ?? ''),
            })}
          </Text>
        </Group>
        <Text size="sm">{alert.suggestion}</Text>
        {open ? (
          <>
            <Textarea
              label={t('feedback.page.resolveNote')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
            />
            <FormError message={resolve.isError ? errorText(resolve.error, 'feedbackResolve') : null} />
            <Group>
              <Button size="sm" variant="default" onClick={() => resolve.mutate()} loading={resolve.isPending}>
                {t('feedback.page.resolve')}
              </Button>
            </Group>
          </>
        ) : (
          <Text size="sm">
            {t('feedback.page.resolved', { date: formatDate(alert.resolvedAt as string), note: alert.resolutionNote ?? '' })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** Events that explain the trajectory: a session missed, or the treatment plan set or changed. */
interface Missed {
  id: string;
  localDate: string;
  status: 'no_show' | 'cancelled' | 'plan_changed';
}

/** Answers across sessions, with missed sessions (no-shows, cancellations) marked where they fell. */
function Trajectory({ data, label, missed }: { data: TrajectoryData; label: (linkId: string) => string; missed: Missed[] }) {
  const { t } = useTranslation();
  if (data.entries.length === 0) return <Text>{t('feedback.page.noAnswers')}</Text>;
  const first = data.entries[0]?.sessionDate ?? '';
  const rows = [
    ...data.entries.map((e) => ({ date: e.sessionDate, entry: e, missed: null })),
    // Only from the first answer on: markers explain the trajectory, not the whole history.
    ...missed.filter((m) => m.localDate >= first).map((m) => ({ date: m.localDate, entry: null, missed: m })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const span = data.items.length + 3;
  return (
    <ScrollTable label={t('feedback.page.trajectory')} minWidth={640}>
      <Table verticalSpacing="sm" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('feedback.page.date')}</Table.Th>
            {data.items.map((i) => (
              <Table.Th scope="col" key={i.linkId}>
                {label(i.linkId)}
              </Table.Th>
            ))}
            <Table.Th scope="col">{t('feedback.page.painSession')}</Table.Th>
            <Table.Th scope="col">{t('feedback.page.pain')}</Table.Th>
            <Table.Th scope="col">{t('feedback.page.comment')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ entry: e, missed: m }) =>
            m ? (
              <Table.Tr key={m.id}>
                <Table.Th scope="row" fw={400} c="dimmed">
                  {formatDay(m.localDate)}
                </Table.Th>
                <Table.Td colSpan={span}>
                  <Text size="sm" c="dimmed" fs="italic">
                    {m.status === 'no_show'
                      ? t('feedback.page.missedNoShow')
                      : m.status === 'cancelled'
                        ? t('feedback.page.missedCancelled')
                        : t('feedback.page.planChanged')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : e ? (
              <Table.Tr key={e.responseId}>
                <Table.Th scope="row" fw={500}>
                  {formatDay(e.sessionDate)}
                  {e.withOtherTherapist && (
                    <Text size="xs" c="dimmed">
                      {t('feedback.page.otherTherapist')}
                    </Text>
                  )}
                </Table.Th>
                {e.declined ? (
                  <Table.Td colSpan={span}>{t('feedback.page.declined')}</Table.Td>
                ) : (
                  <>
                    {data.items.map((i) => (
                      <Table.Td key={i.linkId}>{e.items[i.linkId] ?? '–'}</Table.Td>
                    ))}
                    <Table.Td>
                      {e.painBefore === null && e.painAfter === null ? '–' : `${e.painBefore ?? '–'} → ${e.painAfter ?? '–'}`}
                    </Table.Td>
                    <Table.Td>{e.painNow ?? '–'}</Table.Td>
                    <Table.Td>{e.comment ?? ''}</Table.Td>
                  </>
                )}
              </Table.Tr>
            ) : null,
          )}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function LinkHandOff({ created }: { created: RequestCreatedData }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(created.link, { margin: 1, width: 220 }).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [created.link]);
  if (created.emailQueued) return <Success>{t('feedback.page.emailQueued')}</Success>;
  return (
    <Stack gap="xs">
      <Text size="sm">{t('feedback.page.linkReady', { date: formatDate(created.expiresAt) })}</Text>
      <TextInput label={t('feedback.page.linkLabel')} value={created.link} readOnly onFocus={(e) => e.currentTarget.select()} />
      {qr && <Image src={qr} alt={t('feedback.page.qr')} w={220} h={220} />}
    </Stack>
  );
}

function AskAboutSession({ patientId, asked }: { patientId: string; asked: Set<string> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const appointments = useQuery({
    queryKey: [...FEEDBACK_KEY, patientId, 'appointments'],
    queryFn: () => feedbackApi.appointments(patientId),
  });
  const [created, setCreated] = useState<RequestCreatedData | null>(null);
  const request = useMutation({
    mutationFn: (v: { appointmentId: string; delivery: 'email' | 'in_clinic' }) => feedbackApi.request(v.appointmentId, v.delivery),
    onSuccess: (data) => {
      setCreated(data);
      void qc.invalidateQueries({ queryKey: [...FEEDBACK_KEY, patientId] });
    },
  });
  if (appointments.isPending) return <Loading />;
  if (appointments.isError) return <LoadError error={appointments.error} retry={() => void appointments.refetch()} />;
  const waiting = appointments.data.past.filter((a) => a.status === 'completed' && !asked.has(a.id)).slice(0, 5);
  return (
    <Stack gap="sm">
      <Text size="sm">{t('feedback.page.askIntro')}</Text>
      {waiting.length === 0 && !created && <Text>{t('feedback.page.noSessions')}</Text>}
      {waiting.map((a) => (
        <Group key={a.id} justify="space-between" wrap="wrap">
          <Text fw={500}>
            {formatDay(a.localDate)} · {a.typeName}
          </Text>
          <Group gap="xs">
            <Button
              size="sm"
              onClick={() => request.mutate({ appointmentId: a.id, delivery: 'email' })}
              loading={request.isPending && request.variables?.appointmentId === a.id && request.variables.delivery === 'email'}
            >
              {t('feedback.page.byEmail')}
            </Button>
            <Button
              size="sm"
              variant="default"
              onClick={() => request.mutate({ appointmentId: a.id, delivery: 'in_clinic' })}
              loading={request.isPending && request.variables?.appointmentId === a.id && request.variables.delivery === 'in_clinic'}
            >
              {t('feedback.page.inClinic')}
            </Button>
          </Group>
        </Group>
      ))}
      <FormError message={request.isError ? errorText(request.error, 'feedbackRequest') : null} />
      {created && <LinkHandOff created={created} />}
    </Stack>
  );
}

/** What one patient says after sessions, for the treating therapist only: alerts first, then the answers over time. */
export default function PatientFeedbackPage() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const data = useQuery({ queryKey: [...FEEDBACK_KEY, patientId], queryFn: () => feedbackApi.trajectory(patientId) });
  const appointments = useQuery({
    queryKey: [...FEEDBACK_KEY, patientId, 'appointments'],
    queryFn: () => feedbackApi.appointments(patientId),
  });
  if (data.isPending) return <Loading />;
  if (data.isError) return <LoadError error={data.error} />;
  const labels = new Map(data.data.items.map((i) => [i.linkId, i.text]));
  // Short names for the built-in items; a loaded instrument's own question text otherwise.
  const label = (linkId: string) => t(`feedback.clinic.item.${linkId as 'safe'}`, { defaultValue: labels.get(linkId) ?? linkId });
  const asked = new Set(data.data.entries.map((e) => e.appointmentId));
  return (
    <Page
      title={t('feedback.page.titleGeneric')}
      intro={
        <Stack gap={4}>
          <Text>{t('feedback.page.intro')}</Text>
          <Text size="sm" c="dimmed">
            {t('feedback.page.counts', { responses: String(data.data.requests.answered), requests: String(data.data.requests.sent) })}
          </Text>
          <Group>
            <Button component={Link} to={`/patients/${patientId}`} variant="subtle" px={0}>
              {t('feedback.page.back')}
            </Button>
          </Group>
        </Stack>
      }
    >
      <Section title={t('feedback.page.alerts')}>
        {data.data.alerts.length === 0 ? (
          <Text>{t('feedback.page.noAlerts')}</Text>
        ) : (
          data.data.alerts.map((a) => <AlertCard key={a.id} alert={a} label={label} patientId={patientId} />)
        )}
      </Section>
      <PresenceBeside
        patientId={patientId}
        sessions={data.data.entries
          .filter((e) => !e.declined && !e.withOtherTherapist)
          .map((e) => ({ appointmentId: e.appointmentId, date: e.sessionDate, experience: e.items.present ?? null }))}
        experienceLabel={label('present')}
        experienceMax={4}
      />
      <Section title={t('feedback.page.trajectory')}>
        <Trajectory
          data={data.data}
          label={label}
          missed={[
            ...(appointments.data?.past ?? []).flatMap((a) =>
              a.status === 'no_show' || a.status === 'cancelled' ? [{ id: a.id, localDate: a.localDate, status: a.status }] : [],
            ),
            ...data.data.planChanges.map((p) => ({ id: p.id, localDate: p.date, status: 'plan_changed' as const })),
          ]}
        />
      </Section>
      <Section title={t('feedback.page.ask')}>
        <AskAboutSession patientId={patientId} asked={asked} />
      </Section>
    </Page>
  );
}
