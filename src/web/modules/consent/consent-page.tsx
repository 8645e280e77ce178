import { Alert, Anchor, Badge, Button, Checkbox, Group, NativeSelect, Radio, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ConsentType } from '../../../shared/consent/contract.js';
import { api, type Chart, type ConsentData, type SensitiveArea } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { useSignedInMe } from '../../lib/session.js';
import { addDays, todayIn } from '../../lib/time.js';
import { formatDateTime, formatDay, formatWallTime } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { ReasonDialog } from '../../ui/reason-dialog.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';
import { SCHEDULING_KEY, useSchedulingSettings } from '../calendar/keys.js';
import { chartKey, useChart } from '../patients/keys.js';
import { ConsentNotices, consentStatusKey } from './consent-notices.js';
import { SignaturePad } from './signature-pad.js';

const TYPES: ConsentType[] = ['treatment', 'treatment_plan', 'sensitive_area', 'locum_coverage', 'feedback', 'deidentified_consultation'];
const AREAS: SensitiveArea[] = ['chest_wall', 'breast', 'upper_inner_thigh', 'gluteal'];

/** The patient's upcoming appointments with this therapist (this week and the next two). */
function useUpcoming(patientId: string) {
  const me = useSignedInMe();
  const settings = useSchedulingSettings();
  const tz = settings.data?.timeZone;
  const today = tz ? todayIn(tz) : '';
  return useQuery({
    queryKey: [...SCHEDULING_KEY, 'upcoming', patientId, today],
    enabled: Boolean(tz),
    queryFn: async () => {
      const weeks = await Promise.all([0, 7, 14].map((d) => api.week(addDays(today, d), me.user.id)));
      return weeks
        .flatMap((w) => w.days.flatMap((d) => d.appointments))
        .filter((a) => a.patientId === patientId && (a.status === 'booked' || a.status === 'arrived') && a.localDate >= today);
    },
  });
}

