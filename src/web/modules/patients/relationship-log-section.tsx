import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, ContactInput, Gift, GiftInput, RelationshipLog } from '../../../shared/patients/relationship-log.js';
import {
  ContactChannel,
  ContactDirection,
  ContactInitiator,
  GiftDirection,
  GiftOutcome,
} from '../../../shared/patients/relationship-log.js';
import { get, type Infer, type Input, type Ok, post, seg } from '../../lib/api.js';
import { type FieldErrors, splitError, useErrorText } from '../../lib/errors.js';
import { isDate } from '../../lib/time.js';
import { formatDay, formatMoney } from '../../ui/format.js';
import { FormError, LoadError, Loading } from '../../ui/notices.js';
import { ReasonDialog } from '../../ui/reason-dialog.js';
import { Section } from '../../ui/section.js';

type LogData = Infer<typeof RelationshipLog>;
type GiftData = Infer<typeof Gift>;
type ContactData = Infer<typeof Contact>;
type EntryKind = 'gift' | 'contact';

const logApi = {
  log: (patientId: string) => get<LogData>(`/api/patients/${seg(patientId)}/relationship-log`),
  addGift: (patientId: string, body: Input<typeof GiftInput>) => post<GiftData>(`/api/patients/${seg(patientId)}/gifts`, body),
  addContact: (patientId: string, body: Input<typeof ContactInput>) => post<ContactData>(`/api/patients/${seg(patientId)}/contacts`, body),
  markInError: (patientId: string, kind: EntryKind, id: string, reason: string) =>
    post<Ok>(`/api/patients/${seg(patientId)}/${kind}s/${seg(id)}/entered-in-error`, { reason }),
};

const logKey = (patientId: string) => ['patient', patientId, 'relationship-log'] as const;
const today = () => new Date().toISOString().slice(0, 10);
/** "25", "12.50" or "12,50" → cents; empty → null; anything else → undefined (invalid). */
function toCents(v: string): number | null | undefined {
  const s = v.trim().replace(',', '.');
  if (!s) return null;
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(s)) return undefined;
  return Math.round(Number(s) * 100);
}

