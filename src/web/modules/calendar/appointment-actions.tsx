import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type AppointmentData, api, isApiError } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { isDate, isTime, zonedToIso } from '../../lib/time.js';
import { formatWallTime } from '../../ui/format.js';
import { FormError } from '../../ui/notices.js';
import { ReasonDialog } from '../../ui/reason-dialog.js';
import { useOpenNote } from '../records/use-open-note.js';
import { FeeDialog, FeeSummary } from './fee-dialog.js';
import { SCHEDULING_KEY } from './keys.js';

type Dialog = 'complete' | 'move' | 'cancel' | 'fee' | null;

function useRefresh() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: SCHEDULING_KEY });
}

function CompleteDialog({ appointment, timeZone, onClose }: { appointment: AppointmentData; timeZone: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const refresh = useRefresh();
  const [end, setEnd] = useState('');
  const [error, setError] = useState<string | undefined>();
  const complete = useMutation({
    mutationFn: () => api.complete(appointment.id, end ? zonedToIso(appointment.localDate, end, timeZone) : undefined),
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (end && !isTime(end)) return setError(t('calendar.timeFormat'));
    setError(undefined);
    complete.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('calendar.completeTitle', { name: appointment.patientName })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={complete.isError ? errorText(complete.error) : null} />
          <TextInput
            type="time"
            label={t('calendar.actualEnd')}
            description={t('calendar.actualEndHint', { time: formatWallTime(appointment.localEnd) })}
            value={end}
            error={error}
            onChange={(e) => setEnd(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={complete.isPending}>
              {t('calendar.complete')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function MoveDialog({ appointment, timeZone, onClose }: { appointment: AppointmentData; timeZone: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const refresh = useRefresh();
  const [date, setDate] = useState(appointment.localDate);
  const [time, setTime] = useState(appointment.localStart);
  const [outside, setOutside] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ date?: string; time?: string }>({});
  const move = useMutation({
    mutationFn: (allowOutsideHours: boolean) => api.move(appointment.id, { startsAt: zonedToIso(date, time, timeZone), allowOutsideHours }),
    onMutate: () => setOutside(null),
    onSuccess: () => {
      refresh();
      onClose();
    },
    onError: (error) => {
      if (isApiError(error, 'OUTSIDE_HOURS')) setOutside(errorText(error));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = { date: isDate(date) ? undefined : t('calendar.dateFormat'), time: isTime(time) ? undefined : t('calendar.timeFormat') };
    setErrors(next);
    if (next.date || next.time) return;
    move.mutate(false);
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('calendar.moveTitle', { name: appointment.patientName })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {outside ? (
            <OutsideHours
              message={outside}
              pending={move.isPending}
              onConfirm={() => move.mutate(true)}
              confirmLabel={t('calendar.moveAnyway')}
            />
          ) : (
            <FormError message={move.isError ? errorText(move.error) : null} />
          )}
          <TextInput
            type="date"
            label={t('calendar.date')}
            value={date}
            error={errors.date}
            onChange={(e) => setDate(e.currentTarget.value)}
            required
          />
          <TextInput
            type="time"
            label={t('calendar.startTime')}
            value={time}
            error={errors.time}
            onChange={(e) => setTime(e.currentTarget.value)}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={move.isPending}>
              {t('calendar.moveSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** "Outside hours": said plainly, with the choice to go ahead. */
export function OutsideHours({
  message,
  pending,
  onConfirm,
  confirmLabel,
}: {
  message: string;
  pending: boolean;
  onConfirm: () => void;
  confirmLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" role="alert" title={t('calendar.outsideTitle')}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message}</Text>
        <Button onClick={onConfirm} loading={pending}>
          {confirmLabel}
        </Button>
      </Stack>
    </Alert>
  );
}

function CancelDialog({ appointment, onClose }: { appointment: AppointmentData; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const refresh = useRefresh();
  const cancel = useMutation({
    mutationFn: (reason: string) => api.cancel(appointment.id, reason),
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  return (
    <ReasonDialog
      title={t('calendar.cancelTitle', { name: appointment.patientName })}
      label={t('calendar.cancelReason')}
      description={t('calendar.cancelReasonHint')}
      requiredMessage={t('calendar.reasonRequired')}
      keepLabel={t('calendar.keep')}
      submitLabel={t('calendar.cancelSubmit')}
      pending={cancel.isPending}
      serverError={cancel.isError ? errorText(cancel.error) : null}
      onSubmit={(reason) => cancel.mutate(reason)}
      onClose={onClose}
    />
  );
}

/**
 * What can be done with one appointment, depending on its status. `clinical` adds the chart and
 * the note (for the treating therapist); `manage` adds moving and cancelling.
 */
export function AppointmentActions({
  appointment,
  timeZone,
  clinical,
  manage,
}: {
  appointment: AppointmentData;
  timeZone: string;
  clinical: boolean;
  manage: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const refresh = useRefresh();
  const [dialog, setDialog] = useState<Dialog>(null);
  const openNote = useOpenNote();
  const change = useMutation({
    mutationFn: (to: 'arrived' | 'no_show') => (to === 'arrived' ? api.arrived(appointment.id) : api.noShow(appointment.id)),
    onSuccess: refresh,
  });
  const name = appointment.patientName;
  const { status } = appointment;
  const open = status === 'booked' || status === 'arrived';
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {status === 'booked' && (
          <Button
            size="sm"
            h={44}
            onClick={() => change.mutate('arrived')}
            loading={change.isPending && change.variables === 'arrived'}
            aria-label={t('calendar.arrivedLabel', { name })}
          >
            {t('calendar.arrived')}
          </Button>
        )}
        {open && (
          <Button
            size="sm"
            h={44}
            variant={status === 'arrived' ? 'filled' : 'default'}
            onClick={() => setDialog('complete')}
            aria-label={t('calendar.completeLabel', { name })}
          >
            {t('calendar.complete')}
          </Button>
        )}
        {clinical && (status === 'arrived' || status === 'completed') && (
          <Button
            size="sm"
            h={44}
            variant="light"
            loading={openNote.isPending}
            onClick={() => openNote.mutate({ patientId: appointment.patientId, appointmentId: appointment.id })}
            aria-label={t('calendar.noteLabel', { name })}
          >
            {t('calendar.note')}
          </Button>
        )}
        {clinical && (
          <Button
            size="sm"
            h={44}
            variant="subtle"
            component={Link}
            to={`/patients/${appointment.patientId}`}
            aria-label={t('calendar.chartLabel', { name })}
          >
            {t('calendar.chart')}
          </Button>
        )}
        {status === 'booked' && (
          <Button
            size="sm"
            h={44}
            variant="subtle"
            onClick={() => change.mutate('no_show')}
            loading={change.isPending && change.variables === 'no_show'}
            aria-label={t('calendar.noShowLabel', { name })}
          >
            {t('calendar.noShow')}
          </Button>
        )}
        {status !== 'cancelled' && (
          <Button size="sm" h={44} variant="subtle" onClick={() => setDialog('fee')} aria-label={t('fees.buttonLabel', { name })}>
            {t('fees.button')}
          </Button>
        )}
        {manage && status === 'booked' && (
          <>
            <Button size="sm" h={44} variant="subtle" onClick={() => setDialog('move')} aria-label={t('calendar.moveLabel', { name })}>
              {t('calendar.move')}
            </Button>
            <Button
              size="sm"
              h={44}
              variant="subtle"
              color="red"
              c="red.9"
              onClick={() => setDialog('cancel')}
              aria-label={t('calendar.cancelLabel', { name })}
            >
              {t('calendar.cancel')}
            </Button>
          </>
        )}
      </Group>
      <FeeSummary appointment={appointment} />
      <FormError message={change.isError ? errorText(change.error) : openNote.isError ? errorText(openNote.error) : null} />
      {dialog === 'complete' && <CompleteDialog appointment={appointment} timeZone={timeZone} onClose={() => setDialog(null)} />}
      {dialog === 'move' && <MoveDialog appointment={appointment} timeZone={timeZone} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelDialog appointment={appointment} onClose={() => setDialog(null)} />}
      {dialog === 'fee' && <FeeDialog appointment={appointment} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
