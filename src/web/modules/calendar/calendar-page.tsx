import { Anchor, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type AppointmentData, api, type DayViewData, type WeekViewData } from '../../lib/api.js';
import { managesSchedule, treatsPatients, usesCalendar } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { addDays, isDate, todayIn } from '../../lib/time.js';
import { formatDay, formatShortDay, formatWallTime } from '../../ui/format.js';
import { LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { AppointmentActions } from './appointment-actions.js';
import { BookDialog } from './book-dialog.js';
import { SCHEDULING_KEY, useSchedulingSettings } from './keys.js';
import { StatusBadge } from './status-badge.js';

function Hours({ hours }: { hours: { start: string; end: string }[] }) {
  const { t } = useTranslation();
  if (hours.length === 0) return <Text size="sm">{t('calendar.noHours')}</Text>;
  return (
    <Text size="sm">
      {t('calendar.hours', { hours: hours.map((h) => `${formatWallTime(h.start)} – ${formatWallTime(h.end)}`).join(', ') })}
    </Text>
  );
}

function DayList({ day, timeZone, clinical }: { day: DayViewData; timeZone: string; clinical: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Hours hours={day.hours} />
      {day.appointments.length === 0 && <Text>{t('calendar.emptyDay')}</Text>}
      {day.appointments.map((a) => (
        <Paper key={a.id} withBorder p="md" radius="md" component="article" aria-labelledby={`appt-${a.id}`}>
          <Stack gap="xs">
            <Group justify="space-between" align="flex-start" gap="xs">
              <Stack gap={2}>
                <Text fw={600}>
                  {formatWallTime(a.localStart)} – {formatWallTime(a.localEnd)}
                </Text>
                <Title order={3} size="h4" id={`appt-${a.id}`}>
                  {a.patientName}
                </Title>
                <Text size="sm">
                  {a.typeName}
                  {a.outsideHours ? ` · ${t('calendar.outsideHoursNote')}` : ''}
                </Text>
                {a.cancelReason && <Text size="sm">{t('calendar.cancelledBecause', { reason: a.cancelReason })}</Text>}
              </Stack>
              <StatusBadge status={a.status} />
            </Group>
            <AppointmentActions appointment={a} timeZone={timeZone} clinical={clinical} manage />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function WeekGrid({ week, onOpenDay }: { week: WeekViewData; onOpenDay: (date: string) => void }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 7 }} spacing="sm">
      {week.days.map((d) => (
        <Paper key={d.date} withBorder p="sm" radius="md" component="section" aria-labelledby={`day-${d.date}`}>
          <Stack gap="xs">
            <Title order={3} size="h5" id={`day-${d.date}`}>
              <Anchor
                component="button"
                type="button"
                onClick={() => onOpenDay(d.date)}
                fw={600}
                aria-label={t('calendar.openDay', { date: formatDay(d.date, 'long') })}
              >
                {formatShortDay(d.date)}
              </Anchor>
            </Title>
            {d.hours.length === 0 && (
              <Text size="xs" c="dimmed">
                {t('calendar.closed')}
              </Text>
            )}
            {d.appointments.length === 0 && d.hours.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('calendar.free')}
              </Text>
            )}
            <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {d.appointments.map((a: AppointmentData) => (
                <Text key={a.id} component="li" size="sm" td={a.status === 'cancelled' ? 'line-through' : undefined}>
                  <Text span fw={600} inherit>
                    {formatWallTime(a.localStart)}
                  </Text>{' '}
                  {a.patientName}
                  <Text span inherit c="dimmed">
                    {' '}
                    · {t(`calendar.status.${a.status}`)}
                  </Text>
                </Text>
              ))}
            </Stack>
          </Stack>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const settings = useSchedulingSettings();
  const [params, setParams] = useSearchParams();
  const manager = managesSchedule(me);
  const members = useQuery({ queryKey: ['clinic', 'members'], queryFn: api.members, enabled: manager });
  const [booked, setBooked] = useState<AppointmentData | null>(null);
  const timeZone = settings.data?.timeZone ?? 'America/Toronto';
  const therapists = (members.data?.members ?? []).filter((m) => m.role === 'therapist' || m.treats);
  const therapistId = params.get('therapist') ?? (treatsPatients(me) ? me.user.id : (therapists[0]?.userId ?? ''));
  const view = params.get('view') === 'week' ? 'week' : 'day';
  const dateParam = params.get('date') ?? '';
  const date = isDate(dateParam) ? dateParam : todayIn(timeZone);
  const bookFor = params.get('book');
  const bookName = params.get('name') ?? '';
  const ready = settings.isSuccess && therapistId !== '';
  const day = useQuery({
    queryKey: [...SCHEDULING_KEY, 'day', therapistId, date],
    queryFn: () => api.day(date, therapistId),
    enabled: ready && view === 'day',
  });
  const week = useQuery({
    queryKey: [...SCHEDULING_KEY, 'week', therapistId, date],
    queryFn: () => api.week(date, therapistId),
    enabled: ready && view === 'week',
  });
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes)) v === null ? next.delete(k) : next.set(k, v);
        return next;
      },
      { replace: true },
    );

  if (!usesCalendar(me)) {
    return (
      <Page title={t('calendar.title')}>
        <Text>{t('calendar.notAllowed')}</Text>
      </Page>
    );
  }
  if (settings.isPending || (manager && members.isPending)) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} retry={() => void settings.refetch()} />;
  if (!therapistId) {
    return (
      <Page title={t('calendar.title')}>
        <Text>{t('calendar.noTherapists')}</Text>
      </Page>
    );
  }
  const clinical = therapistId === me.user.id && treatsPatients(me) && me.clinic?.role !== 'admin';
  const step = view === 'week' ? 7 : 1;
  const current = view === 'day' ? day : week;
  return (
    <Page title={t('calendar.title')} intro={<Text size="sm">{t('calendar.timeZoneHint', { timeZone })}</Text>}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" gap="sm">
          <Group gap="xs" role="group" aria-label={t('calendar.viewLabel')}>
            {(['day', 'week'] as const).map((v) => (
              <Button key={v} variant={view === v ? 'filled' : 'default'} aria-pressed={view === v} onClick={() => update({ view: v })}>
                {t(`calendar.${v}`)}
              </Button>
            ))}
          </Group>
          <Group gap="xs">
            <Button component={Link} to="/calendar/settings" variant="subtle">
              {t('calendar.settingsLink')}
            </Button>
            <Button onClick={() => update({ book: '' })}>{t('calendar.book')}</Button>
          </Group>
        </Group>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Button
            variant="default"
            onClick={() => update({ date: addDays(date, -step) })}
            aria-label={view === 'week' ? t('calendar.previousWeek') : t('calendar.previousDay')}
          >
            ‹
          </Button>
          <Button variant="default" onClick={() => update({ date: null })}>
            {t('calendar.today')}
          </Button>
          <Button
            variant="default"
            onClick={() => update({ date: addDays(date, step) })}
            aria-label={view === 'week' ? t('calendar.nextWeek') : t('calendar.nextDay')}
          >
            ›
          </Button>
          <TextInput
            type="date"
            label={t('calendar.date')}
            value={date}
            onChange={(e) => isDate(e.currentTarget.value) && update({ date: e.currentTarget.value })}
            w={180}
          />
          {manager && therapists.length > 0 && (
            <NativeSelect
              label={t('calendar.therapist')}
              value={therapistId}
              onChange={(e) => update({ therapist: e.currentTarget.value })}
              data={therapists.map((m) => ({ value: m.userId, label: m.name }))}
              miw={200}
            />
          )}
        </Group>
      </Stack>
      {booked && (
        <Success>
          {t('calendar.booked', {
            name: booked.patientName,
            date: formatDay(booked.localDate, 'long'),
            time: formatWallTime(booked.localStart),
          })}
        </Success>
      )}
      <Stack gap="sm" component="section" aria-labelledby="calendar-heading">
        <Title order={2} size="h3" id="calendar-heading">
          {view === 'day' ? formatDay(date, 'long') : t('calendar.weekOf', { date: formatDay(week.data?.weekStart ?? date, 'long') })}
          {current.data ? ` — ${current.data.therapistName}` : ''}
        </Title>
        {current.isPending && <Loading />}
        {current.isError && <LoadError error={current.error} retry={() => void current.refetch()} />}
        {view === 'day' && day.data && <DayList day={day.data} timeZone={timeZone} clinical={clinical} />}
        {view === 'week' && week.data && <WeekGrid week={week.data} onOpenDay={(d) => update({ view: 'day', date: d })} />}
      </Stack>
      {bookFor !== null && (
        <BookDialog
          therapistUserId={therapistId}
          timeZone={timeZone}
          date={date}
          patient={bookFor ? { id: bookFor, name: bookName } : undefined}
          onClose={(appt) => {
            if (appt) {
              setBooked(appt);
              update({ book: null, name: null, date: appt.localDate, view: 'day' });
            } else update({ book: null, name: null });
          }}
        />
      )}
    </Page>
  );
}
