import { Anchor, Button, Checkbox, Group, NativeSelect, Radio, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../lib/errors.js';
import { reflects } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { formatDate, formatDay } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';
import { type NeedsHistoryData, reflectionApi } from './api.js';
import { REFLECTION_KEY } from './check-in-dialog.js';
import { NotTreatingPage } from './not-treating.js';
import { SavedElsewhere, useSaveRefusal } from './saved-elsewhere.js';

const NEEDS = ['caretaking', 'approval', 'self_esteem', 'capability', 'boundaries'] as const;
type NeedId = (typeof NEEDS)[number];
type Cadence = NeedsHistoryData['cadence'];
const NEEDS_KEY = [...REFLECTION_KEY, 'needs'] as const;
/** The same bands the server reads scores with. */
const band = (score: number) => (score < 34 ? 0 : score < 67 ? 1 : 2);

/** Looks up a translated string by a computed key, falling back to what the server said. */
function useLookup() {
  const { t, i18n } = useTranslation();
  return (key: string, fallback: string) => (i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : fallback);
}

function Questionnaire() {
  const { t } = useTranslation();
  const lookup = useLookup();
  const errorText = useErrorText();
  const client = useQueryClient();
  const form = useQuery({ queryKey: [...NEEDS_KEY, 'questionnaire'], queryFn: reflectionApi.needsQuestionnaire, staleTime: Infinity });
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [planReviewed, setPlanReviewed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: () => reflectionApi.submitNeeds({ answers, planReviewed }),
    onSuccess: () => void client.invalidateQueries({ queryKey: [...NEEDS_KEY, 'history'] }),
  });
  if (form.isPending) return <Loading />;
  if (form.isError) return <LoadError error={form.error} retry={() => void form.refetch()} />;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(answers).length === 0) return setError(t('reflection.needs.answerOne'));
    setError(null);
    submit.mutate();
  };
  return (
    <Stack gap="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg">
          <FormError message={error ?? (submit.isError ? errorText(submit.error) : null)} />
          {form.data.items.map((item) => (
            <Radio.Group
              key={item.id}
              label={lookup(`reflection.needs.items.${item.id}`, item.text)}
              value={answers[item.id] === undefined ? null : String(answers[item.id])}
              onChange={(v) => setAnswers({ ...answers, [item.id]: Number(v) })}
              size="md"
            >
              <Group mt="xs" gap="md">
                {form.data.scale.map((s) => (
                  <Radio key={s.value} value={String(s.value)} label={lookup(`reflection.needs.scale.${s.value}`, s.label)} />
                ))}
              </Group>
            </Radio.Group>
          ))}
          <Checkbox
            size="md"
            label={t('reflection.needs.planReviewed')}
            checked={planReviewed}
            onChange={(e) => setPlanReviewed(e.currentTarget.checked)}
          />
          <Group>
            <Button type="submit" loading={submit.isPending} h={44}>
              {t('reflection.needs.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      {submit.data && (
        <Stack gap="sm" role="status">
          <Text fw={700} size="lg">
            {t('reflection.needs.resultTitle')}
          </Text>
          {submit.data.scores.map((s) => (
            <Text key={s.need}>
              <Text span fw={600}>
                {lookup(`reflection.needs.need.${s.need}`, s.need)}:
              </Text>{' '}
              {s.answered === 0
                ? t('reflection.needs.notAnswered')
                : lookup(`reflection.needs.reading.${s.need}.${band(s.score)}`, s.reading)}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function History() {
  const { t } = useTranslation();
  const lookup = useLookup();
  const errorText = useErrorText();
  const client = useQueryClient();
  const history = useQuery({ queryKey: [...NEEDS_KEY, 'history'], queryFn: reflectionApi.needsHistory });
  const cadence = useMutation({
    mutationFn: (c: Cadence) => reflectionApi.setNeedsCadence(c),
    onSuccess: (fresh) => client.setQueryData([...NEEDS_KEY, 'history'], fresh),
  });
  if (history.isPending) return <Loading />;
  if (history.isError) return <LoadError error={history.error} retry={() => void history.refetch()} />;
  const { assessments, nextDueOn } = history.data;
  return (
    <Stack gap="sm">
      <FormError message={cadence.isError ? errorText(cadence.error) : null} />
      <NativeSelect
        label={t('reflection.needs.cadence')}
        value={history.data.cadence}
        maw={280}
        onChange={(e) => cadence.mutate(e.currentTarget.value as Cadence)}
        data={(['weekly', 'monthly', 'quarterly'] as const).map((c) => ({ value: c, label: t(`reflection.needs.cadenceOption.${c}`) }))}
      />
      {nextDueOn && <Text>{t('reflection.needs.nextDue', { date: formatDay(nextDueOn) })}</Text>}
      {assessments.length === 0 ? (
        <Text>{t('reflection.needs.noHistory')}</Text>
      ) : (
        <ScrollTable label={t('reflection.needs.historyTitle')} minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('reflection.needs.colTaken')}</Table.Th>
                {NEEDS.map((n) => (
                  <Table.Th key={n} scope="col">
                    {lookup(`reflection.needs.need.${n}`, n)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {assessments.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Th scope="row" fw={500}>
                    {formatDate(a.takenAt)}
                  </Table.Th>
                  {NEEDS.map((n) => {
                    const s = a.scores.find((x) => x.need === n);
                    return <Table.Td key={n}>{s && s.answered > 0 ? `${s.score} / 100` : '—'}</Table.Td>;
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function Plan() {
  const { t } = useTranslation();
  const lookup = useLookup();
  const errorText = useErrorText();
  const client = useQueryClient();
  const plan = useQuery({ queryKey: [...NEEDS_KEY, 'plan'], queryFn: reflectionApi.selfCarePlan });
  const [form, setForm] = useState<Record<NeedId, string> | null>(null);
  // After another window's save was loaded: the person's words stay, the saved ones show beside them.
  const [reloaded, setReloaded] = useState(false);
  useEffect(() => {
    if (plan.data && !form) setForm(Object.fromEntries(NEEDS.map((n) => [n, plan.data.plan[n] ?? ''])) as Record<NeedId, string>);
  }, [plan.data, form]);
  // Saved on the version last read; the cache then holds the new version for the next save.
  const save = useMutation({
    mutationFn: ({ words, basedOn }: { words: Record<NeedId, string>; basedOn: string | null }) =>
      reflectionApi.setSelfCarePlan({ ...words, basedOn }),
    onSuccess: (fresh) => {
      client.setQueryData([...NEEDS_KEY, 'plan'], fresh);
      setReloaded(false);
    },
  });
  const refusal = useSaveRefusal(save, () => plan.refetch());
  // The form stays on screen while the plan is fetched again (or that fails): the words live there.
  if (plan.data === undefined) return plan.isError ? <LoadError error={plan.error} retry={() => void plan.refetch()} /> : <Loading />;
  if (!form) return <Loading />;
  const saved = plan.data;
  const { stale } = refusal;
  const error = refusal.error ? errorText(refusal.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    refusal.clearReloadError();
    save.mutate({ words: form, basedOn: saved.updatedAt });
  };
  const loadLatest = () => refusal.loadLatest(() => setReloaded(true));
  const label = (n: NeedId) => lookup(`reflection.needs.need.${n}`, n);
  const copyText = NEEDS.filter((n) => form[n].trim())
    .map((n) => `${label(n)}\n${form[n].trim()}`)
    .join('\n\n');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text>{t('reflection.needs.planIntro')}</Text>
        <FormError message={error} />
        {stale && (
          <SavedElsewhere
            message={t('reflection.savedElsewhere.selfCare')}
            copyText={copyText}
            onLoadLatest={() => void loadLatest()}
            loading={plan.isFetching}
          />
        )}
        {reloaded && <Success>{t('reflection.savedElsewhere.loaded')}</Success>}
        {save.isSuccess && <Success>{t('reflection.needs.planSaved')}</Success>}
        {NEEDS.map((n) => {
          const other = saved.plan[n] ?? '';
          return (
            <Textarea
              key={n}
              label={label(n)}
              description={
                reloaded && other !== form[n]
                  ? t('reflection.savedElsewhere.savedValue', { value: other || t('reflection.savedElsewhere.savedEmpty') })
                  : undefined
              }
              autosize
              minRows={2}
              maxLength={2000}
              value={form[n]}
              onChange={(e) => setForm({ ...form, [n]: e.currentTarget.value })}
            />
          );
        })}
        <Group>
          <Button type="submit" loading={save.isPending} h={44}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Needs awareness: a private, periodic look at what pulls in sessions, and a self-care plan. */
export default function NeedsPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  if (!reflects(me)) {
    return <NotTreatingPage title={t('reflection.needs.title')} message={t('reflection.practice.notTreating')} />;
  }
  return (
    <Page
      title={t('reflection.needs.title')}
      intro={
        <Stack gap="xs" align="flex-start">
          <Text size="lg">{t('reflection.needs.intro')}</Text>
          <Anchor component={Link} to="/reflection">
            {t('reflection.practice.title')}
          </Anchor>
        </Stack>
      }
    >
      <Section title={t('reflection.needs.formTitle')}>
        <Questionnaire />
      </Section>
      <Section title={t('reflection.needs.historyTitle')}>
        <History />
      </Section>
      <Section title={t('reflection.needs.planTitle')}>
        <Plan />
      </Section>
    </Page>
  );
}
