import { Anchor, Badge, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../lib/errors.js';
import { useSignedInMe } from '../../lib/session.js';
import { formatDay } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { ScrollTable } from '../../ui/scroll-table.js';
import { Section } from '../../ui/section.js';
import { FEEDBACK_KEY, feedbackClinicApi } from './api.js';

/** What needs my attention: open alerts across the patients I treat, urgent first, each a link to that patient's feedback. */
function MyOpenAlertsList() {
  const { t } = useTranslation();
  const open = useQuery({ queryKey: [...FEEDBACK_KEY, 'open-alerts'], queryFn: feedbackClinicApi.openAlerts });
  if (open.isPending) return <Loading />;
  if (open.isError) return <LoadError error={open.error} />;
  if (open.data.alerts.length === 0) return <Text>{t('feedback.page.noAlerts')}</Text>;
  return (
    <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {open.data.alerts.map((a) => (
        <Group key={a.id} component="li" gap="xs" wrap="wrap">
          <Badge color={a.priority === 'urgent' ? 'red' : 'yellow'} variant="light">
            {a.priority === 'urgent' ? t('feedback.page.urgent') : t('feedback.page.soon')}
          </Badge>
          <Anchor component={Link} to={`/patients/${a.patientId}/feedback`} fw={500}>
            {a.patientName}
          </Anchor>
          <Text size="sm">
            {t(`feedback.page.kind.${a.kind}`)} · {formatDay(a.sessionDate)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** How patients experience me, across all my sessions: only from five answers, so no one can be picked out. */
function MySummary() {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: [...FEEDBACK_KEY, 'summary'], queryFn: feedbackClinicApi.summary });
  if (summary.isPending) return <Loading />;
  if (summary.isError) return <LoadError error={summary.error} />;
  const s = summary.data;
  if (!s.items) return <Text>{t('feedback.clinic.notYet', { count: s.responses, minimum: s.minimum })}</Text>;
  return (
    <Stack gap="xs">
      <Text size="sm">{t('feedback.clinic.basedOn', { count: s.responses })}</Text>
      <ScrollTable label={t('feedback.clinic.summary')} minWidth={360}>
        <Table verticalSpacing="sm">
          <Table.Tbody>
            {s.items.map((i) => (
              <Table.Tr key={i.linkId}>
                <Table.Th scope="row">{t(`feedback.clinic.item.${i.linkId as 'safe'}`, { defaultValue: i.linkId })}</Table.Th>
                <Table.Td>{t('feedback.clinic.mean', { mean: i.mean.toFixed(1) })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

/** The owner's choices: automatic requests by email, and the instruments the clinic uses. */
function OwnerSettings() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: [...FEEDBACK_KEY, 'settings'], queryFn: feedbackClinicApi.settings });
  const questionnaires = useQuery({ queryKey: [...FEEDBACK_KEY, 'questionnaires'], queryFn: feedbackClinicApi.questionnaires });
  const save = useMutation({
    mutationFn: feedbackClinicApi.saveSettings,
    onSuccess: () => qc.invalidateQueries({ queryKey: [...FEEDBACK_KEY, 'settings'] }),
  });
  const [json, setJson] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const load = useMutation({
    mutationFn: feedbackClinicApi.loadQuestionnaire,
    onSuccess: () => {
      setJson('');
      void qc.invalidateQueries({ queryKey: [...FEEDBACK_KEY, 'questionnaires'] });
    },
  });
  const submit = () => {
    setParseError(null);
    let resource: unknown;
    try {
      resource = JSON.parse(json);
    } catch {
      setParseError(t('feedback.clinic.notJson'));
      return;
    }
    load.mutate(resource);
  };
  if (settings.isPending || questionnaires.isPending) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} />;
  if (questionnaires.isError) return <LoadError error={questionnaires.error} />;
  return (
    <>
      <Section title={t('feedback.clinic.automatic')}>
        <Checkbox
          label={t('feedback.clinic.automaticLabel')}
          description={t('feedback.clinic.automaticHint')}
          checked={settings.data.automaticEmail}
          onChange={(e) => save.mutate({ automaticEmail: e.currentTarget.checked })}
          disabled={save.isPending}
        />
        <FormError message={save.isError ? errorText(save.error) : null} />
      </Section>
      <Section title={t('feedback.clinic.instruments')}>
        <ScrollTable label={t('feedback.clinic.instruments')} minWidth={560}>
          <Table verticalSpacing="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('feedback.clinic.instrumentTitle')}</Table.Th>
                <Table.Th scope="col">{t('feedback.clinic.version')}</Table.Th>
                <Table.Th scope="col">{t('feedback.clinic.language')}</Table.Th>
                <Table.Th scope="col">{t('feedback.clinic.origin')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {questionnaires.data.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Th scope="row" fw={500}>
                    {q.title}
                  </Table.Th>
                  <Table.Td>{q.version}</Table.Td>
                  <Table.Td>{q.language}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={q.builtIn ? 'sage' : 'gray'}>
                      {q.builtIn ? t('feedback.clinic.builtIn') : t('feedback.clinic.loaded')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        <NativeSelect
          label={t('feedback.clinic.askWith')}
          description={t('feedback.clinic.askWithHint')}
          value={settings.data.questionnaireId ?? ''}
          onChange={(e) => save.mutate({ automaticEmail: settings.data.automaticEmail, questionnaireId: e.currentTarget.value || null })}
          disabled={save.isPending}
          data={[
            { value: '', label: t('feedback.clinic.askWithBuiltIn') },
            ...questionnaires.data
              .filter((q) => !q.builtIn && q.status === 'active')
              .map((q) => ({ value: q.id, label: `${q.title} (${q.version}, ${q.language})` })),
          ]}
          maw={520}
        />
        <Textarea
          label={t('feedback.clinic.loadLabel')}
          description={t('feedback.clinic.loadHint')}
          value={json}
          onChange={(e) => setJson(e.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={12}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        <FormError message={parseError ?? (load.isError ? errorText(load.error) : null)} />
        {load.isSuccess && <Success>{t('feedback.clinic.loadedOk', { title: load.data.title })}</Success>}
        <Button onClick={submit} loading={load.isPending} disabled={!json.trim()} w="fit-content">
          {t('feedback.clinic.load')}
        </Button>
      </Section>
    </>
  );
}

/** Feedback for the clinic: my own summary (for those who treat) and, for the owner, the clinic's choices. */
export default function ClinicFeedbackPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const role = me.clinic?.role;
  const treats = role === 'therapist' || role === 'locum' || (role === 'owner' && me.clinic?.treats === true);
  return (
    <Page title={t('feedback.clinic.title')} intro={<Text>{t('feedback.clinic.intro')}</Text>}>
      {treats && (
        <Section title={t('feedback.clinic.openAlerts')}>
          <MyOpenAlertsList />
        </Section>
      )}
      {treats && (
        <Section title={t('feedback.clinic.summary')}>
          <MySummary />
        </Section>
      )}
      {role === 'owner' && <OwnerSettings />}
      {!treats && role !== 'owner' && <Text>{t('feedback.clinic.nothingForRole')}</Text>}
    </Page>
  );
}
