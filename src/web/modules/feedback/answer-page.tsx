import { Button, Group, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useErrorText } from '../../lib/errors.js';
import { formatDay } from '../../ui/format.js';
import { FormError, LoadError, Loading } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { type FeedbackItemData, feedbackApi } from './api.js';

type Answers = Record<string, number | string>;

function ScaleQuestion({
  item,
  value,
  onChange,
  hint,
}: {
  item: FeedbackItemData;
  value: number | undefined;
  onChange: (v: number) => void;
  hint: string;
}) {
  const options =
    item.kind === 'scale'
      ? item.options
      : Array.from({ length: (item.max ?? 10) - (item.min ?? 0) + 1 }, (_, i) => ({
          value: (item.min ?? 0) + i,
          label: String((item.min ?? 0) + i),
        }));
  return (
    <Radio.Group
      label={item.text}
      description={hint || undefined}
      value={value === undefined ? null : String(value)}
      onChange={(v) => onChange(Number(v))}
      size="md"
    >
      <Group gap="xs" mt="xs">
        {options.map((o) => (
          <Radio.Card key={o.value} value={String(o.value)} radius="md" p="xs" w="auto" style={{ minWidth: 44 }} aria-label={o.label}>
            <Group gap={6} wrap="nowrap">
              <Radio.Indicator size="sm" />
              <Text size="sm">{o.label}</Text>
            </Group>
          </Radio.Card>
        ))}
      </Group>
    </Radio.Group>
  );
}

/** The patient's questionnaire after a session: phone-first, no account, every question optional, about thirty seconds. */
export default function FeedbackAnswerPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { token = '' } = useParams();
  const form = useQuery({
    queryKey: ['feedback-form', token],
    queryFn: () => feedbackApi.form(token),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const [answers, setAnswers] = useState<Answers>({});
  const send = useMutation({
    mutationFn: (declined: boolean) =>
      feedbackApi.answer(
        token,
        declined ? { declined: true } : { declined: false, answers: Object.entries(answers).map(([linkId, value]) => ({ linkId, value })) },
      ),
  });
  const switched = useRef(false);
  useEffect(() => {
    // Open in the patient's language the first time; the switch in the header still works.
    if (form.data && !switched.current) {
      switched.current = true;
      if (i18n.resolvedLanguage !== form.data.language) void i18n.changeLanguage(form.data.language);
    }
  }, [form.data, i18n]);

  const invalid = (
    <Page title={t('feedback.answer.invalidTitle')}>
      <Text size="lg">{t('feedback.answer.invalidBody')}</Text>
    </Page>
  );
  if (form.isPending) return <Loading />;
  if (form.isError) {
    const status = (form.error as { status?: number }).status;
    if (status === 410 || status === 404 || status === 400) return invalid;
    return <LoadError error={form.error} retry={() => void form.refetch()} />;
  }
  if (send.isError && (send.error as { status?: number }).status === 410) return invalid;
  if (send.isSuccess) {
    return (
      <Page title={t('feedback.answer.thanksTitle')}>
        <Text size="lg">
          {send.data.declined ? t('feedback.answer.declinedBody') : t('feedback.answer.thanksBody', { clinic: form.data.clinicName })}
        </Text>
      </Page>
    );
  }
  const f = form.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate(false);
  };
  return (
    <Page
      title={f.title}
      intro={
        <Stack gap="xs">
          <Text size="lg">
            {t('feedback.answer.intro', { therapist: f.therapistFirstName, clinic: f.clinicName, date: formatDay(f.sessionDate, 'long') })}
          </Text>
          {f.answeringFor && <Text size="lg">{t('feedback.answer.answeringFor', { name: f.answeringFor })}</Text>}
        </Stack>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="xl">
          {f.items.map((item) =>
            item.kind === 'text' ? (
              <Textarea
                key={item.linkId}
                label={item.text}
                value={String(answers[item.linkId] ?? '')}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setAnswers((a) => ({ ...a, [item.linkId]: v }));
                }}
                maxLength={item.maxLength ?? 1000}
                description={t('feedback.answer.chars', { count: String(answers[item.linkId] ?? '').length, max: item.maxLength ?? 1000 })}
                autosize
                minRows={2}
                size="md"
              />
            ) : (
              <ScaleQuestion
                key={item.linkId}
                item={item}
                value={typeof answers[item.linkId] === 'number' ? (answers[item.linkId] as number) : undefined}
                onChange={(v) => setAnswers((a) => ({ ...a, [item.linkId]: v }))}
                hint={item.kind === 'scale' ? t('feedback.answer.scaleHint') : ''}
              />
            ),
          )}
          <Text size="sm">{t('feedback.answer.privacy')}</Text>
          <FormError message={send.isError ? errorText(send.error) : null} />
          <Stack gap="sm">
            <Button type="submit" size="lg" loading={send.isPending && send.variables === false}>
              {t('feedback.answer.send')}
            </Button>
            <Button
              type="button"
              size="lg"
              variant="default"
              onClick={() => send.mutate(true)}
              loading={send.isPending && send.variables === true}
            >
              {t('feedback.answer.decline')}
            </Button>
          </Stack>
        </Stack>
      </form>
    </Page>
  );
}
