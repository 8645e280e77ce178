import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type NoteData, type NoteFieldsData } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { formatDateTime } from '../../ui/format.js';
import { ListInput } from '../../ui/list-input.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { Safeguards } from '../../ui/safeguards.js';
import { Section } from '../../ui/section.js';
import { useChart } from '../patients/keys.js';

const TEXTS = ['subjective', 'objective', 'assessment', 'plan'] as const;
const EXTRA_TEXTS = ['patientResponse', 'homeCare'] as const;
const PRESSURES = ['light', 'moderate', 'firm', 'deep'] as const;
type Pressure = (typeof PRESSURES)[number];
type Draft = NoteFieldsData;

const noteKey = (patientId: string, noteId: string) => ['note', patientId, noteId] as const;

function painValue(v: number | string): number | null {
  return v === '' || v === null || Number.isNaN(Number(v)) ? null : Math.max(0, Math.min(10, Math.round(Number(v))));
}

/** The fields of a note, for writing a draft or an amendment. */
function NoteEditor({
  value,
  onChange,
  placeholders,
}: {
  value: Draft;
  onChange: (d: Draft) => void;
  placeholders: Partial<Record<string, string>>;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof Draft>(key: K, v: Draft[K]) => onChange({ ...value, [key]: v });
  return (
    <Stack gap="md">
      {TEXTS.map((k) => (
        <Textarea
          key={k}
          label={t(`notes.fields.${k}`)}
          placeholder={placeholders[k]}
          value={value[k]}
          onChange={(e) => set(k, e.currentTarget.value)}
          autosize
          minRows={3}
        />
      ))}
      <ListInput
        label={t('notes.fields.areasTreated')}
        description={t('notes.areasHint')}
        value={value.areasTreated}
        onChange={(v) => set('areasTreated', v)}
        max={40}
      />
      <ListInput label={t('notes.fields.techniques')} value={value.techniques} onChange={(v) => set('techniques', v)} max={40} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t('notes.fields.pressure')}
          value={value.pressure ?? ''}
          onChange={(e) => set('pressure', PRESSURES.find((p) => p === e.currentTarget.value) ?? null)}
          data={[
            { value: '', label: t('notes.notRecorded') },
            ...PRESSURES.map((p: Pressure) => ({ value: p, label: t(`notes.pressures.${p}`) })),
          ]}
        />
        <NumberInput
          label={t('notes.fields.painBefore')}
          description={t('notes.painHint')}
          value={value.painBefore ?? ''}
          min={0}
          max={10}
          allowDecimal={false}
          clampBehavior="strict"
          onChange={(v) => set('painBefore', painValue(v))}
          size="md"
        />
        <NumberInput
          label={t('notes.fields.painAfter')}
          description={t('notes.painHint')}
          value={value.painAfter ?? ''}
          min={0}
          max={10}
          allowDecimal={false}
          clampBehavior="strict"
          onChange={(v) => set('painAfter', painValue(v))}
          size="md"
        />
      </SimpleGrid>
      {EXTRA_TEXTS.map((k) => (
        <Textarea
          key={k}
          label={t(`notes.fields.${k}`)}
          value={value[k]}
          onChange={(e) => set(k, e.currentTarget.value)}
          autosize
          minRows={2}
        />
      ))}
    </Stack>
  );
}

function show(
  t: (k: 'notes.notRecorded') => string,
  field: keyof Draft,
  v: Draft[keyof Draft],
  pressureLabel: (p: Pressure) => string,
): string {
  if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) return t('notes.notRecorded');
  if (Array.isArray(v)) return v.join(', ');
  if (field === 'pressure') return pressureLabel(v as Pressure);
  return String(v);
}

const ORDER: (keyof Draft)[] = [
  'subjective',
  'objective',
  'assessment',
  'plan',
  'areasTreated',
  'techniques',
  'pressure',
  'painBefore',
  'painAfter',
  'patientResponse',
  'homeCare',
];

