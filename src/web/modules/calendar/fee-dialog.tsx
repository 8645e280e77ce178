import { Button, Group, List, Modal, NumberInput, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentData } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { formatDateTime, formatMoney } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { calendarApi, type FeeHistoryEntry } from './api.js';
import { SCHEDULING_KEY } from './keys.js';

type Kind = 'none' | 'discount' | 'waived';

/** One line for a list or a calendar: "Discount $20.00 · Not paid". Empty when nothing was set. */
export function FeeSummary({ appointment }: { appointment: Pick<AppointmentData, 'feeAdjustment' | 'payment'> }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  const adj = appointment.feeAdjustment;
  if (adj?.kind === 'discount') parts.push(t('fees.summaryDiscount', { amount: formatMoney(adj.amountCents ?? 0) }));
  if (adj?.kind === 'waived') parts.push(t('fees.summaryWaived'));
  if (appointment.payment) parts.push(t(appointment.payment.status === 'paid' ? 'fees.paid' : 'fees.unpaid'));
  if (parts.length === 0) return null;
  return (
    <Text size="sm" c="dimmed">
      {parts.join(' · ')}
    </Text>
  );
}

function HistoryLine({ entry }: { entry: FeeHistoryEntry }) {
  const { t } = useTranslation();
  const name = entry.byName;
  const what =
    entry.what === 'discount'
      ? t('fees.history.discount', { amount: formatMoney(entry.amountCents ?? 0), name })
      : t(`fees.history.${entry.what}`, { name });
  return (
    <List.Item>
      <Text size="sm">
        {formatDateTime(entry.at)}: {what}
        {entry.reason ? ` (${entry.reason})` : ''}
      </Text>
    </List.Item>
  );
}

/**
 * The fee of one appointment: as booked, any discount or waiver (with its reason), the paid/unpaid
 * mark, and the history of every change. The treating therapist and the front desk can set them.
 */
export function FeeDialog({ appointment, onClose }: { appointment: AppointmentData; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [current, setCurrent] = useState(appointment);
  const historyKey = [...SCHEDULING_KEY, 'fee-history', appointment.id];
  const history = useQuery({ queryKey: historyKey, queryFn: () => calendarApi.feeHistory(appointment.id) });
  const [kind, setKind] = useState<Kind>(appointment.feeAdjustment?.kind ?? 'none');
  const [amount, setAmount] = useState<number | string>(
    appointment.feeAdjustment?.kind === 'discount' ? (appointment.feeAdjustment.amountCents ?? 0) / 100 : '',
  );
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const done = (fresh: AppointmentData) => {
    setCurrent(fresh);
    setSaved(true);
    void client.invalidateQueries({ queryKey: SCHEDULING_KEY });
  };
  const adjust = useMutation({
    mutationFn: () =>
      calendarApi.adjustFee(appointment.id, {
        kind,
        reason: reason.trim(),
        ...(kind === 'discount' ? { amountCents: Math.round(Number(amount) * 100) } : {}),
      }),
    onMutate: () => setSaved(false),
    onSuccess: (fresh) => {
      setReason('');
      done(fresh);
    },
    onError: (error) => {
      const split = splitError(error, errorText(error), ['amountCents', 'reason', 'kind']);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const pay = useMutation({
    mutationFn: (status: 'paid' | 'unpaid') => calendarApi.markPayment(appointment.id, status),
    onMutate: () => setSaved(false),
    onSuccess: done,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const next: Record<string, string | undefined> = {};
    const cents = Math.round(Number(amount) * 100);
    if (kind === 'discount' && (amount === '' || !(cents > 0))) next.amountCents = t('fees.amountRequired');
    else if (kind === 'discount' && cents > current.feeCents) next.amountCents = t('fees.amountTooHigh');
    if (!reason.trim()) next.reason = t('fees.reasonRequired');
    setErrors(next);
    if (next.amountCents || next.reason) return;
    adjust.mutate();
  };
  const adj = current.feeAdjustment;
  const unchanged = kind === 'none' && !adj;
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('fees.title', { name: appointment.patientName })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
      size="lg"
    >
      <Stack gap="md">
        {saved && <Success>{t('fees.saved')}</Success>}
        <Stack gap={4}>
          <Text>{t('fees.fee', { amount: formatMoney(current.feeCents) })}</Text>
          {adj?.kind === 'discount' && <Text>{t('fees.discount', { amount: formatMoney(adj.amountCents ?? 0) })}</Text>}
          {adj?.kind === 'waived' && <Text>{t('fees.waived')}</Text>}
          {adj && <Text size="sm">{t('fees.because', { reason: adj.reason })}</Text>}
          <Text fw={600}>{t('fees.charged', { amount: formatMoney(current.chargedCents) })}</Text>
          <Text size="sm" c="dimmed">
            {current.payment
              ? t('fees.markedOn', {
                  status: t(current.payment.status === 'paid' ? 'fees.paid' : 'fees.unpaid'),
                  date: formatDateTime(current.payment.at),
                })
              : t('fees.notMarked')}
          </Text>
        </Stack>
        <FormError message={pay.isError ? errorText(pay.error) : null} />
        <Group gap="xs">
          <Button
            variant={current.payment?.status === 'paid' ? 'light' : 'filled'}
            onClick={() => pay.mutate('paid')}
            loading={pay.isPending && pay.variables === 'paid'}
            disabled={current.payment?.status === 'paid'}
          >
            {t('fees.markPaid')}
          </Button>
          <Button
            variant="default"
            onClick={() => pay.mutate('unpaid')}
            loading={pay.isPending && pay.variables === 'unpaid'}
            disabled={current.payment?.status === 'unpaid'}
          >
            {t('fees.markUnpaid')}
          </Button>
        </Group>
        <Title order={3} size="h4">
          {t('fees.adjustTitle')}
        </Title>
        <Text size="sm">{t('fees.adjustIntro')}</Text>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormError message={formError} />
            <Radio.Group label={t('fees.kind')} value={kind} onChange={(v) => setKind(v as Kind)} error={errors.kind}>
              <Group gap="md" mt={4}>
                <Radio value="none" label={t('fees.kindFull')} />
                <Radio value="discount" label={t('fees.kindDiscount')} />
                <Radio value="waived" label={t('fees.kindWaived')} />
              </Group>
            </Radio.Group>
            {kind === 'discount' && (
              <NumberInput
                label={t('fees.amount')}
                value={amount}
                onChange={setAmount}
                error={errors.amountCents}
                min={0}
                decimalScale={2}
                maw={220}
                required
              />
            )}
            {!unchanged && (
              <Textarea
                label={t('fees.reason')}
                description={t('fees.reasonHint')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={errors.reason}
                autosize
                minRows={2}
                maxLength={500}
                required
              />
            )}
            <Group>
              <Button type="submit" loading={adjust.isPending} disabled={unchanged}>
                {t('fees.save')}
              </Button>
            </Group>
          </Stack>
        </form>
        <Title order={3} size="h4">
          {t('fees.historyTitle')}
        </Title>
        {history.isPending && <Loading />}
        {history.isError && <LoadError error={history.error} />}
        {history.data && history.data.entries.length === 0 && <Text size="sm">{t('fees.historyEmpty')}</Text>}
        {history.data && history.data.entries.length > 0 && (
          <List spacing={4}>
            {[...history.data.entries].reverse().map((entry, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: history entries are append-only; the position is stable
              <HistoryLine key={i} entry={entry} />
            ))}
          </List>
        )}
      </Stack>
    </Modal>
  );
}
