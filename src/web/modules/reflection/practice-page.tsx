import { Anchor, Badge, Button, Group, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../lib/errors.js';
import { reflects } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { formatDate, formatDateTime } from '../../ui/format.js';
import { LineChart } from '../../ui/line-chart.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';
import { reflectionApi, type SignalSettingsData, type TrendBy } from './api.js';
import { CheckInButton, REFLECTION_KEY } from './check-in-dialog.js';
import { NotTreatingPage } from './not-treating.js';
import { SavedElsewhere, savedElsewhere } from './saved-elsewhere.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const BY: TrendBy[] = ['day', 'weekday', 'hour', 'patient'];

function Recent() {
  const { t } = useTranslation();
  const recent = useQuery({ queryKey: [...REFLECTION_KEY, 'recent'], queryFn: reflectionApi.recentCheckIns });
  if (recent.isPending) return <Loading />;
  if (recent.isError) return <LoadError error={recent.error} retry={() => void recent.refetch()} />;
  if (recent.data.checkIns.length === 0) return <Text>{t('reflection.practice.noCheckIns')}</Text>;
  return (
    <ScrollTable label={t('reflection.practice.recentTitle')} minWidth={560}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('reflection.practice.colWhen')}</Table.Th>
            <Table.Th scope="col">{t('reflection.practice.colPresence')}</Table.Th>
            <Table.Th scope="col">{t('reflection.practice.colAttention')}</Table.Th>
            <Table.Th scope="col">{t('reflection.practice.colPulls')}</Table.Th>
            <Table.Th scope="col">{t('reflection.practice.colIntention')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {recent.data.checkIns.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Th scope="row" fw={500}>
                {formatDateTime(c.at)}
              </Table.Th>
              <Table.Td>{c.presence}</Table.Td>
              <Table.Td>{c.attention}</Table.Td>
              <Table.Td>{c.pulls.map((p) => t(`reflection.pull.${p}`)).join(', ') || '—'}</Table.Td>
              <Table.Td>{c.intention ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function TrendView() {
  const { t } = useTranslation();
  const [by, setBy] = useState<TrendBy>('day');
  const to = new Date();
  const from = new Date(to.getTime() - 29 * 86_400_000);
  const range = { from: isoDay(from), to: isoDay(new Date(to.getTime() + 86_400_000)) };
  const trend = useQuery({
    queryKey: [...REFLECTION_KEY, 'trend', by, range.from],
    queryFn: () => reflectionApi.checkInTrend({ ...range, by }),
  });
  const byLabel = t(`reflection.practice.by.${by}`);
  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('reflection.practice.trendBy')}
        value={by}
        onChange={(e) => setBy(e.currentTarget.value as TrendBy)}
        data={BY.map((b) => ({ value: b, label: t(`reflection.practice.by.${b}`) }))}
        maw={280}
      />
      {trend.isPending ? (
        <Loading />
      ) : trend.isError ? (
        <LoadError error={trend.error} retry={() => void trend.refetch()} />
      ) : trend.data.points.length === 0 ? (
        <Text>{t('reflection.practice.trendEmpty')}</Text>
      ) : (
        <LineChart
          title={t('reflection.practice.trendChart', { by: byLabel.toLowerCase() })}
          firstColumn={byLabel}
          labels={trend.data.points.map((p) => p.label)}
          series={[
            { name: t('reflection.practice.colPresence'), color: '#2f6b4f', values: trend.data.points.map((p) => p.presence) },
            {
              name: t('reflection.practice.colAttention'),
              color: '#6a4c93',
              dashed: true,
              values: trend.data.points.map((p) => p.attention),
            },
          ]}
        />
      )}
    </Stack>
  );
}

function Signals() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const signals = useQuery({ queryKey: [...REFLECTION_KEY, 'signals'], queryFn: reflectionApi.signals });
  const dismiss = useMutation({
    mutationFn: reflectionApi.dismissSignal,
    onSuccess: () => void client.invalidateQueries({ queryKey: [...REFLECTION_KEY, 'signals'] }),
  });
  if (signals.isPending) return <Loading />;
  if (signals.isError) return <LoadError error={signals.error} retry={() => void signals.refetch()} />;
  return (
    <Stack gap="sm">
      <Text>{t('reflection.practice.signalsIntro')}</Text>
      <FormError message={dismiss.isError ? errorText(dismiss.error) : null} />
      {dismiss.isSuccess && <Success>{t('reflection.practice.dismissed')}</Success>}
      {signals.data.signals.length === 0 && <Text>{t('reflection.practice.noSignals')}</Text>}
      {signals.data.signals.map((s) => (
        <Paper key={s.key} withBorder p="md" radius="md" component="article" aria-label={s.patientName}>
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <Stack gap={6} style={{ flex: 1, minWidth: 220 }}>
              <Text>
                {t(`reflection.practice.signal.${s.kind}`, { name: s.patientName, count: String(s.count), window: String(s.window) })}
              </Text>
              {s.reflectedAt && (
                <Group gap="xs">
                  <Badge variant="light" color="sage" size="lg" tt="none">
                    {t('reflection.practice.reflectedOn', { date: formatDate(s.reflectedAt) })}
                  </Badge>
                  {s.newSinceReflection && <Text size="sm">{t('reflection.practice.newSince')}</Text>}
                </Group>
              )}
            </Stack>
            <Button
              component={Link}
              to={`/reflection/journal?${new URLSearchParams({ reflect: s.kind, signal: s.key })}`}
              h={40}
              aria-label={t('reflection.practice.reflectFor', { name: s.patientName })}
            >
              {t('reflection.practice.reflect')}
            </Button>
            <Button
              variant="default"
              h={40}
              loading={dismiss.isPending && dismiss.variables === s.key}
              onClick={() => dismiss.mutate(s.key)}
              aria-label={t('reflection.practice.dismissFor', { name: s.patientName })}
            >
              {t('reflection.practice.dismiss')}
            </Button>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

const SETTING_FIELDS = [
  'overrunMinutes',
  'window',
  'overrunCount',
  'outsideHoursCount',
  'visitsIn30Days',
  'giftCount',
  'giftDays',
  'contactCount',
  'contactDays',
  'feeCount',
  'feeDays',
] as const;
const SETTING_MAX: Partial<Record<(typeof SETTING_FIELDS)[number], number>> = {
  overrunMinutes: 120,
  giftDays: 365,
  contactDays: 365,
  feeDays: 365,
};

type SettingsFields = Omit<SignalSettingsData, 'updatedAt'>;
const fieldsOf = ({ updatedAt: _version, ...fields }: SignalSettingsData): SettingsFields => fields;

function SettingsForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: [...REFLECTION_KEY, 'signal-settings'], queryFn: reflectionApi.signalSettings });
  const [form, setForm] = useState<SettingsFields | null>(null);
  // After another window's save was loaded: the person's numbers stay, the saved ones show beside them.
  const [reloaded, setReloaded] = useState(false);
  const [reloadError, setReloadError] = useState<unknown>(null);
  useEffect(() => {
    if (settings.data && !form) setForm(fieldsOf(settings.data));
  }, [settings.data, form]);
  // Saved on the version last read; the cache then holds the new version for the next save.
  const save = useMutation({
    mutationFn: ({ fields, basedOn }: { fields: SettingsFields; basedOn: string | null }) =>
      reflectionApi.setSignalSettings({ ...fields, basedOn }),
    onSuccess: (fresh) => {
      client.setQueryData([...REFLECTION_KEY, 'signal-settings'], fresh);
      setReloaded(false);
      void client.invalidateQueries({ queryKey: [...REFLECTION_KEY, 'signals'] });
    },
  });
  // The form stays on screen while the settings are fetched again: the numbers live there.
  if (settings.data === undefined || !form) return settings.isError ? <LoadError error={settings.error} /> : <Loading />;
  const saved = settings.data;
  const stale = save.isError && savedElsewhere(save.error);
  const error = reloadError ? errorText(reloadError) : save.isError && !stale ? errorText(save.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setReloadError(null);
    save.mutate({ fields: form, basedOn: saved.updatedAt });
  };
  const loadLatest = async () => {
    const result = await settings.refetch();
    if (result.isError) {
      setReloadError(result.error);
      return;
    }
    save.reset();
    setReloaded(true);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError message={error} />
        {stale && (
          <SavedElsewhere
            message={t('reflection.savedElsewhere.settings')}
            onLoadLatest={() => void loadLatest()}
            loading={settings.isFetching}
          />
        )}
        {reloaded && <Success>{t('reflection.savedElsewhere.loaded')}</Success>}
        {save.isSuccess && <Success>{t('reflection.practice.settingsSaved')}</Success>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {SETTING_FIELDS.map((f) => (
            <NumberInput
              key={f}
              label={t(`reflection.practice.${f}`)}
              description={reloaded && saved[f] !== form[f] ? t('reflection.savedElsewhere.savedValue', { value: saved[f] }) : undefined}
              value={form[f]}
              min={1}
              max={SETTING_MAX[f] ?? 60}
              allowDecimal={false}
              onChange={(v) => setForm({ ...form, [f]: typeof v === 'number' ? v : Number(v) || 0 })}
            />
          ))}
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending} h={44}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** My practice: the therapist's own check-ins, trend and boundary invitations. Private to them. */
export default function PracticePage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  if (!reflects(me)) {
    return <NotTreatingPage title={t('reflection.practice.title')} message={t('reflection.practice.notTreating')} />;
  }
  return (
    <Page
      title={t('reflection.practice.title')}
      intro={
        <Stack gap="sm" align="flex-start">
          <Text size="lg">{t('reflection.practice.intro')}</Text>
          <Group>
            <CheckInButton label={t('reflection.checkInDay')} />
            <Anchor component={Link} to="/reflection/journal">
              {t('reflection.practice.journalLink')}
            </Anchor>
            <Anchor component={Link} to="/reflection/needs">
              {t('reflection.needs.link')}
            </Anchor>
          </Group>
        </Stack>
      }
    >
      <Section title={t('reflection.practice.recentTitle')}>
        <Recent />
      </Section>
      <Section title={t('reflection.practice.trendTitle')}>
        <TrendView />
      </Section>
      <Section title={t('reflection.practice.signalsTitle')}>
        <Signals />
      </Section>
      <Section title={t('reflection.practice.settingsTitle')}>
        <SettingsForm />
      </Section>
    </Page>
  );
}