function SignedNote({ note }: { note: NoteData }) {
  const { t } = useTranslation();
  const amended = new Set(note.amendments.flatMap((a) => Object.keys(a.changes)));
  const pressureLabel = (p: Pressure) => t(`notes.pressures.${p}`);
  return (
    <Stack gap="md">
      <Stack gap="sm" component="dl" m={0}>
        {ORDER.map((k) => (
          <Stack key={k} gap={2}>
            <Text component="dt" fw={600}>
              {t(`notes.fields.${k}`)}
            </Text>
            <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }} data-field={k}>
              {show(t, k, note.current[k], pressureLabel)}
            </Text>
            {amended.has(k) && (
              <Text component="dd" m={0} size="sm" c="dimmed" data-original={k}>
                {t('notes.originally', { value: show(t, k, note.original[k], pressureLabel) })}
              </Text>
            )}
          </Stack>
        ))}
      </Stack>
      {note.amendments.length > 0 && (
        <Stack gap="xs" component="section" aria-labelledby="amendments-heading">
          <Title order={3} size="h4" id="amendments-heading">
            {t('notes.amendments')}
          </Title>
          {note.amendments.map((a) => (
            <Paper key={a.id} withBorder p="sm" radius="md">
              <Text fw={600}>{t('notes.amendedBy', { name: a.amendedByName, when: formatDateTime(a.amendedAt) })}</Text>
              <Text size="sm">{t('notes.because', { reason: a.reason })}</Text>
              <Text size="sm">
                {t('notes.changed', {
                  fields: Object.keys(a.changes)
                    .map((k) => t(`notes.fields.${k as keyof Draft}`))
                    .join(', '),
                })}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function fieldsOnly(f: NoteFieldsData): Draft {
  return { ...f, areasTreated: [...f.areasTreated], techniques: [...f.techniques] };
}

function DraftNote({ note, placeholders }: { note: NoteData; placeholders: Partial<Record<string, string>> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => fieldsOnly(note.current));
  const [saved, setSaved] = useState(false);
  const key = noteKey(note.patientId, note.id);
  const save = useMutation({
    mutationFn: () => api.updateNote(note.patientId, note.id, draft),
    onMutate: () => setSaved(false),
    onSuccess: (fresh) => {
      client.setQueryData(key, fresh);
      setSaved(true);
    },
  });
  const sign = useMutation({
    mutationFn: async () => {
      await api.updateNote(note.patientId, note.id, draft);
      return api.signNote(note.patientId, note.id);
    },
    onSuccess: (fresh) => {
      client.setQueryData(key, fresh);
      void client.invalidateQueries({ queryKey: ['notes', note.patientId] });
      void client.invalidateQueries({ queryKey: ['measures', note.patientId] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const error = sign.isError ? sign.error : save.isError ? save.error : null;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <NoteEditor value={draft} onChange={setDraft} placeholders={placeholders} />
        {saved && !sign.isError && <Success>{t('notes.draftSaved')}</Success>}
        <FormError message={error ? errorText(error) : null} />
        <Text size="sm">{t('notes.signHint')}</Text>
        <Group>
          <Button type="submit" variant="default" loading={save.isPending}>
            {t('notes.saveDraft')}
          </Button>
          <Button onClick={() => sign.mutate()} loading={sign.isPending}>
            {t('notes.sign')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AmendForm({ note, onDone }: { note: NoteData; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => fieldsOnly(note.current));
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const amend = useMutation({
    mutationFn: () => api.amendNote(note.patientId, note.id, { ...draft, reason: reason.trim() }),
    onSuccess: (fresh) => {
      client.setQueryData(noteKey(note.patientId, note.id), fresh);
      void client.invalidateQueries({ queryKey: ['measures', note.patientId] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setReasonError(t('notes.reasonRequired'));
    setReasonError(undefined);
    amend.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('notes.amendTitle')}>
      <Stack gap="md">
        <Title order={3} size="h4">
          {t('notes.amendTitle')}
        </Title>
        <Text size="sm">{t('notes.amendIntro')}</Text>
        <NoteEditor value={draft} onChange={setDraft} placeholders={{}} />
        <Textarea
          label={t('notes.reason')}
          description={t('notes.reasonHint')}
          value={reason}
          error={reasonError}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          required
        />
        <FormError message={amend.isError ? errorText(amend.error) : null} />
        <Group>
          <Button type="submit" loading={amend.isPending}>
            {t('notes.amendSubmit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type TemplateOption = { id: string; name: string; active: boolean };

/** Which template's prompts a draft follows: the built-in one or one the clinic offers. */
function TemplateChoice({ note, templates }: { note: NoteData; templates: TemplateOption[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const choose = useMutation({
    mutationFn: (templateId: string) => api.updateNote(note.patientId, note.id, { templateId }),
    onSuccess: (fresh) => client.setQueryData(noteKey(note.patientId, note.id), fresh),
  });
  const options = templates.filter((x) => x.active || x.id === note.templateId);
  if (options.length < 2) return null;
  return (
    <Stack gap={4} maw={360}>
      <NativeSelect
        label={t('noteTemplates.choose')}
        description={t('noteTemplates.chooseHint')}
        value={note.templateId ?? options[0]?.id ?? ''}
        disabled={choose.isPending}
        onChange={(e) => choose.mutate(e.currentTarget.value)}
        data={options.map((x) => ({ value: x.id, label: x.name }))}
      />
      <FormError message={choose.isError ? errorText(choose.error) : null} />
    </Stack>
  );
}

function NotAvailable() {
  const { t } = useTranslation();
  return (
    <Page title={t('notes.notAvailableTitle')}>
      <Text>{t('notes.notAvailableBody')}</Text>
      <Anchor component={Link} to="/">
        {t('notFound.home')}
      </Anchor>
    </Page>
  );
}

export default function NotePage() {
  const { t } = useTranslation();
  const { patientId = '', noteId = '' } = useParams();
  const note = useQuery({ queryKey: noteKey(patientId, noteId), queryFn: () => api.note(patientId, noteId) });
  const templates = useQuery({
    queryKey: ['note-templates'],
    queryFn: api.noteTemplates,
    enabled: note.data?.status === 'draft',
    staleTime: 300_000,
  });
  const chart = useChart(patientId);
  const [amending, setAmending] = useState(false);
  if (note.isPending) return <Loading />;
  if (note.isError) {
    const status = (note.error as { status?: number }).status;
    if (status === 403 || status === 404) return <NotAvailable />;
    return <LoadError error={note.error} retry={() => void note.refetch()} />;
  }
  const n = note.data;
  const name = chart.data
    ? `${chart.data.patient.preferredName ?? chart.data.patient.legalFirstName} ${chart.data.patient.legalLastName}`
    : '';
  const template = templates.data?.templates.find((x) => x.id === n.templateId) ?? templates.data?.templates[0];
  const placeholders = template
    ? { subjective: template.subjective, objective: template.objective, assessment: template.assessment, plan: template.plan }
    : {};
  const signed = n.status === 'signed';
  return (
    <Page
      title={signed ? t('notes.signedTitle', { name }) : t('notes.draftTitle', { name })}
      intro={
        <Group gap="sm">
          <Badge variant="light" color={signed ? 'sage' : 'yellow'} tt="none" size="lg">
            {t(`notes.status.${n.status}`)}
          </Badge>
          {n.signedAt && <Text size="sm">{t('notes.signedAt', { when: formatDateTime(n.signedAt) })}</Text>}
          <Anchor component={Link} to={`/patients/${patientId}`}>
            {t('notes.backToChart')}
          </Anchor>
        </Group>
      }
    >
      {chart.data?.clinical && <Safeguards items={chart.data.clinical.safeguards} name={name} />}
      {signed && !amending && n.amendments.length === 0 && (
        <Alert color="sage" variant="light">
          {t('notes.lockedNotice')}
        </Alert>
      )}
      <Section title={t('notes.contentTitle')}>
        {signed ? (
          <Stack gap="lg">
            <SignedNote note={n} />
            {amending ? (
              <AmendForm note={n} onDone={() => setAmending(false)} />
            ) : (
              <Group>
                <Button variant="default" onClick={() => setAmending(true)}>
                  {t('notes.amend')}
                </Button>
              </Group>
            )}
          </Stack>
        ) : (
          <Stack gap="md">
            {templates.data && <TemplateChoice note={n} templates={templates.data.templates} />}
            <DraftNote key={n.id} note={n} placeholders={placeholders} />
          </Stack>
        )}
      </Section>
    </Page>
  );
}
