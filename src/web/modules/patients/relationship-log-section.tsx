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
import { formatDay } from '../../ui/format.js';
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
const money = (cents: number) => (cents / 100).toLocaleString(undefined, { style: 'currency', currency: 'CAD' });
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

function GiftForm({ patientId, onSaved }: { patientId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const empty = {
    givenOn: today(),
    direction: 'from_patient' as Infer<typeof GiftDirection>,
    description: '',
    value: '',
    outcome: 'accepted' as Infer<typeof GiftOutcome>,
    note: '',
  };
  const [form, setForm] = useState(empty);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      logApi.addGift(patientId, {
        givenOn: form.givenOn,
        direction: form.direction,
        description: form.description.trim(),
        approxValueCents: toCents(form.value) ?? null,
        outcome: form.outcome,
        note: form.note.trim() || null,
      }),
    onSuccess: () => {
      setForm(empty);
      onSaved();
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['givenOn', 'description', 'approxValueCents', 'note']);
      setFieldErrors({ ...split.fieldErrors, value: split.fieldErrors.approxValueCents });
      setFormError(split.formError);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const errors: FieldErrors = {};
    if (!isDate(form.givenOn)) errors.givenOn = t('calendar.dateFormat');
    if (!form.description.trim()) errors.description = t('relationshipLog.descriptionRequired');
    if (toCents(form.value) === undefined) errors.value = t('relationshipLog.valueInvalid');
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) add.mutate();
  };
  const set = (key: 'givenOn' | 'description' | 'value' | 'note') => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('relationshipLog.addGift')}>
      <Stack gap="md">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('relationshipLog.givenOn')}
            value={form.givenOn}
            error={fieldErrors.givenOn}
            onChange={set('givenOn')}
          />
          <NativeSelect
            label={t('relationshipLog.direction')}
            value={form.direction}
            onChange={(e) => {
              const v = GiftDirection.catch('from_patient').parse(e.currentTarget.value);
              setForm((f) => ({ ...f, direction: v }));
            }}
            data={GiftDirection.options.map((d) => ({ value: d, label: t(`relationshipLog.giftDirections.${d}`) }))}
          />
          <TextInput
            label={t('relationshipLog.description')}
            value={form.description}
            maxLength={200}
            error={fieldErrors.description}
            onChange={set('description')}
            required
          />
          <TextInput
            label={t('relationshipLog.value')}
            description={t('relationshipLog.valueHint')}
            inputMode="decimal"
            value={form.value}
            error={fieldErrors.value}
            onChange={set('value')}
          />
          <NativeSelect
            label={t('relationshipLog.outcome')}
            value={form.outcome}
            onChange={(e) => {
              const v = GiftOutcome.catch('accepted').parse(e.currentTarget.value);
              setForm((f) => ({ ...f, outcome: v }));
            }}
            data={GiftOutcome.options.map((o) => ({ value: o, label: t(`relationshipLog.outcomes.${o}`) }))}
          />
        </SimpleGrid>
        <Textarea
          label={t('relationshipLog.note')}
          description={t('relationshipLog.noteHint')}
          value={form.note}
          error={fieldErrors.note}
          autosize
          minRows={2}
          onChange={set('note')}
        />
        <Group>
          <Button type="submit" variant="default" loading={add.isPending}>
            {t('relationshipLog.addGift')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ContactForm({ patientId, onSaved }: { patientId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const empty = {
    contactOn: today(),
    channel: 'text_message' as Infer<typeof ContactChannel>,
    direction: 'from_patient' as Infer<typeof ContactDirection>,
    initiatedBy: 'patient' as Infer<typeof ContactInitiator>,
    note: '',
  };
  const [form, setForm] = useState(empty);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () => logApi.addContact(patientId, { ...form, note: form.note.trim() || null }),
    onSuccess: () => {
      setForm(empty);
      onSaved();
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['contactOn', 'note']);
      setFieldErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!isDate(form.contactOn)) return setFieldErrors({ contactOn: t('calendar.dateFormat') });
    setFieldErrors({});
    add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('relationshipLog.addContact')}>
      <Stack gap="md">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('relationshipLog.contactOn')}
            value={form.contactOn}
            error={fieldErrors.contactOn}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setForm((f) => ({ ...f, contactOn: v }));
            }}
          />
          <NativeSelect
            label={t('relationshipLog.channel')}
            value={form.channel}
            onChange={(e) => {
              const v = ContactChannel.catch('other').parse(e.currentTarget.value);
              setForm((f) => ({ ...f, channel: v }));
            }}
            data={ContactChannel.options.map((c) => ({ value: c, label: t(`relationshipLog.channels.${c}`) }))}
          />
          <NativeSelect
            label={t('relationshipLog.direction')}
            value={form.direction}
            onChange={(e) => {
              const v = ContactDirection.catch('from_patient').parse(e.currentTarget.value);
              setForm((f) => ({ ...f, direction: v }));
            }}
            data={ContactDirection.options.map((d) => ({ value: d, label: t(`relationshipLog.contactDirections.${d}`) }))}
          />
          <NativeSelect
            label={t('relationshipLog.initiatedBy')}
            value={form.initiatedBy}
            onChange={(e) => {
              const v = ContactInitiator.catch('patient').parse(e.currentTarget.value);
              setForm((f) => ({ ...f, initiatedBy: v }));
            }}
            data={ContactInitiator.options.map((i) => ({ value: i, label: t(`relationshipLog.initiators.${i}`) }))}
          />
        </SimpleGrid>
        <Textarea
          label={t('relationshipLog.note')}
          description={t('relationshipLog.noteHint')}
          value={form.note}
          error={fieldErrors.note}
          autosize
          minRows={2}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setForm((f) => ({ ...f, note: v }));
          }}
        />
        <Group>
          <Button type="submit" variant="default" loading={add.isPending}>
            {t('relationshipLog.addContact')}
          </Button>
        </Group>
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
                ...(g.approxValueCents !== null ? [money(g.approxValueCents)] : []),
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