function EntryCard(props: {
  heading: string;
  details: string[];
  note: string | null;
  date: string;
  loggedBy: GiftData['loggedBy'];
  enteredInError: GiftData['enteredInError'];
  onMark: () => void;
}) {
  const { t } = useTranslation();
  const inError = props.enteredInError;
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-label={`${formatDay(props.date)}: ${props.heading}`}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2} style={{ flex: 1, minWidth: 220 }}>
          <Text fw={600} td={inError ? 'line-through' : undefined}>
            {formatDay(props.date)} · {props.heading}
          </Text>
          <Text size="sm">{[...props.details, t('relationshipLog.loggedBy', { name: props.loggedBy.name })].join(' · ')}</Text>
          {props.note && <Text size="sm">{props.note}</Text>}
          {inError && (
            <Text size="sm" c="red.9">
              {t('relationshipLog.enteredInError', { reason: inError.reason })}
            </Text>
          )}
        </Stack>
        {!inError && props.loggedBy.isYou && (
          <Button
            variant="subtle"
            size="sm"
            onClick={props.onMark}
            aria-label={t('relationshipLog.markInErrorLabel', { date: formatDay(props.date) })}
          >
            {t('relationshipLog.markInError')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** A select over one of the contract's enums, labelled by `relationshipLog.<labels>.<value>`. */
function EnumSelect<V extends string>(props: {
  label: string;
  value: V;
  options: readonly V[];
  labels: 'giftDirections' | 'outcomes' | 'channels' | 'contactDirections' | 'initiators';
  onChange: (value: V) => void;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={props.label}
      value={props.value}
      onChange={(e) => {
        const chosen = props.options.find((o) => o === e.currentTarget.value);
        if (chosen) props.onChange(chosen);
      }}
      data={props.options.map((o) => ({
        value: o,
        label: t(`relationshipLog.${props.labels}.${o}` as 'relationshipLog.outcomes.accepted'),
      }))}
    />
  );
}

/**
 * What both log forms share: the form's values, a setter per field, checks in the page before
 * sending, the server's refusal split between fields and the form, and a reset once saved.
 */
function useLogForm<F extends { note: string }>(opts: {
  empty: () => F;
  check: (form: F) => FieldErrors;
  send: (form: F) => Promise<unknown>;
  serverFields: readonly string[];
  onSaved: () => void;
}) {
  const errorText = useErrorText();
  const [form, setForm] = useState(opts.empty);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => opts.send(form),
    onSuccess: () => {
      setForm(opts.empty());
      opts.onSaved();
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), opts.serverFields);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const set =
    <K extends keyof F>(key: K) =>
    (value: F[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  const text = (key: { [K in keyof F]: F[K] extends string ? K : never }[keyof F]) => (e: { currentTarget: { value: string } }) =>
    set(key)(e.currentTarget.value as F[typeof key]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const errors = opts.check(form);
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) add.mutate();
  };
  return { form, set, text, fieldErrors, formError, submit, pending: add.isPending };
}

function NoteAndSubmit(props: {
  value: string;
  error: string | undefined;
  onChange: (e: { currentTarget: { value: string } }) => void;
  pending: boolean;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Textarea
        label={t('relationshipLog.note')}
        description={t('relationshipLog.noteHint')}
        value={props.value}
        error={props.error}
        autosize
        minRows={2}
        onChange={props.onChange}
      />
      <Group>
        <Button type="submit" variant="default" loading={props.pending}>
          {props.submitLabel}
        </Button>
      </Group>
    </>
  );
}

function GiftForm({ patientId, onSaved }: { patientId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const f = useLogForm({
    empty: () => ({
      givenOn: today(),
      direction: 'from_patient' as Infer<typeof GiftDirection>,
      description: '',
      value: '',
      outcome: 'accepted' as Infer<typeof GiftOutcome>,
      note: '',
    }),
    check: (form) => {
      const errors: FieldErrors = {};
      if (!isDate(form.givenOn)) errors.givenOn = t('calendar.dateFormat');
      if (!form.description.trim()) errors.description = t('relationshipLog.descriptionRequired');
      if (toCents(form.value) === undefined) errors.value = t('relationshipLog.valueInvalid');
      return errors;
    },
    send: (form) =>
      logApi.addGift(patientId, {
        givenOn: form.givenOn,
        direction: form.direction,
        description: form.description.trim(),
        approxValueCents: toCents(form.value) ?? null,
        outcome: form.outcome,
        note: form.note.trim() || null,
      }),
    serverFields: ['givenOn', 'description', 'approxValueCents', 'note'],
    onSaved,
  });
  return (
    <form onSubmit={f.submit} noValidate aria-label={t('relationshipLog.addGift')}>
      <Stack gap="md">
        <FormError message={f.formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('relationshipLog.givenOn')}
            value={f.form.givenOn}
            error={f.fieldErrors.givenOn}
            onChange={f.text('givenOn')}
          />
          <EnumSelect
            label={t('relationshipLog.direction')}
            value={f.form.direction}
            options={GiftDirection.options}
            labels="giftDirections"
            onChange={f.set('direction')}
          />
          <TextInput
            label={t('relationshipLog.description')}
            value={f.form.description}
            maxLength={200}
            error={f.fieldErrors.description}
            onChange={f.text('description')}
            required
          />
          <TextInput
            label={t('relationshipLog.value')}
            description={t('relationshipLog.valueHint')}
            inputMode="decimal"
            value={f.form.value}
            error={f.fieldErrors.value ?? f.fieldErrors.approxValueCents}
            onChange={f.text('value')}
          />
          <EnumSelect
            label={t('relationshipLog.outcome')}
            value={f.form.outcome}
            options={GiftOutcome.options}
            labels="outcomes"
            onChange={f.set('outcome')}
          />
        </SimpleGrid>
        <NoteAndSubmit
          value={f.form.note}
          error={f.fieldErrors.note}
          onChange={f.text('note')}
          pending={f.pending}
          submitLabel={t('relationshipLog.addGift')}
        />
      </Stack>
    </form>
  );
}

function ContactForm({ patientId, onSaved }: { patientId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const f = useLogForm({
    empty: () => ({
      contactOn: today(),
      channel: 'text_message' as Infer<typeof ContactChannel>,
      direction: 'from_patient' as Infer<typeof ContactDirection>,
      initiatedBy: 'patient' as Infer<typeof ContactInitiator>,
      note: '',
    }),
    check: (form): FieldErrors => (isDate(form.contactOn) ? {} : { contactOn: t('calendar.dateFormat') }),
    send: (form) => logApi.addContact(patientId, { ...form, note: form.note.trim() || null }),
    serverFields: ['contactOn', 'note'],
    onSaved,
  });
  return (
    <form onSubmit={f.submit} noValidate aria-label={t('relationshipLog.addContact')}>
      <Stack gap="md">
        <FormError message={f.formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('relationshipLog.contactOn')}
            value={f.form.contactOn}
            error={f.fieldErrors.contactOn}
            onChange={f.text('contactOn')}
          />
          <EnumSelect
            label={t('relationshipLog.channel')}
            value={f.form.channel}
            options={ContactChannel.options}
            labels="channels"
            onChange={f.set('channel')}
          />
          <EnumSelect
            label={t('relationshipLog.direction')}
            value={f.form.direction}
            options={ContactDirection.options}
            labels="contactDirections"
            onChange={f.set('direction')}
          />
          <EnumSelect
            label={t('relationshipLog.initiatedBy')}
            value={f.form.initiatedBy}
            options={ContactInitiator.options}
            labels="initiators"
            onChange={f.set('initiatedBy')}
          />
        </SimpleGrid>
        <NoteAndSubmit
          value={f.form.note}
          error={f.fieldErrors.note}
          onChange={f.text('note')}
          pending={f.pending}
          submitLabel={t('relationshipLog.addContact')}
        />
      </Stack>
    </form>
  );
}

/**
 * Gifts and contact outside the clinic's channels, on the chart, for the treating therapist only
 * (the server refuses everyone else). Mount it with the other clinical sections.
 */
export function RelationshipLogSection({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const log = useQuery({ queryKey: logKey(patientId), queryFn: () => logApi.log(patientId) });
  const [marking, setMarking] = useState<{ kind: EntryKind; id: string } | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: logKey(patientId) });
    void client.invalidateQueries({ queryKey: ['reflection', 'signals'] });
  };
  const mark = useMutation({
    mutationFn: (reason: string) => {
      if (!marking) throw new Error('nothing to mark');
      return logApi.markInError(patientId, marking.kind, marking.id, reason);
    },
    onSuccess: () => {
      setMarking(null);
      refresh();
    },
  });
  return (
    <Section title={t('relationshipLog.title')}>
      <Text size="sm">{t('relationshipLog.intro')}</Text>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <LoadError error={log.error} retry={() => void log.refetch()} />
      ) : (
        <>
          <Title order={3} size="h4">
            {t('relationshipLog.giftsTitle')}
          </Title>
          {log.data.gifts.length === 0 && <Text size="sm">{t('relationshipLog.noGifts')}</Text>}
          {log.data.gifts.map((g) => (
            <EntryCard
              key={g.id}
              date={g.givenOn}
              heading={g.description}
              details={[
                t(`relationshipLog.giftDirections.${g.direction}`),
                t(`relationshipLog.outcomes.${g.outcome}`),
                ...(g.approxValueCents !== null ? [formatMoney(g.approxValueCents)] : []),
              ]}
              note={g.note}
              loggedBy={g.loggedBy}
              enteredInError={g.enteredInError}
              onMark={() => setMarking({ kind: 'gift', id: g.id })}
            />
          ))}
          <GiftForm patientId={patientId} onSaved={refresh} />
          <Title order={3} size="h4">
            {t('relationshipLog.contactsTitle')}
          </Title>
          {log.data.contacts.length === 0 && <Text size="sm">{t('relationshipLog.noContacts')}</Text>}
          {log.data.contacts.map((c) => (
            <EntryCard
              key={c.id}
              date={c.contactOn}
              heading={t(`relationshipLog.channels.${c.channel}`)}
              details={[
                t(`relationshipLog.contactDirections.${c.direction}`),
                `${t('relationshipLog.initiatedBy')}: ${t(`relationshipLog.initiators.${c.initiatedBy}`)}`,
              ]}
              note={c.note}
              loggedBy={c.loggedBy}
              enteredInError={c.enteredInError}
              onMark={() => setMarking({ kind: 'contact', id: c.id })}
            />
          ))}
          <ContactForm patientId={patientId} onSaved={refresh} />
        </>
      )}
      {marking && (
        <ReasonDialog
          title={t('relationshipLog.markTitle')}
          body={t('relationshipLog.markBody')}
          label={t('relationshipLog.markReason')}
          requiredMessage={t('relationshipLog.markRequired')}
          keepLabel={t('relationshipLog.markKeep')}
          submitLabel={t('relationshipLog.markSubmit')}
          pending={mark.isPending}
          serverError={mark.isError ? errorText(mark.error) : null}
          onSubmit={(reason) => mark.mutate(reason)}
          onClose={() => {
            setMarking(null);
            mark.reset();
          }}
        />
      )}
    </Section>
  );
}
