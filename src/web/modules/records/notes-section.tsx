import { Anchor, Badge, Button, Group, List, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { formatDay } from '../../ui/format.js';
import { LineChart } from '../../ui/line-chart.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Section } from '../../ui/section.js';

export function NotesSection({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const notes = useQuery({ queryKey: ['notes', patientId], queryFn: () => api.notes(patientId) });
  return (
    <Section title={t('notes.title')}>
      {notes.isPending && <Loading />}
      {notes.isError && <LoadError error={notes.error} />}
      {notes.data && notes.data.notes.length === 0 && <Text size="sm">{t('notes.none')}</Text>}
      {notes.data && notes.data.notes.length > 0 && (
        <List listStyleType="none" spacing="xs">
          {notes.data.notes.map((n) => (
            <List.Item key={n.id}>
              <Group gap="sm">
                <Anchor component={Link} to={`/patients/${patientId}/notes/${n.id}`}>
                  {t('notes.noteOf', { date: formatDay(n.signedAt ?? n.createdAt) })}
                </Anchor>
                <Badge variant="light" color={n.status === 'signed' ? 'sage' : 'yellow'} tt="none">
                  {t(`notes.status.${n.status}`)}
                </Badge>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}

const OCCASIONS = ['intake', 'review', 'discharge'] as const;

function PsfsForm({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const blank = () => [0, 1, 2].map(() => ({ activity: '', score: '' as number | string }));
  const [rows, setRows] = useState(blank);
  const [occasion, setOccasion] = useState<(typeof OCCASIONS)[number]>('intake');
  const [takenOn, setTakenOn] = useState(new Date().toISOString().slice(0, 10));
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api.recordPsfs(patientId, {
        takenOn,
        occasion,
        activities: rows.map((r) => ({ activity: r.activity.trim(), score: Number(r.score) })),
      }),
    onSuccess: () => {
      setRows(blank());
      void client.invalidateQueries({ queryKey: ['measures', patientId] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = rows.some((r) => !r.activity.trim() || r.score === '' || Number(r.score) < 0 || Number(r.score) > 10);
    setInvalid(bad);
    if (!bad) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('measures.psfsForm')}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('measures.psfsForm')}
        </Title>
        <Text size="sm">{t('measures.psfsIntro')}</Text>
        {save.isSuccess && <Success>{t('measures.psfsSaved')}</Success>}
        <FormError message={invalid ? t('measures.psfsInvalid') : save.isError ? errorText(save.error) : null} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput type="date" label={t('measures.takenOn')} value={takenOn} onChange={(e) => setTakenOn(e.currentTarget.value)} />
          <NativeSelect
            label={t('measures.occasion')}
            value={occasion}
            onChange={(e) => setOccasion(OCCASIONS.find((o) => o === e.currentTarget.value) ?? 'review')}
            data={OCCASIONS.map((o) => ({ value: o, label: t(`measures.occasions.${o}`) }))}
          />
        </SimpleGrid>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions 1 to 5
          <Group key={i} align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              label={t('measures.activity', { n: i + 1 })}
              value={r.activity}
              onChange={(e) => {
                const activity = e.currentTarget.value;
                setRows((rs) => rs.map((x, j) => (j === i ? { ...x, activity } : x)));
              }}
              style={{ flex: 1 }}
            />
            <NumberInput
              label={t('measures.score', { n: i + 1 })}
              value={r.score}
              min={0}
              max={10}
              allowDecimal={false}
              clampBehavior="strict"
              onChange={(score) => setRows((rs) => rs.map((x, j) => (j === i ? { ...x, score } : x)))}
              w={120}
              size="md"
            />
          </Group>
        ))}
        <Group>
          {rows.length < 5 && (
            <Button variant="subtle" onClick={() => setRows((rs) => [...rs, { activity: '', score: '' }])}>
              {t('measures.addActivity')}
            </Button>
          )}
          {rows.length > 3 && (
            <Button variant="subtle" onClick={() => setRows((rs) => rs.slice(0, -1))}>
              {t('measures.removeActivity')}
            </Button>
          )}
          <Button type="submit" variant="default" loading={save.isPending}>
            {t('measures.psfsSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function MeasuresSection({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const measures = useQuery({ queryKey: ['measures', patientId], queryFn: () => api.measures(patientId) });
  return (
    <Section title={t('measures.title')}>
      {measures.isPending && <Loading />}
      {measures.isError && <LoadError error={measures.error} />}
      {measures.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('measures.pain')}
            </Title>
            {measures.data.pain.length === 0 ? (
              <Text size="sm">{t('measures.noPain')}</Text>
            ) : (
              <LineChart
                title={t('measures.painChart')}
                firstColumn={t('measures.date')}
                labels={measures.data.pain.map((p) => formatDay(p.date))}
                series={[
                  { name: t('measures.before'), color: '#a33b06', values: measures.data.pain.map((p) => p.before) },
                  { name: t('measures.after'), color: '#2f6b5e', dashed: true, values: measures.data.pain.map((p) => p.after) },
                ]}
              />
            )}
          </Stack>
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('measures.psfs')}
            </Title>
            {measures.data.psfs.length === 0 ? (
              <Text size="sm">{t('measures.noPsfs')}</Text>
            ) : (
              <LineChart
                title={t('measures.psfsChart')}
                firstColumn={t('measures.date')}
                labels={measures.data.psfs.map((p) => formatDay(p.takenOn))}
                series={[{ name: t('measures.average'), color: '#2f6b5e', values: measures.data.psfs.map((p) => p.average) }]}
              />
            )}
          </Stack>
        </SimpleGrid>
      )}
      <PsfsForm patientId={patientId} />
    </Section>
  );
}
