import { Anchor, Button, Checkbox, Group, NativeSelect, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { COMPETENCIES, type Competency, GOAL_STATUSES, type GoalStatus } from '../../../shared/reflection/competencies.js';
import { useErrorText } from '../../lib/errors.js';
import { type JournalCryptoKey, unlockedJournalKey } from '../../lib/journal-crypto.js';
import { reflects } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { formatDate, formatDay } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { Section } from '../../ui/section.js';
import { reflectionApi } from './api.js';
import { useCompetencyLabel } from './competency-tags.js';
import {
  entryText,
  type Goal,
  JOURNAL_KEY,
  LEARNING_PLAN_KEY,
  type LearningPlanContent,
  type OpenedEntry,
  saveLearningPlan,
  useLearningPlan,
  useOpenedEntries,
} from './journal-content.js';
import { NotTreatingPage } from './not-treating.js';
import { SavedElsewhere, useSaveRefusal } from './saved-elsewhere.js';

type Draft = Omit<Goal, 'id' | 'targetDate'> & { targetDate: string };
const emptyDraft: Draft = { competency: 'boundaries', goal: '', activities: '', targetDate: '', status: 'planned' };

/** The reflections gathered under a goal: those tagged with its area. */
const linkedTo = (goal: Goal, entries: OpenedEntry[]) => entries.filter((e) => e.content?.tags?.includes(goal.competency));

/** Saves on the version this page last read; the cache then holds the new version for the next save. */
function useSavePlan(dataKey: JournalCryptoKey) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ next, basedOn }: { next: LearningPlanContent; basedOn: string | null }) => saveLearningPlan(dataKey, next, basedOn),
    onSuccess: (saved) => client.setQueryData([...LEARNING_PLAN_KEY], saved),
  });
}

/** What the conflict notice needs from the page: how to load the latest plan, and whether it is loading. */
interface Conflict {
  onLoadLatest: () => void;
  loading: boolean;
}

