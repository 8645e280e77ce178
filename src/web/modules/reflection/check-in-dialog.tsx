import { Button, Chip, Group, List, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/errors.js';
import { FormError, Success } from '../../ui/notices.js';
import { type CheckInData, type CheckInResultData, reflectionApi } from './api.js';

export const REFLECTION_KEY = ['reflection'] as const;
type PullId = CheckInData['pulls'][number];
/** The shared contract's PULLS, repeated here so zod stays out of the browser bundle; the type keeps them in step. */
const PULLS = [
  'tired',
  'worried',
  'rushed',
  'physical_pain',
  'strong_feelings_about_this_client',
  'wanting_their_approval',
  'wanting_to_rescue',
  'something_at_home',
] as const satisfies readonly PullId[];

function Scale({ label, value, onChange }: { label: string; value: number; onChange: (v: number) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap">
        <Text component="label" htmlFor={id} fw={500}>
          {label}
        </Text>
        <Text component="output" htmlFor={id} fw={700} size="lg" aria-hidden="true">
          {value}
        </Text>
      </Group>
      <input
        id={id}
        type="range"
        min={0}
        max={10}
        step={1}
        value={value}
        onChange={(e) => onChange(Number(e.currentTarget.value))}
        style={{ width: '100%', height: 36, accentColor: 'var(--mantine-color-sage-7)' }}
      />
      <Group justify="space-between" aria-hidden="true">
        <Text size="xs">{t('reflection.scaleLow')}</Text>
        <Text size="xs">{t('reflection.scaleHigh')}</Text>
      </Group>
    </Stack>
  );
}

/** What the server offers when presence is low, in the reader's language where Attune knows it. */
function Refocus({ refocus }: { refocus: NonNullable<CheckInResultData['refocus']> }) {
  const { t, i18n } = useTranslation();
  const local = ['q1', 'q2', 'q3'] as const;
  const questions = refocus.questions.length === 3 ? local.map((q) => t(`reflection.refocusQuestions.${q}`)) : refocus.questions;
  return (
    <Stack gap="sm" role="status">
      <Title order={3} size="h4">
        {t('reflection.refocusTitle')}
      </Title>
      <Text>{t('reflection.refocusIntro')}</Text>
      <List spacing="xs">
        {questions.map((q) => (
          <List.Item key={q}>
            <Text fs="italic">{q}</Text>
          </List.Item>
        ))}
      </List>
      <Title order={4} size="h5">
        {t('reflection.practicesTitle')}
      </Title>
      <List spacing="xs">
        {refocus.practices.map((p) => {
          const key = `reflection.practices.${p.id}`;
          const known = i18n.exists(`${key}.title`);
          return (
            <List.Item key={p.id}>
              <Text fw={600} span>
                {known ? t(`${key}.title` as 'reflection.done') : p.title}
              </Text>
              {' — '}
              {known ? t(`${key}.steps` as 'reflection.done') : p.steps}
            </List.Item>
          );
        })}
      </List>
    </Stack>
  );
}

/** A ten-second presence check-in; never required, and skipping is one tap. */
export function CheckInDialog({
  appointmentId,
  patientName,
  onClose,
}: {
  appointmentId?: string;
  patientName?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const client = useQueryClient();
  const [presence, setPresence] = useState(7);
  const [attention, setAttention] = useState(7);
  const [pulls, setPulls] = useState<PullId[]>([]);
  const [pullNote, setPullNote] = useState('');
  const [intention, setIntention] = useState('');
  const save = useMutation({
    mutationFn: () =>
      reflectionApi.checkIn({
        presence,
        attention,
        pulls,
        ...(pullNote.trim() ? { pullNote: pullNote.trim() } : {}),
        ...(intention.trim() ? { intention: intention.trim() } : {}),
        ...(appointmentId ? { appointmentId } : {}),
      }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: REFLECTION_KEY });
      if (!result.refocus) onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const title = patientName ? t('reflection.checkInFor', { name: patientName }) : t('reflection.dialogTitle');
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common.close') }} centered size="lg">
      {save.data?.refocus ? (
        <Stack gap="md">
          <Success>{t('reflection.saved')}</Success>
          <Refocus refocus={save.data.refocus} />
          <Group justify="flex-end">
            <Button onClick={onClose} h={44}>
              {t('reflection.done')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text>{t('reflection.dialogIntro')}</Text>
            <FormError message={save.isError ? errorText(save.error) : null} />
            <Scale label={t('reflection.presence')} value={presence} onChange={setPresence} />
            <Scale label={t('reflection.attention')} value={attention} onChange={setAttention} />
            <Stack gap="xs" role="group" aria-label={t('reflection.pulls')}>
              <Text fw={500} aria-hidden="true">
                {t('reflection.pulls')}
              </Text>
              <Chip.Group multiple value={pulls} onChange={(v) => setPulls(v as PullId[])}>
                <Group gap="xs">
                  {PULLS.map((p) => (
                    <Chip key={p} value={p} size="md" variant="outline">
                      {t(`reflection.pull.${p}`)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
            {pulls.length > 0 && (
              <TextInput
                label={t('reflection.pullNote')}
                value={pullNote}
                maxLength={500}
                onChange={(e) => setPullNote(e.currentTarget.value)}
              />
            )}
            <TextInput
              label={t('reflection.intention')}
              description={t('reflection.intentionHint')}
              value={intention}
              maxLength={300}
              onChange={(e) => setIntention(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} h={44}>
                {t('reflection.skip')}
              </Button>
              <Button type="submit" loading={save.isPending} h={44}>
                {t('reflection.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** A small "Check in" button that opens the dialog. */
export function CheckInButton({ appointmentId, patientName, label }: { appointmentId?: string; patientName?: string; label?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="light"
        size="sm"
        h={40}
        onClick={() => setOpen(true)}
        aria-label={patientName ? t('reflection.checkInFor', { name: patientName }) : undefined}
      >
        {label ?? t('reflection.checkIn')}
      </Button>
      {open && <CheckInDialog appointmentId={appointmentId} patientName={patientName} onClose={() => setOpen(false)} />}
    </>
  );
}
