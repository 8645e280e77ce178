import { Alert, Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Clinical, type RelationshipData } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { isDate } from '../../lib/time.js';
import { formatDay } from '../../ui/format.js';
import { ListInput } from '../../ui/list-input.js';
import { FormError, Success } from '../../ui/notices.js';
import { Section } from '../../ui/section.js';
import { chartKey } from './keys.js';

function useRefreshChart(patientId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: chartKey(patientId) });
    void client.invalidateQueries({ queryKey: ['consent-status', patientId] });
  };
}

function Goals({ patientId, relationship }: { patientId: string; relationship: RelationshipData }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const refresh = useRefreshChart(patientId);
  const [goals, setGoals] = useState(relationship.patientGoals ?? '');
  const save = useMutation({
    mutationFn: () => api.updateRelationship(patientId, relationship.id, { patientGoals: goals.trim() }),
    onSuccess: refresh,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <Stack gap="xs">
        <Textarea
          label={t('care.goals')}
          description={t('care.goalsHint')}
          value={goals}
          onChange={(e) => setGoals(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <FormError message={save.isError ? errorText(save.error) : null} />
        {save.isSuccess && <Success>{t('care.goalsSaved')}</Success>}
        <Group>
          <Button type="submit" variant="default" loading={save.isPending}>
            {t('care.saveGoals')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PlanForm({ patientId, relationship, onDone }: { patientId: string; relationship: RelationshipData; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const refresh = useRefreshChart(patientId);
  const plan = relationship.plan;
  const [areas, setAreas] = useState<string[]>(plan?.areas ?? []);
  const [techniques, setTechniques] = useState<string[]>(plan?.techniques ?? []);
  const [frequency, setFrequency] = useState(plan?.frequency ?? '');
  const [reviewDate, setReviewDate] = useState(plan?.reviewDate ?? '');
  const [notes, setNotes] = useState(plan?.notes ?? '');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api.setPlan(patientId, relationship.id, { areas, techniques, frequency: frequency.trim(), reviewDate, notes: notes.trim() || null }),
    onSuccess: () => {
      refresh();
      onDone();
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['frequency', 'reviewDate', 'areas', 'techniques', 'notes']);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const errors: FieldErrors = {};
    if (!frequency.trim()) errors.frequency = t('care.frequencyRequired');
    if (!isDate(reviewDate)) errors.reviewDate = t('calendar.dateFormat');
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('care.planTitle')}>
      <Stack gap="md">
        <FormError message={formError} />
        <ListInput label={t('care.areas')} value={areas} onChange={setAreas} error={fieldErrors.areas} />
        <ListInput label={t('care.techniques')} value={techniques} onChange={setTechniques} error={fieldErrors.techniques} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('care.frequency')}
            description={t('care.frequencyHint')}
            value={frequency}
            error={fieldErrors.frequency}
            onChange={(e) => setFrequency(e.currentTarget.value)}
            required
          />
          <TextInput
            type="date"
            label={t('care.reviewDate')}
            value={reviewDate}
            error={fieldErrors.reviewDate}
            onChange={(e) => setReviewDate(e.currentTarget.value)}
            required
          />
        </SimpleGrid>
        <Textarea label={t('care.planNotes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('care.savePlan')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RelationshipCard({ patientId, relationship }: { patientId: string; relationship: RelationshipData }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const plan = relationship.plan;
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="md">
        <Group justify="space-between">
          <Text fw={600}>{t('care.with', { name: relationship.therapistName, date: formatDay(relationship.startedOn) })}</Text>
          <Badge variant="light" color="sage" tt="none" size="lg">
            {t(`care.status.${relationship.status}`)}
          </Badge>
        </Group>
        <Goals patientId={patientId} relationship={relationship} />
        <Title order={3} size="h4">
          {t('care.planTitle')}
        </Title>
        {relationship.planReviewDue && (
          <Alert color="yellow" variant="light" title={t('care.reviewDueTitle')}>
            {t('care.reviewDueBody')}
          </Alert>
        )}
        {editing ? (
          <PlanForm patientId={patientId} relationship={relationship} onDone={() => setEditing(false)} />
        ) : (
          <Stack gap="xs">
            {plan ? (
              <>
                <Text>
                  <strong>{t('care.areas')}:</strong> {plan.areas.join(', ') || '—'}
                </Text>
                <Text>
                  <strong>{t('care.techniques')}:</strong> {plan.techniques.join(', ') || '—'}
                </Text>
                <Text>
                  <strong>{t('care.frequency')}:</strong> {plan.frequency}
                </Text>
                <Text>
                  <strong>{t('care.reviewDate')}:</strong> {formatDay(plan.reviewDate)}
                </Text>
                {plan.notes && <Text>{plan.notes}</Text>}
              </>
            ) : (
              <Text size="sm">{t('care.noPlan')}</Text>
            )}
            <Group>
              <Button variant="default" onClick={() => setEditing(true)}>
                {plan ? t('care.changePlan') : t('care.writePlan')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

export function RelationshipSection({ patientId, clinical }: { patientId: string; clinical: Clinical }) {
  const { t } = useTranslation();
  return (
    <Section title={t('care.relationshipTitle')}>
      {clinical.relationships.length === 0 && <Text>{t('care.noRelationship')}</Text>}
      {clinical.relationships.map((r) => (
        <RelationshipCard key={r.id} patientId={patientId} relationship={r} />
      ))}
    </Section>
  );
}

const KINDS = ['pain', 'infirmity', 'disability', 'psycho_social', 'mental_health', 'other'] as const;
type Kind = (typeof KINDS)[number];

export function VulnerabilitySection({ patientId, clinical }: { patientId: string; clinical: Clinical }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const refresh = useRefreshChart(patientId);
  const empty = {
    kind: 'pain' as Kind,
    source: 'patient_reported' as 'patient_reported' | 'therapist_assessed',
    notedOn: new Date().toISOString().slice(0, 10),
    note: '',
    safeguard: '',
    audience: 'treating_therapist' as 'treating_therapist' | 'care_team',
  };
  const [form, setForm] = useState(empty);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      api.addVulnerability(patientId, { ...form, note: form.note.trim() || null, safeguard: form.safeguard.trim() || null }),
    onSuccess: () => {
      setForm(empty);
      refresh();
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['notedOn', 'note', 'safeguard']);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const end = useMutation({ mutationFn: (id: string) => api.endVulnerability(patientId, id), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!isDate(form.notedOn)) return setFieldErrors({ notedOn: t('calendar.dateFormat') });
    setFieldErrors({});
    add.mutate();
  };
  const active = clinical.vulnerability.filter((v) => v.active);
  const ended = clinical.vulnerability.filter((v) => !v.active);
  return (
    <Section title={t('care.vulnerabilityTitle')}>
      <Text size="sm">{t('care.vulnerabilityIntro')}</Text>
      {active.length === 0 && <Text size="sm">{t('care.noFactors')}</Text>}
      {active.map((v) => (
        <Paper key={v.id} withBorder p="sm" radius="md">
          <Group justify="space-between" align="flex-start">
            <Stack gap={2}>
              <Text fw={600}>{t(`care.kinds.${v.kind}`)}</Text>
              <Text size="sm">
                {t(`care.sources.${v.source}`)} · {formatDay(v.notedOn)} · {t(`care.audiences.${v.audience}`)}
              </Text>
              {v.note && <Text size="sm">{v.note}</Text>}
              {v.safeguard && <Text size="sm">{t('care.helps', { safeguard: v.safeguard })}</Text>}
            </Stack>
            {v.source !== 'derived' && (
              <Button
                variant="subtle"
                size="sm"
                loading={end.isPending && end.variables === v.id}
                onClick={() => end.mutate(v.id)}
                aria-label={t('care.endLabel', { kind: t(`care.kinds.${v.kind}`) })}
              >
                {t('care.end')}
              </Button>
            )}
          </Group>
        </Paper>
      ))}
      {ended.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('care.endedCount', { count: ended.length })}
        </Text>
      )}
      <FormError message={end.isError ? errorText(end.error) : null} />
      <Title order={3} size="h4">
        {t('care.addFactor')}
      </Title>
      <form onSubmit={submit} noValidate aria-label={t('care.addFactor')}>
        <Stack gap="md">
          <FormError message={formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('care.kind')}
              value={form.kind}
              onChange={(e) => setForm((f) => ({ ...f, kind: KINDS.find((k) => k === e.currentTarget.value) ?? 'other' }))}
              data={KINDS.map((k) => ({ value: k, label: t(`care.kinds.${k}`) }))}
            />
            <NativeSelect
              label={t('care.source')}
              value={form.source}
              onChange={(e) => {
                const v = e.currentTarget.value === 'therapist_assessed' ? 'therapist_assessed' : 'patient_reported';
                setForm((f) => ({ ...f, source: v }));
              }}
              data={[
                { value: 'patient_reported', label: t('care.sources.patient_reported') },
                { value: 'therapist_assessed', label: t('care.sources.therapist_assessed') },
              ]}
            />
            <TextInput
              type="date"
              label={t('care.notedOn')}
              value={form.notedOn}
              error={fieldErrors.notedOn}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setForm((f) => ({ ...f, notedOn: v }));
              }}
            />
            <NativeSelect
              label={t('care.audience')}
              value={form.audience}
              onChange={(e) => {
                const v = e.currentTarget.value === 'care_team' ? 'care_team' : 'treating_therapist';
                setForm((f) => ({ ...f, audience: v }));
              }}
              data={[
                { value: 'treating_therapist', label: t('care.audiences.treating_therapist') },
                { value: 'care_team', label: t('care.audiences.care_team') },
              ]}
            />
          </SimpleGrid>
          <Textarea
            label={t('care.note')}
            value={form.note}
            error={fieldErrors.note}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, note: v }));
            }}
            autosize
            minRows={2}
          />
          <TextInput
            label={t('care.safeguard')}
            description={t('care.safeguardHint')}
            value={form.safeguard}
            error={fieldErrors.safeguard}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, safeguard: v }));
            }}
          />
          <Group>
            <Button type="submit" variant="default" loading={add.isPending}>
              {t('care.addFactorSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
