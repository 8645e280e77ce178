import { Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, type IntakeAnswers } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { ListInput } from '../../ui/list-input.js';
import { FormError, LoadError, Loading } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';

const LISTS = ['conditions', 'medications', 'allergies', 'contraindications'] as const;
type Lists = Record<(typeof LISTS)[number], string[]>;

/** The patient's health history, from a link or a clinic tablet: no account, phone-first, kind. */
export default function IntakePage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const tablet = params.get('tablet') === '1';
  const form = useQuery({ queryKey: ['intake', token], queryFn: () => api.intake(token), staleTime: Number.POSITIVE_INFINITY });
  const [lists, setLists] = useState<Lists>({ conditions: [], medications: [], allergies: [], contraindications: [] });
  const [notes, setNotes] = useState('');
  useEffect(() => {
    const previous = form.data?.previous;
    if (previous) {
      setLists({
        conditions: previous.conditions,
        medications: previous.medications,
        allergies: previous.allergies,
        contraindications: previous.contraindications,
      });
      setNotes(previous.notes ?? '');
    }
  }, [form.data]);
  const submit = useMutation({ mutationFn: (body: IntakeAnswers) => api.submitIntake(token, body) });

  if (form.isPending) return <Loading />;
  if (form.isError) {
    const status = (form.error as { status?: number }).status;
    if (status === 410 || status === 404) {
      return (
        <Page title={t('intake.invalidTitle')}>
          <Text>{t('intake.invalidBody')}</Text>
        </Page>
      );
    }
    return <LoadError error={form.error} retry={() => void form.refetch()} />;
  }
  if (submit.isSuccess) {
    return (
      <Page title={t('intake.thanksTitle', { name: form.data.firstName })}>
        <Text size="lg">{t('intake.thanksBody', { clinic: form.data.clinicName })}</Text>
        {tablet && (
          <>
            <Text size="lg">{t('intake.handBack')}</Text>
            <Group>
              <Button component={Link} to="/today" variant="default">
                {t('intake.takeBack')}
              </Button>
            </Group>
          </>
        )}
      </Page>
    );
  }
  const send = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate({ ...lists, notes: notes.trim() });
  };
  return (
    <Page
      title={t('intake.title', { name: form.data.firstName })}
      intro={
        <Text size="lg">
          {form.data.previous
            ? t('intake.introReview', { clinic: form.data.clinicName })
            : t('intake.intro', { clinic: form.data.clinicName })}
        </Text>
      }
    >
      <form onSubmit={send} noValidate>
        <Stack gap="xl">
          {LISTS.map((k) => (
            <Stack key={k} gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
              <Title order={2} size="h4" component="legend">
                {t(`intake.${k}Title`)}
              </Title>
              <Text size="sm">{t(`intake.${k}Hint`)}</Text>
              <ListInput label={t(`intake.${k}Label`)} value={lists[k]} onChange={(v) => setLists((l) => ({ ...l, [k]: v }))} max={50} />
            </Stack>
          ))}
          <Textarea
            label={t('intake.notes')}
            description={t('intake.notesHint')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            autosize
            minRows={3}
          />
          <Text size="sm">{t('intake.privacy')}</Text>
          <FormError message={submit.isError ? errorText(submit.error) : null} />
          <Button type="submit" size="lg" loading={submit.isPending}>
            {t('intake.submit')}
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
