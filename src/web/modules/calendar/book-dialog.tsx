import { Button, Group, Modal, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AppointmentData, api, isApiError } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { isDate, isTime, zonedToIso } from '../../lib/time.js';
import { FormError } from '../../ui/notices.js';
import { OutsideHours } from './appointment-actions.js';
import { SCHEDULING_KEY, useAppointmentTypes } from './keys.js';

function PatientPicker({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const results = useQuery({
    queryKey: ['patients', 'search', debounced],
    queryFn: () => api.patients({ q: debounced, limit: 6 }),
    enabled: debounced.length > 0 || value !== '',
  });
  const patients = results.data?.patients ?? [];
  return (
    <Stack gap="xs">
      <TextInput
        label={t('calendar.findPatient')}
        description={t('calendar.findPatientHint')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        autoComplete="off"
      />
      {patients.length > 0 ? (
        <Radio.Group label={t('calendar.patient')} value={value} onChange={onChange} error={error}>
          <Stack gap="xs" mt="xs">
            {patients.map((p) => (
              <Radio key={p.id} value={p.id} label={`${p.displayName} (${p.dateOfBirth})`} size="md" />
            ))}
          </Stack>
        </Radio.Group>
      ) : (
        debounced && !results.isPending && <Text size="sm">{t('calendar.noPatientFound')}</Text>
      )}
      {error && patients.length === 0 && (
        <Text size="sm" c="var(--mantine-color-error)" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** Book: patient → appointment type → date and start time (clinic time). */
export function BookDialog({
  therapistUserId,
  timeZone,
  date,
  patient,
  onClose,
}: {
  therapistUserId: string;
  timeZone: string;
  date: string;
  patient?: { id: string; name: string };
  onClose: (booked: AppointmentData | null) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const types = useAppointmentTypes();
  const [form, setForm] = useState({ patientId: patient?.id ?? '', typeId: '', date, time: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [outside, setOutside] = useState<string | null>(null);
  const typeId = form.typeId || types.data?.types[0]?.id || '';
  const book = useMutation({
    mutationFn: (allowOutsideHours: boolean) =>
      api.book({
        patientId: form.patientId,
        therapistUserId,
        appointmentTypeId: typeId,
        startsAt: zonedToIso(form.date, form.time, timeZone),
        allowOutsideHours,
      }),
    onMutate: () => setOutside(null),
    onSuccess: (booked) => {
      void client.invalidateQueries({ queryKey: SCHEDULING_KEY });
      onClose(booked);
    },
    onError: (error) => {
      if (isApiError(error, 'OUTSIDE_HOURS')) setOutside(errorText(error));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = {
      patientId: form.patientId ? undefined : t('calendar.choosePatient'),
      typeId: typeId ? undefined : t('calendar.chooseType'),
      date: isDate(form.date) ? undefined : t('calendar.dateFormat'),
      time: isTime(form.time) ? undefined : t('calendar.timeFormat'),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    book.mutate(false);
  };
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  return (
    <Modal
      opened
      onClose={() => onClose(null)}
      title={t('calendar.bookTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {patient ? (
            <Text fw={600}>{t('calendar.bookingFor', { name: patient.name })}</Text>
          ) : (
            <PatientPicker value={form.patientId} onChange={set('patientId')} error={errors.patientId} />
          )}
          <NativeSelect
            label={t('calendar.type')}
            value={typeId}
            error={errors.typeId ?? (types.data && types.data.types.length === 0 ? t('calendar.noTypes') : undefined)}
            onChange={(e) => set('typeId')(e.currentTarget.value)}
            data={(types.data?.types ?? []).map((x) => ({
              value: x.id,
              label: t('calendar.typeOption', { name: x.name, minutes: x.durationMinutes }),
            }))}
          />
          <Group grow align="flex-start">
            <TextInput
              type="date"
              label={t('calendar.date')}
              value={form.date}
              error={errors.date}
              onChange={(e) => set('date')(e.currentTarget.value)}
              required
            />
            <TextInput
              type="time"
              label={t('calendar.startTime')}
              value={form.time}
              error={errors.time}
              onChange={(e) => set('time')(e.currentTarget.value)}
              required
            />
          </Group>
          <Text size="sm" c="dimmed">
            {t('calendar.timeZoneHint', { timeZone })}
          </Text>
          {outside ? (
            <OutsideHours
              message={outside}
              pending={book.isPending}
              onConfirm={() => book.mutate(true)}
              confirmLabel={t('calendar.bookAnyway')}
            />
          ) : (
            <FormError message={book.isError ? errorText(book.error) : null} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(null)}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={book.isPending && !outside}>
              {t('calendar.bookSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