function GoalForm({
  initial,
  title,
  onSave,
  onCancel,
  saving,
  error,
  conflict,
  note,
}: {
  initial: Draft;
  title: string;
  onSave: (draft: Draft) => void;
  onCancel?: () => void;
  saving: boolean;
  error: string | null;
  /** Set when this form's save was refused because the plan changed elsewhere: the draft stays. */
  conflict?: Conflict | null;
  /** A word after the latest plan was loaded under this form. */
  note?: string | null;
}) {
  const { t } = useTranslation();
  const label = useCompetencyLabel();
  const [draft, setDraft] = useState<Draft>(initial);
  const [goalError, setGoalError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.goal.trim()) {
      setGoalError(t('reflection.plan.goalRequired'));
      return;
    }
    setGoalError(undefined);
    onSave({ ...draft, goal: draft.goal.trim(), activities: draft.activities.trim() });
  };
  return (
    <Section title={title}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={640}>
          <FormError message={error} />
          {conflict && (
            <SavedElsewhere
              message={t('reflection.savedElsewhere.plan')}
              copyText={[draft.goal, draft.activities].filter((x) => x.trim()).join('\n\n')}
              onLoadLatest={conflict.onLoadLatest}
              loading={conflict.loading}
            />
          )}
          {note && <Success>{note}</Success>}
          <NativeSelect
            label={t('reflection.plan.competency')}
            value={draft.competency}
            data={COMPETENCIES.map((c) => ({ value: c, label: label(c) }))}
            onChange={(e) => setDraft({ ...draft, competency: e.currentTarget.value as Competency })}
          />
          <Textarea
            label={t('reflection.plan.goal')}
            description={t('reflection.plan.goalHint')}
            autosize
            minRows={2}
            maxLength={1000}
            value={draft.goal}
            error={goalError}
            onChange={(e) => setDraft({ ...draft, goal: e.currentTarget.value })}
          />
          <Textarea
            label={t('reflection.plan.activities')}
            description={t('reflection.plan.activitiesHint')}
            autosize
            minRows={2}
            maxLength={2000}
            value={draft.activities}
            onChange={(e) => setDraft({ ...draft, activities: e.currentTarget.value })}
          />
          <Group align="flex-end">
            <TextInput
              type="date"
              label={t('reflection.plan.targetDate')}
              value={draft.targetDate}
              onChange={(e) => setDraft({ ...draft, targetDate: e.currentTarget.value })}
            />
            <NativeSelect
              label={t('reflection.plan.status')}
              value={draft.status}
              data={GOAL_STATUSES.map((s) => ({ value: s, label: t(`reflection.plan.statuses.${s}`) }))}
              onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value as GoalStatus })}
            />
          </Group>
          <Group>
            <Button type="submit" loading={saving} h={44}>
              {t('reflection.plan.save')}
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel} h={44}>
                {t('reflection.plan.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

const toDraft = (g: Goal): Draft => ({ ...g, targetDate: g.targetDate ?? '' });
const fromDraft = (id: string, d: Draft): Goal => ({
  ...d,
  id,
  targetDate: /^\d{4}-\d{2}-\d{2}$/.test(d.targetDate) ? d.targetDate : null,
});

function ExportPdf({ goals, entries }: { goals: Goal[]; entries: OpenedEntry[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const label = useCompetencyLabel();
  const [chosenGoals, setChosenGoals] = useState<string[]>(() => goals.map((g) => g.id));
  const [leftOut, setLeftOut] = useState<string[]>([]);
  const [withText, setWithText] = useState<'full' | 'titles'>('titles');
  const [error, setError] = useState<string | null>(null);
  const selected = goals.filter((g) => chosenGoals.includes(g.id));
  const candidates = entries.filter((e) => selected.some((g) => e.content?.tags?.includes(g.competency)));
  const title = (e: OpenedEntry) => e.content?.title || t('reflection.journal.untitled');
  const download = useMutation({
    mutationFn: async () => {
      const { buildLearningPlanPdf } = await import('./learning-plan-pdf.js');
      const bytes = await buildLearningPlanPdf({
        title: t('reflection.plan.title'),
        subtitle: t('reflection.plan.pdf.subtitle', { date: formatDay(new Date().toISOString().slice(0, 10), 'long') }),
        labels: {
          goal: t('reflection.plan.pdf.goal'),
          activities: t('reflection.plan.pdf.activities'),
          targetDate: t('reflection.plan.pdf.targetDate'),
          status: t('reflection.plan.pdf.status'),
          reflections: t('reflection.plan.pdf.reflections'),
          noReflections: t('reflection.plan.pdf.noReflections'),
          page: t('reflection.plan.pdf.page', { page: '{{page}}', count: '{{count}}', interpolation: { skipOnVariables: true } }),
        },
        goals: selected.map((g) => ({
          competency: label(g.competency),
          goal: g.goal,
          activities: g.activities,
          targetDate: g.targetDate ? formatDay(g.targetDate, 'long') : null,
          status: t(`reflection.plan.statuses.${g.status}`),
          reflections: linkedTo(g, entries)
            .filter((e) => !leftOut.includes(e.id))
            .map((e) => ({
              title: title(e),
              date: formatDate(e.createdAt),
              text: withText === 'full' ? entryText(e, (s) => t(`reflection.journal.gibbs.${s}.label`)) : undefined,
            })),
        })),
      });
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'attune-learning-plan.pdf';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (selected.length === 0) {
      setError(t('reflection.plan.nothingChosen'));
      return;
    }
    setError(null);
    download.mutate();
  };
  return (
    <Section title={t('reflection.plan.exportTitle')}>
      <Text>{t('reflection.plan.exportIntro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={error ?? (download.isError ? errorText(download.error) : null)} />
          <Checkbox.Group label={t('reflection.plan.exportGoals')} value={chosenGoals} onChange={setChosenGoals}>
            <Stack gap="xs" mt="xs">
              {goals.map((g) => (
                <Checkbox key={g.id} value={g.id} size="md" label={`${label(g.competency)}: ${g.goal}`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Checkbox.Group
            label={t('reflection.plan.exportReflections')}
            value={candidates.map((e) => e.id).filter((id) => !leftOut.includes(id))}
            onChange={(kept) => setLeftOut(candidates.map((e) => e.id).filter((id) => !kept.includes(id)))}
          >
            <Stack gap="xs" mt="xs">
              {candidates.length === 0 && <Text size="sm">{t('reflection.plan.exportNoReflections')}</Text>}
              {candidates.map((e) => (
                <Checkbox key={e.id} value={e.id} size="md" label={`${title(e)} (${formatDate(e.createdAt)})`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Radio.Group label={t('reflection.plan.exportText')} value={withText} onChange={(v) => setWithText(v as 'full' | 'titles')}>
            <Stack gap="xs" mt="xs">
              <Radio value="titles" size="md" label={t('reflection.plan.textTitles')} />
              <Radio value="full" size="md" label={t('reflection.plan.textFull')} />
            </Stack>
          </Radio.Group>
          <Group>
            <Button type="submit" loading={download.isPending} h={44}>
              {t('reflection.plan.download')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function Plan({ dataKey }: { dataKey: JournalCryptoKey }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const label = useCompetencyLabel();
  const plan = useLearningPlan(dataKey);
  const entries = useOpenedEntries(dataKey);
  const save = useSavePlan(dataKey);
  // The goal being changed, kept whole: if another window removed it meanwhile, the form stays.
  const [editing, setEditing] = useState<Goal | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  // Which form the last save came from, so a refusal shows beside the words it concerns.
  const [action, setAction] = useState<'add' | 'edit' | 'remove'>('add');
  const [reloaded, setReloaded] = useState<'add' | 'edit' | 'remove' | null>(null);
  const refusal = useSaveRefusal(save, () => plan.refetch());
  // The forms stay on screen while the plan is fetched again (or that fails): their drafts live there.
  if (plan.data === undefined || entries.data === undefined) {
    if (plan.isError) return <LoadError error={plan.error} retry={() => void plan.refetch()} />;
    if (entries.isError) return <LoadError error={entries.error} retry={() => void entries.refetch()} />;
    return <Loading />;
  }
  const goals = plan.data.goals;
  const basedOn = plan.data.updatedAt;
  const { stale } = refusal;
  const saveError = refusal.error ? errorText(refusal.error) : null;
  const commit = (kind: typeof action, next: Goal[], onSuccess: () => void) => {
    setAction(kind);
    setReloaded(null);
    refusal.clearReloadError();
    save.mutate({ next: { goals: next }, basedOn }, { onSuccess });
  };
  const loadLatest = () => refusal.loadLatest(() => setReloaded(action));
  const conflictFor = (kind: typeof action): Conflict | null =>
    stale && action === kind ? { onLoadLatest: () => void loadLatest(), loading: plan.isFetching } : null;
  const noteFor = (kind: typeof action) => (reloaded === kind ? t('reflection.savedElsewhere.loaded') : null);
  // A goal removed in another window while being changed here is still shown with its form.
  const shown = editing && !goals.some((g) => g.id === editing.id) ? [...goals, editing] : goals;
  return (
    <>
      <Section title={t('reflection.plan.goalsTitle')}>
        {save.isSuccess && <Success>{t('reflection.plan.saved')}</Success>}
        {action === 'remove' && <FormError message={saveError} />}
        {conflictFor('remove') && (
          <SavedElsewhere message={t('reflection.savedElsewhere.plan')} onLoadLatest={() => void loadLatest()} loading={plan.isFetching} />
        )}
        {noteFor('remove') && <Success>{t('reflection.savedElsewhere.loadedRemove')}</Success>}
        {shown.length === 0 && <Text>{t('reflection.plan.noGoals')}</Text>}
        {shown.map((g) =>
          editing?.id === g.id ? (
            <GoalForm
              key={g.id}
              title={t('reflection.plan.editTitle')}
              initial={toDraft(g)}
              saving={save.isPending}
              error={action === 'edit' ? saveError : null}
              conflict={conflictFor('edit')}
              note={noteFor('edit')}
              onCancel={() => {
                setEditing(null);
                setReloaded(null);
                save.reset();
              }}
              onSave={(d) =>
                commit(
                  'edit',
                  goals.some((x) => x.id === g.id)
                    ? goals.map((x) => (x.id === g.id ? fromDraft(g.id, d) : x))
                    : [...goals, fromDraft(g.id, d)],
                  () => setEditing(null),
                )
              }
            />
          ) : (
            <Paper key={g.id} withBorder p="md" radius="md" component="article" aria-labelledby={`goal-${g.id}`}>
              <Stack gap="xs">
                <Text size="sm" fw={600} c="sage.9">
                  {label(g.competency)} · {t(`reflection.plan.statuses.${g.status}`)}
                  {g.targetDate ? ` · ${t('reflection.plan.target', { date: formatDay(g.targetDate, 'long') })}` : ''}
                </Text>
                <Title order={3} size="h4" id={`goal-${g.id}`} style={{ whiteSpace: 'pre-wrap' }}>
                  {g.goal}
                </Title>
                {g.activities && <Text style={{ whiteSpace: 'pre-wrap' }}>{g.activities}</Text>}
                <Text fw={600} size="sm">
                  {t('reflection.plan.linked', { area: label(g.competency) })}
                </Text>
                {linkedTo(g, entries.data).length === 0 ? (
                  <Text size="sm">{t('reflection.plan.noLinked')}</Text>
                ) : (
                  <Stack gap={2} component="ul" style={{ margin: 0, paddingLeft: 20 }}>
                    {linkedTo(g, entries.data).map((e) => (
                      <li key={e.id}>
                        <Text size="sm">
                          {e.content?.title || t('reflection.journal.untitled')} ({formatDate(e.createdAt)})
                        </Text>
                      </li>
                    ))}
                  </Stack>
                )}
                {confirming === g.id ? (
                  <Group>
                    <Text size="sm">{t('reflection.plan.removeConfirm')}</Text>
                    <Button
                      color="red"
                      loading={save.isPending}
                      onClick={() =>
                        commit(
                          'remove',
                          goals.filter((x) => x.id !== g.id),
                          () => setConfirming(null),
                        )
                      }
                    >
                      {t('common.yes')}
                    </Button>
                    <Button variant="default" onClick={() => setConfirming(null)}>
                      {t('common.no')}
                    </Button>
                  </Group>
                ) : (
                  <Group>
                    <Button variant="default" onClick={() => setEditing(g)} aria-label={t('reflection.plan.editFor', { goal: g.goal })}>
                      {t('reflection.plan.edit')}
                    </Button>
                    <Button
                      variant="default"
                      onClick={() => setConfirming(g.id)}
                      aria-label={t('reflection.plan.removeFor', { goal: g.goal })}
                    >
                      {t('reflection.plan.remove')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </Paper>
          ),
        )}
      </Section>
      <GoalForm
        key={formKey}
        title={t('reflection.plan.addTitle')}
        initial={emptyDraft}
        saving={save.isPending && action === 'add'}
        error={action === 'add' ? saveError : null}
        conflict={conflictFor('add')}
        note={noteFor('add')}
        onSave={(d) => commit('add', [...goals, fromDraft(crypto.randomUUID(), d)], () => setFormKey((k) => k + 1))}
      />
      {goals.length > 0 && <ExportPdf key={goals.map((g) => g.id).join()} goals={goals} entries={entries.data} />}
    </>
  );
}

/** Goals for quality assurance, sealed with the journal's key, with the reflections tagged for them. */
export default function LearningPlanPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const allowed = reflects(me);
  const keyState = useQuery({ queryKey: [...JOURNAL_KEY, 'key'], queryFn: reflectionApi.journalKey, enabled: allowed });
  const dataKey = unlockedJournalKey(me.user.id);
  if (!allowed) return <NotTreatingPage title={t('reflection.plan.title')} message={t('reflection.plan.notTreating')} />;
  const intro = (
    <Stack gap="xs" align="flex-start">
      <Text size="lg">{t('reflection.plan.intro')}</Text>
      <Anchor component={Link} to="/reflection/journal">
        {t('reflection.plan.journalLink')}
      </Anchor>
    </Stack>
  );
  const body = () => {
    if (keyState.isPending) return <Loading />;
    if (keyState.isError) return <LoadError error={keyState.error} retry={() => void keyState.refetch()} />;
    if (!keyState.data.key)
      return (
        <Section title={t('reflection.journal.setupTitle')}>
          <Text>{t('reflection.plan.noJournal')}</Text>
          <Anchor component={Link} to="/reflection/journal">
            {t('reflection.plan.noJournalLink')}
          </Anchor>
        </Section>
      );
    if (!dataKey)
      return (
        <Section title={t('reflection.journal.unlockTitle')}>
          <Text>{t('reflection.plan.locked')}</Text>
          <Anchor component={Link} to="/reflection/journal">
            {t('reflection.plan.lockedLink')}
          </Anchor>
        </Section>
      );
    return <Plan dataKey={dataKey} />;
  };
  return (
    <Page title={t('reflection.plan.title')} intro={intro}>
      {body()}
    </Page>
  );
}