function RecordForm({ chart, initialAppointment }: { chart: Chart; initialAppointment: string | null }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const patient = chart.patient;
  const upcoming = useUpcoming(patient.id);
  const plans = (chart.clinical?.relationships ?? []).flatMap((r) => (r.plan ? [r.plan] : []));
  const [type, setType] = useState<ConsentType>(initialAppointment ? 'sensitive_area' : 'treatment');
  const [givenBy, setGivenBy] = useState(
    patient.needsSubstituteDecisionMaker && patient.substituteDecisionMakers[0] ? patient.substituteDecisionMakers[0].id : 'patient',
  );
  const [method, setMethod] = useState<'written' | 'verbal'>('written');
  const [signature, setSignature] = useState<string | null>(null);
  const [padKey, setPadKey] = useState(0);
  const [attested, setAttested] = useState(false);
  const [areas, setAreas] = useState<SensitiveArea[]>([]);
  const [appointmentId, setAppointmentId] = useState(initialAppointment ?? '');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const chosenAppointment = appointmentId || upcoming.data?.[0]?.id || '';
  const record = useMutation({
    mutationFn: () =>
      api.recordConsent(patient.id, {
        type,
        givenBy: givenBy === 'patient' ? { kind: 'patient' } : { kind: 'substitute', substituteDecisionMakerId: givenBy },
        method,
        ...(method === 'written' && signature ? { signature } : {}),
        ...(method === 'verbal' ? { attested } : {}),
        ...(type === 'sensitive_area' ? { areas, appointmentId: chosenAppointment } : {}),
        ...(type === 'treatment_plan' && plans[0] ? { planId: plans[0].id } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      }),
    onSuccess: () => {
      setDone(t('consent.recorded'));
      setSignature(null);
      setPadKey((k) => k + 1);
      setAttested(false);
      setAreas([]);
      setNotes('');
      void client.invalidateQueries({ queryKey: ['consents', patient.id] });
      void client.invalidateQueries({ queryKey: ['consent-status', patient.id] });
      void client.invalidateQueries({ queryKey: chartKey(patient.id) });
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['signature', 'attested', 'areas', 'appointmentId', 'givenBy', 'notes'], {
        substituteDecisionMakerId: 'givenBy',
        'givenBy.substituteDecisionMakerId': 'givenBy',
      });
      setErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    setFormError(null);
    const next: Record<string, string | undefined> = {
      signature: method === 'written' && !signature ? t('consent.signatureRequired') : undefined,
      attested: method === 'verbal' && !attested ? t('consent.attestRequired') : undefined,
      areas: type === 'sensitive_area' && areas.length === 0 ? t('consent.areasRequired') : undefined,
      appointmentId: type === 'sensitive_area' && !chosenAppointment ? t('consent.appointmentRequired') : undefined,
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    record.mutate();
  };
  const signer =
    givenBy === 'patient'
      ? (patient.preferredName ?? patient.legalFirstName)
      : (patient.substituteDecisionMakers.find((s) => s.id === givenBy)?.name ?? '');
  return (
    <form onSubmit={submit} noValidate aria-label={t('consent.recordTitle')}>
      <Stack gap="md">
        {done && <Success>{done}</Success>}
        <FormError message={formError} />
        <NativeSelect
          label={t('consent.type')}
          value={type}
          onChange={(e) => setType(TYPES.find((x) => x === e.currentTarget.value) ?? 'treatment')}
          data={TYPES.map((x) => ({ value: x, label: t(`consent.types.${x}`) }))}
        />
        <Text size="sm">{t(`consent.typeHints.${type}`)}</Text>
        <Radio.Group label={t('consent.givenBy')} value={givenBy} onChange={setGivenBy} error={errors.givenBy}>
          <Stack gap="xs" mt="xs">
            <Radio
              value="patient"
              label={t('consent.byPatient', { name: `${patient.preferredName ?? patient.legalFirstName} ${patient.legalLastName}` })}
            />
            {patient.substituteDecisionMakers.map((s) => (
              <Radio
                key={s.id}
                value={s.id}
                label={t('consent.bySubstitute', { name: s.name, relationship: t(`sdm.relationships.${s.relationship}`) })}
              />
            ))}
          </Stack>
        </Radio.Group>
        {patient.needsSubstituteDecisionMaker && patient.substituteDecisionMakers.length === 0 && (
          <Text size="sm">{t('consent.addSubstituteFirst')}</Text>
        )}
        {type === 'sensitive_area' && (
          <>
            <Checkbox.Group
              label={t('consent.areas')}
              value={areas}
              onChange={(v) => setAreas(v.filter((a): a is SensitiveArea => AREAS.includes(a as SensitiveArea)))}
              error={errors.areas}
            >
              <Stack gap="xs" mt="xs">
                {AREAS.map((a) => (
                  <Checkbox key={a} value={a} label={t(`consent.areaNames.${a}`)} />
                ))}
              </Stack>
            </Checkbox.Group>
            <NativeSelect
              label={t('consent.appointment')}
              description={t('consent.appointmentHint')}
              value={chosenAppointment}
              error={errors.appointmentId ?? (upcoming.data && upcoming.data.length === 0 ? t('consent.noUpcoming') : undefined)}
              onChange={(e) => setAppointmentId(e.currentTarget.value)}
              data={(upcoming.data ?? []).map((a) => ({
                value: a.id,
                label: `${formatDay(a.localDate, 'long')}, ${formatWallTime(a.localStart)} — ${a.typeName}`,
              }))}
            />
          </>
        )}
        <Radio.Group label={t('consent.method')} value={method} onChange={(v) => setMethod(v === 'verbal' ? 'verbal' : 'written')}>
          <Group gap="lg" mt="xs">
            <Radio value="written" label={t('consent.written')} />
            <Radio value="verbal" label={t('consent.verbal')} />
          </Group>
        </Radio.Group>
        {method === 'written' ? (
          <SignaturePad key={padKey} label={t('consent.signatureOf', { name: signer })} onChange={setSignature} error={errors.signature} />
        ) : (
          <Checkbox
            label={t('consent.attest', { name: signer })}
            checked={attested}
            onChange={(e) => setAttested(e.currentTarget.checked)}
            error={errors.attested}
          />
        )}
        <Textarea label={t('consent.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} />
        <Group>
          <Button type="submit" loading={record.isPending}>
            {t('consent.recordSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function WithdrawDialog({ patientId, consent, onClose }: { patientId: string; consent: ConsentData; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const withdraw = useMutation({
    mutationFn: (reason: string) => api.withdrawConsent(patientId, consent.id, reason),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['consents', patientId] });
      void client.invalidateQueries({ queryKey: ['consent-status', patientId] });
      onClose();
    },
  });
  return (
    <ReasonDialog
      title={t('consent.withdrawTitle', { type: t(`consent.types.${consent.type}`) })}
      body={t('consent.withdrawBody')}
      label={t('consent.withdrawReason')}
      requiredMessage={t('consent.reasonRequired')}
      keepLabel={t('common.cancel')}
      submitLabel={t('consent.withdraw')}
      pending={withdraw.isPending}
      serverError={withdraw.isError ? errorText(withdraw.error) : null}
      onSubmit={(reason) => withdraw.mutate(reason)}
      onClose={onClose}
    />
  );
}

function ConsentList({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const consents = useQuery({ queryKey: ['consents', patientId], queryFn: () => api.consents(patientId) });
  const [withdrawing, setWithdrawing] = useState<ConsentData | null>(null);
  if (consents.isPending) return <Loading />;
  if (consents.isError) return <LoadError error={consents.error} />;
  if (consents.data.consents.length === 0) return <Text size="sm">{t('consent.none')}</Text>;
  return (
    <>
      <ScrollTable label={t('consent.listTitle')} minWidth={680}>
        <Table verticalSpacing="sm" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('consent.type')}</Table.Th>
              <Table.Th scope="col">{t('consent.givenBy')}</Table.Th>
              <Table.Th scope="col">{t('consent.method')}</Table.Th>
              <Table.Th scope="col">{t('consent.when')}</Table.Th>
              <Table.Th scope="col">{t('consent.status')}</Table.Th>
              <Table.Th scope="col">{t('people.colActions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.data.consents.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Th scope="row" fw={500}>
                  {t(`consent.types.${c.type}`)}
                  {c.areas.length > 0 && (
                    <Text size="sm" fw={400}>
                      {c.areas.map((a) => t(`consent.areaNames.${a}`)).join(', ')}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td>{c.givenBy.name}</Table.Td>
                <Table.Td>
                  {c.method === 'written' ? (c.hasSignature ? t('consent.signed') : t('consent.written')) : t('consent.verbal')}
                </Table.Td>
                <Table.Td>{formatDateTime(c.givenAt)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={c.active ? 'sage' : 'gray'} tt="none">
                    {c.active ? t('consent.active') : t('consent.withdrawn')}
                  </Badge>
                  {c.withdrawnReason && <Text size="sm">{c.withdrawnReason}</Text>}
                </Table.Td>
                <Table.Td>
                  {c.active && (
                    <Button
                      variant="subtle"
                      size="sm"
                      color="red"
                      c="red.9"
                      onClick={() => setWithdrawing(c)}
                      aria-label={t('consent.withdrawLabel', { type: t(`consent.types.${c.type}`), when: formatDateTime(c.givenAt) })}
                    >
                      {t('consent.withdraw')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {withdrawing && <WithdrawDialog patientId={patientId} consent={withdrawing} onClose={() => setWithdrawing(null)} />}
    </>
  );
}

export default function ConsentPage() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const [params] = useSearchParams();
  const chart = useChart(patientId);
  // Keep the status fresh for the appointment asked about (sensitive areas are per session).
  useQuery({ queryKey: consentStatusKey(patientId), queryFn: () => api.consentStatus(patientId), enabled: Boolean(chart.data?.clinical) });
  if (chart.isPending) return <Loading />;
  if (chart.isError) return <LoadError error={chart.error} retry={() => void chart.refetch()} />;
  const p = chart.data.patient;
  const name = `${p.preferredName ?? p.legalFirstName} ${p.legalLastName}`;
  if (!chart.data.clinical) {
    return (
      <Page title={t('consent.title', { name })}>
        <Text>{t('consent.notAvailable')}</Text>
      </Page>
    );
  }
  return (
    <Page
      title={t('consent.title', { name })}
      intro={
        <Anchor component={Link} to={`/patients/${patientId}`}>
          {t('notes.backToChart')}
        </Anchor>
      }
    >
      <ConsentNotices patientId={patientId} withLink={false} />
      <Alert color="sage" variant="light">
        {t('consent.intro')}
      </Alert>
      <Section title={t('consent.recordTitle')}>
        <RecordForm chart={chart.data} initialAppointment={params.get('appointment')} />
      </Section>
      <Section title={t('consent.listTitle')}>
        <ConsentList patientId={patientId} />
      </Section>
    </Page>
  );
}
