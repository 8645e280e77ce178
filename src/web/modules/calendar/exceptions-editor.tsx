import { Button, CloseButton, Group, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { isDate, isTime } from '../../lib/time.js';
import { formatDay, formatWallTime } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { calendarApi } from './api.js';
import { SCHEDULING_KEY } from './keys.js';

type Block = { start: string; end: string };

const hoursText = (blocks: Block[]) => blocks.map((b) => `${formatWallTime(b.start)}–${formatWallTime(b.end)}`).join(', ');

/**
 * A therapist's dated exceptions: the upcoming ones (a day off, or different hours with breaks
 * between blocks), a form to add or replace the one on a date, and a way to remove one.
 */
export function ExceptionsEditor({ therapistId }: { therapistId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const availabilityKey = [...SCHEDULING_KEY, 'availability', therapistId];
  const availability = useQuery({ queryKey: availabilityKey, queryFn: () => api.availability(therapistId) });
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'off' | 'hours'>('off');
  const [blocks, setBlocks] = useState<Block[]>([{ start: '09:00', end: '13:00' }]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: SCHEDULING_KEY });
  const save = useMutation({
    mutationFn: () =>
      calendarApi.setException(therapistId, date, { blocks: kind === 'off' ? [] : blocks, ...(note.trim() ? { note: note.trim() } : {}) }),
    onMutate: () => setDone(null),
    onSuccess: () => {
      setDone(t('exceptions.saved', { date: formatDay(date, 'long') }));
      setDate('');
      setNote('');
      refresh();
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['date', 'blocks', 'note']);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const remove = useMutation({
    mutationFn: (day: string) => calendarApi.removeException(therapistId, day),
    onMutate: () => setDone(null),
    onSuccess: (_ok, day) => {
      setDone(t('exceptions.removed', { date: formatDay(day, 'long') }));
      refresh();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const next: Record<string, string | undefined> = {};
    if (!isDate(date)) next.date = t('exceptions.dateRequired');
    if (kind === 'hours') {
      if (blocks.length === 0) next.blocks = t('exceptions.blocksRequired');
      else if (blocks.some((b) => !isTime(b.start) || !(isTime(b.end) || b.end === '24:00') || b.start >= b.end)) {
        next.blocks = t('exceptions.blocksInvalid');
      } else {
        const sorted = [...blocks].sort((a, b) => a.start.localeCompare(b.start));
        if (sorted.some((b, i) => i > 0 && b.start < (sorted[i - 1] as Block).end)) next.blocks = t('exceptions.blocksOverlap');
      }
    }
    setErrors(next);
    if (next.date || next.blocks) return;
    save.mutate();
  };
  const change = (index: number, key: 'start' | 'end', value: string) =>
    setBlocks((bs) => bs.map((b, i) => (i === index ? { ...b, [key]: value } : b)));
  const exceptions = availability.data?.exceptions ?? [];
  return (
    <Stack gap="md">
      <Title order={3} size="h4">
        {t('exceptions.title')}
      </Title>
      <Text size="sm">{t('exceptions.intro')}</Text>
      {done && <Success>{done}</Success>}
      <FormError message={remove.isError ? errorText(remove.error) : null} />
      {availability.isPending && <Loading />}
      {availability.isError && <LoadError error={availability.error} />}
      {availability.data && exceptions.length === 0 && <Text size="sm">{t('exceptions.none')}</Text>}
      {exceptions.length > 0 && (
        <ScrollTable label={t('exceptions.title')} minWidth={480}>
          <Table verticalSpacing="sm" striped>
            <Table.Tbody>
              {exceptions.map((x) => (
                <Table.Tr key={x.date}>
                  <Table.Th scope="row" fw={500}>
                    {formatDay(x.date, 'long')}
                  </Table.Th>
                  <Table.Td>
                    <Text size="sm">{x.dayOff ? t('exceptions.dayOff') : t('exceptions.hoursOn', { hours: hoursText(x.blocks) })}</Text>
                    {x.note && (
                      <Text size="xs" c="dimmed">
                        {x.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      c="red.9"
                      loading={remove.isPending && remove.variables === x.date}
                      onClick={() => remove.mutate(x.date)}
                      aria-label={t('exceptions.removeLabel', { date: formatDay(x.date, 'long') })}
                    >
                      {t('exceptions.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <form onSubmit={submit} noValidate aria-label={t('exceptions.title')}>
        <Stack gap="sm" maw={480}>
          <FormError message={formError} />
          <TextInput
            type="date"
            label={t('exceptions.date')}
            value={date}
            error={errors.date}
            onChange={(e) => setDate(e.currentTarget.value)}
            required
            w={200}
          />
          <Radio.Group label={t('exceptions.kind')} value={kind} onChange={(v) => setKind(v as 'off' | 'hours')}>
            <Group gap="md" mt={4}>
              <Radio value="off" label={t('exceptions.kindOff')} />
              <Radio value="hours" label={t('exceptions.kindHours')} />
            </Group>
          </Radio.Group>
          {kind === 'hours' && (
            <Stack gap={6}>
              {blocks.map((b, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no id; the index is their identity while editing
                <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput
                    type="time"
                    label={t('exceptions.from')}
                    value={b.start}
                    onChange={(e) => change(i, 'start', e.currentTarget.value)}
                    w={140}
                  />
                  <TextInput
                    type="time"
                    label={t('exceptions.to')}
                    value={b.end}
                    onChange={(e) => change(i, 'end', e.currentTarget.value)}
                    w={140}
                  />
                  <CloseButton
                    size="xl"
                    aria-label={t('exceptions.removeBlock')}
                    onClick={() => setBlocks((bs) => bs.filter((_, j) => j !== i))}
                  />
                </Group>
              ))}
              {errors.blocks && (
                <Text size="sm" c="red.8" role="alert">
                  {errors.blocks}
                </Text>
              )}
              <Group>
                <Button variant="subtle" size="sm" onClick={() => setBlocks((bs) => [...bs, { start: '14:00', end: '17:00' }])}>
                  {t('exceptions.addBlock')}
                </Button>
              </Group>
            </Stack>
          )}
          <TextInput
            label={t('exceptions.note')}
            description={t('exceptions.noteHint')}
            value={note}
            error={errors.note}
            maxLength={200}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('exceptions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
