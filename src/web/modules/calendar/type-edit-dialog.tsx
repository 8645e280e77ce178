import { Button, Checkbox, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AppointmentTypeData, api, isApiError } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { FormError } from '../../ui/notices.js';
import { SCHEDULING_KEY } from './keys.js';

/** Rename an appointment type, change its length or fee, or stop offering it (types are never deleted). */
export function TypeEditDialog({ type, onClose }: { type: AppointmentTypeData; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [name, setName] = useState(type.name);
  const [minutes, setMinutes] = useState<number | string>(type.durationMinutes);
  const [fee, setFee] = useState<number | string>(type.feeCents / 100);
  const [active, setActive] = useState(type.active);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api.updateAppointmentType(type.id, {
        name: name.trim(),
        durationMinutes: Number(minutes),
        feeCents: Math.round(Number(fee) * 100),
        active,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: SCHEDULING_KEY });
      onClose();
    },
    onError: (error) => {
      // The server's words in English; in French, a name already taken is said in French too.
      const text =
        isApiError(error, 'CONFLICT') && error.field === 'name' && i18n.resolvedLanguage !== 'en'
          ? t('typeEdit.nameTaken')
          : errorText(error);
      const split = splitError(error, text, ['name', 'durationMinutes', 'feeCents']);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!name.trim()) return setErrors({ name: t('errors.required') });
    setErrors({});
    save.mutate();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('typeEdit.title', { name: type.name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('typeEdit.intro')}</Text>
          <FormError message={formError} />
          <TextInput
            label={t('calendarSettings.name')}
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={120}
            required
          />
          <Group grow align="flex-start">
            <NumberInput
              label={t('calendarSettings.minutes')}
              value={minutes}
              error={errors.durationMinutes}
              min={5}
              max={480}
              step={5}
              allowDecimal={false}
              onChange={setMinutes}
            />
            <NumberInput
              label={t('calendarSettings.feeDollars')}
              value={fee}
              error={errors.feeCents}
              min={0}
              decimalScale={2}
              onChange={setFee}
            />
          </Group>
          <Checkbox label={t('calendarSettings.offered')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('typeEdit.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
