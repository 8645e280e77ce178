import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ARCHIVE_REASONS } from '../../../shared/patients/contract.js';
import { api } from '../../lib/api.js';
import { splitError, useErrorText } from '../../lib/errors.js';
import { FormError } from '../../ui/notices.js';

type Reason = (typeof ARCHIVE_REASONS)[number];

/**
 * Archives a patient: why (and a short note), then back to the patient list. Every record is kept;
 * the dialog says so, and says how to bring the patient back.
 */
export function ArchiveDialog({ patientId, name, onClose }: { patientId: string; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [reason, setReason] = useState<Reason | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const archive = useMutation({
    mutationFn: () => api.archivePatient(patientId, { reason: reason as Reason, note: note.trim() || null }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['patients'] });
      client.removeQueries({ queryKey: ['patient', patientId] });
      navigate('/patients', { state: { archived: name } });
    },
    onError: (error) => {
      const split = splitError(error, errorText(error, 'archive'), ['reason', 'note']);
      setErrors(split.fieldErrors);
      setFormError(split.formError);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const next: Record<string, string | undefined> = {};
    if (!reason) next.reason = t('archive.reasonRequired');
    else if (reason === 'other' && !note.trim()) next.note = t('archive.noteRequired');
    setErrors(next);
    if (next.reason || next.note) return;
    archive.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('archive.title', { name })} closeButtonProps={{ 'aria-label': t('common.close') }} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('archive.explain')}</Text>
          <Select
            label={t('archive.reason')}
            placeholder={t('archive.reasonPlaceholder')}
            data={ARCHIVE_REASONS.map((r) => ({ value: r, label: t(`archive.reasons.${r}`) }))}
            value={reason}
            onChange={(v) => setReason(v as Reason | null)}
            error={errors.reason}
            required
            allowDeselect={false}
          />
          <Textarea
            label={t('archive.note')}
            description={t('archive.noteHint')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={errors.note}
            maxLength={500}
            autosize
            minRows={2}
            required={reason === 'other'}
          />
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={archive.isPending}>
              {t('archive.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
