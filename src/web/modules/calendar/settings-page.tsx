import { Button, Checkbox, CloseButton, Group, NativeSelect, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type AppointmentTypeData, type AvailabilityData, api } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { managesSchedule, treatsPatients, usesCalendar } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { isTime } from '../../lib/time.js';
import { formatMoney } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';
import { ExceptionsEditor } from './exceptions-editor.js';
import { SCHEDULING_KEY, useAppointmentTypes } from './keys.js';
import { TypeEditDialog } from './type-edit-dialog.js';

function TypesSection() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const types = useAppointmentTypes(true);
  const [editing, setEditing] = useState<AppointmentTypeData | null>(null);
  const [form, setForm] = useState({ name: '', minutes: 60 as number | string, fee: 0 as number | string });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: SCHEDULING_KEY });
  const create = useMutation({
    mutationFn: api.createAppointmentType,
    onSuccess: () => {
      setForm({ name: '', minutes: 60, fee: 0 });
      refresh();
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['name', 'durationMinutes', 'feeCents']);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.updateAppointmentType(id, { active }),
    onSuccess: refresh,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!form.name.trim()) return setFieldErrors({ name: t('errors.required') });
    setFieldErrors({});
    create.mutate({ name: form.name.trim(), durationMinutes: Number(form.minutes), feeCents: Math.round(Number(form.fee) * 100) });
  };
  return (
    <Section title={t('calendarSettings.typesTitle')}>
      {types.isPending && <Loading />}
      {types.isError && <LoadError error={types.error} />}
      {types.data && types.data.types.length === 0 && <Text>{t('calendarSettings.noTypes')}</Text>}
      {types.data && types.data.types.length > 0 && (
        <ScrollTable label={t('calendarSettings.typesTitle')} minWidth={480}>
          <Table verticalSpacing="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('calendarSettings.name')}</Table.Th>
                <Table.Th scope="col">{t('calendarSettings.minutes')}</Table.Th>
                <Table.Th scope="col">{t('calendarSettings.fee')}</Table.Th>
                <Table.Th scope="col">{t('calendarSettings.offered')}</Table.Th>
                <Table.Th scope="col">{t('typeEdit.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {types.data.types.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Th scope="row" fw={500}>
                    {x.name}
                  </Table.Th>
                  <Table.Td>{x.durationMinutes}</Table.Td>
                  <Table.Td>{formatMoney(x.feeCents)}</Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={t('calendarSettings.offeredFor', { name: x.name })}
                      checked={x.active}
                      disabled={toggle.isPending}
                      onChange={(e) => toggle.mutate({ id: x.id, active: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" onClick={() => setEditing(x)} aria-label={t('typeEdit.editLabel', { name: x.name })}>
                      {t('typeEdit.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {editing && <TypeEditDialog key={editing.id} type={editing} onClose={() => setEditing(null)} />}
      <Title order={3} size="h4">
        {t('calendarSettings.addType')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          <FormError message={formError} />
          <TextInput
            label={t('calendarSettings.name')}
            value={form.name}
            error={fieldErrors.name}
            onChange={(e) => {
              const name = e.currentTarget.value;
              setForm((f) => ({ ...f, name }));
            }}
            required
          />
          <Group grow align="flex-start">
            <NumberInput
              label={t('calendarSettings.minutes')}
              value={form.minutes}
              error={fieldErrors.durationMinutes}
              min={5}
              max={480}
              step={5}
              allowDecimal={false}
              onChange={(v) => setForm((f) => ({ ...f, minutes: v }))}
              size="md"
            />
            <NumberInput
              label={t('calendarSettings.feeDollars')}
              value={form.fee}
              error={fieldErrors.feeCents}
              min={0}
              decimalScale={2}
              onChange={(v) => setForm((f) => ({ ...f, fee: v }))}
              size="md"
            />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('calendarSettings.addTypeSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

type Block = { weekday: number; start: string; end: string };

function HoursEditor({ therapistId }: { therapistId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const availability = useQuery({
    queryKey: [...SCHEDULING_KEY, 'availability', therapistId],
    queryFn: () => api.availability(therapistId),
  });
  const [blocks, setBlocks] = useState<Block[]>([]);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (availability.data) setBlocks(availability.data.weekly.map((b) => ({ ...b })));
  }, [availability.data]);
  const save = useMutation({
    mutationFn: () => api.setWeeklyHours(therapistId, { blocks }),
    onSuccess: (fresh: AvailabilityData) => client.setQueryData([...SCHEDULING_KEY, 'availability', therapistId], fresh),
  });
  if (availability.isPending) return <Loading />;
  if (availability.isError) return <LoadError error={availability.error} />;
  const days = [1, 2, 3, 4, 5, 6, 7];
  const change = (index: number, key: 'start' | 'end', value: string) =>
    setBlocks((bs) => bs.map((b, i) => (i === index ? { ...b, [key]: value } : b)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = blocks.some((b) => !isTime(b.start) || !(isTime(b.end) || b.end === '24:00') || b.start >= b.end);
    setInvalid(bad);
    if (!bad) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {save.isSuccess && <Success>{t('calendarSettings.hoursSaved')}</Success>}
        <FormError message={invalid ? t('calendarSettings.hoursInvalid') : save.isError ? errorText(save.error) : null} />
        {days.map((weekday) => {
          const dayName = t(`calendarSettings.weekdays.d${weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7}`);
          return (
            <Stack key={weekday} gap={6} role="group" aria-label={dayName}>
              <Text fw={600}>{dayName}</Text>
              {blocks.every((b) => b.weekday !== weekday) && (
                <Text size="sm" c="dimmed">
                  {t('calendarSettings.dayOff')}
                </Text>
              )}
              {blocks.map((b, i) =>
                b.weekday === weekday ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no id; the index is their identity while editing
                  <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                    <TextInput
                      type="time"
                      label={t('calendarSettings.from')}
                      aria-label={t('calendarSettings.fromOn', { day: dayName })}
                      value={b.start}
                      onChange={(e) => change(i, 'start', e.currentTarget.value)}
                      w={140}
                    />
                    <TextInput
                      type="time"
                      label={t('calendarSettings.to')}
                      aria-label={t('calendarSettings.toOn', { day: dayName })}
                      value={b.end}
                      onChange={(e) => change(i, 'end', e.currentTarget.value)}
                      w={140}
                    />
                    <CloseButton
                      size="xl"
                      aria-label={t('calendarSettings.removeBlock', { day: dayName })}
                      onClick={() => setBlocks((bs) => bs.filter((_, j) => j !== i))}
                    />
                  </Group>
                ) : null,
              )}
              <Group>
                <Button
                  variant="subtle"
                  size="sm"
                  onClick={() => setBlocks((bs) => [...bs, { weekday, start: '09:00', end: '17:00' }])}
                  aria-label={t('calendarSettings.addBlockOn', { day: dayName })}
                >
                  {t('calendarSettings.addBlock')}
                </Button>
              </Group>
            </Stack>
          );
        })}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('calendarSettings.saveHours')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function HoursSection() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const manager = managesSchedule(me);
  const members = useQuery({ queryKey: ['clinic', 'members'], queryFn: api.members, enabled: manager });
  const therapists = (members.data?.members ?? []).filter((m) => m.role === 'therapist' || m.treats);
  const [chosen, setChosen] = useState<string | null>(null);
  const therapistId = chosen ?? (treatsPatients(me) ? me.user.id : (therapists[0]?.userId ?? ''));
  return (
    <Section title={t('calendarSettings.hoursTitle')}>
      <Text size="sm">{t('calendarSettings.hoursIntro')}</Text>
      {manager && therapists.length > 0 && (
        <NativeSelect
          label={t('calendar.therapist')}
          value={therapistId}
          onChange={(e) => setChosen(e.currentTarget.value)}
          data={therapists.map((m) => ({ value: m.userId, label: m.name }))}
          maw={320}
        />
      )}
      {therapistId ? (
        <>
          <HoursEditor key={therapistId} therapistId={therapistId} />
          <ExceptionsEditor key={`exceptions-${therapistId}`} therapistId={therapistId} />
        </>
      ) : (
        <Text>{t('calendar.noTherapists')}</Text>
      )}
    </Section>
  );
}

export default function CalendarSettingsPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  if (!usesCalendar(me)) {
    return (
      <Page title={t('calendarSettings.title')}>
        <Text>{t('calendar.notAllowed')}</Text>
      </Page>
    );
  }
  return (
    <Page title={t('calendarSettings.title')}>
      {managesSchedule(me) && <TypesSection />}
      {managesSchedule(me) && (
        <Group>
          <Button component={Link} to="/note-templates" variant="light">
            {t('noteTemplates.link')}
          </Button>
        </Group>
      )}
      {(managesSchedule(me) || treatsPatients(me)) && <HoursSection />}
    </Page>
  );
}
