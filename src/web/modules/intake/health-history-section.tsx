import { Alert, Button, CopyButton, Group, List, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, type Demographics } from '../../lib/api.js';
import { useErrorText } from '../../lib/errors.js';
import { lockJournal } from '../../lib/journal-crypto.js';
import { formatDateTime, formatDay } from '../../ui/format.js';
import { FormError, LoadError, Loading, Success } from '../../ui/notices.js';
import { Section } from '../../ui/section.js';

const LISTS = ['conditions', 'medications', 'allergies', 'contraindications'] as const;

export function HealthHistorySection({ patient }: { patient: Demographics }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const client = useQueryClient();
  const history = useQuery({ queryKey: ['health-history', patient.id], queryFn: () => api.healthHistory(patient.id) });
  const link = useMutation({
    mutationFn: async (delivery: 'email' | 'copy' | 'tablet') => {
      const result = await api.createIntakeLink(patient.id, { delivery });
      // Handing the tablet over: the session is locked first, so nothing of the practice is one
      // Back button away, and nothing already loaded stays in the page's memory.
      if (delivery === 'tablet') await api.lockDevice();
      return result;
    },
    onSuccess: (result, delivery) => {
      if (delivery === 'tablet') {
        client.clear();
        lockJournal();
        const url = new URL(result.link, window.location.origin);
        navigate(`${url.pathname}?tablet=1`, { replace: true });
      }
    },
  });
  const current = history.data?.current;
  return (
    <Section title={t('history.title')}>
      {history.isPending && <Loading />}
      {history.isError && <LoadError error={history.error} />}
      {history.data?.reviewDue && (
        <Alert color="yellow" variant="light" title={current ? t('history.reviewDueTitle') : t('history.missingTitle')}>
          {current ? t('history.reviewDueBody', { date: formatDay(history.data.reviewDueOn ?? '') }) : t('history.missingBody')}
        </Alert>
      )}
      {current && (
        <Stack gap="sm">
          <Text size="sm">
            {t('history.completed', { when: formatDateTime(current.completedAt), source: t(`history.sources.${current.source}`) })}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {LISTS.map((k) => (
              <Stack key={k} gap={4}>
                <Title order={3} size="h5">
                  {t(`history.${k}`)}
                </Title>
                {current[k].length === 0 ? (
                  <Text size="sm">{t('history.noneListed')}</Text>
                ) : (
                  <List size="sm" spacing={2}>
                    {current[k].map((item) => (
                      <List.Item key={item}>{item}</List.Item>
                    ))}
                  </List>
                )}
              </Stack>
            ))}
          </SimpleGrid>
          {current.notes && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              <strong>{t('history.notes')}:</strong> {current.notes}
            </Text>
          )}
          {history.data && history.data.previous.length > 0 && (
            <Text size="sm" c="dimmed">
              {t('history.previous', { dates: history.data.previous.map((h) => formatDay(h.completedAt)).join(', ') })}
            </Text>
          )}
        </Stack>
      )}
      <Text size="sm">{t('history.askIntro')}</Text>
      <Group gap="sm">
        <Button variant="default" onClick={() => link.mutate('copy')} loading={link.isPending && link.variables === 'copy'}>
          {t('history.copyLink')}
        </Button>
        {patient.email && (
          <Button variant="default" onClick={() => link.mutate('email')} loading={link.isPending && link.variables === 'email'}>
            {t('history.emailLink')}
          </Button>
        )}
        <Button variant="default" onClick={() => link.mutate('tablet')} loading={link.isPending && link.variables === 'tablet'}>
          {t('history.tablet')}
        </Button>
      </Group>
      <FormError message={link.isError ? errorText(link.error) : null} />
      {link.data && link.variables === 'email' && link.data.emailQueued && (
        <Success>{t('history.emailed', { email: patient.email ?? '' })}</Success>
      )}
      {link.data && (link.variables === 'copy' || (link.variables === 'email' && !link.data.emailQueued)) && (
        <Alert color="sage" variant="light" role="status" title={t('history.linkTitle')}>
          <Stack gap="sm">
            <Text size="sm">{t('history.linkBody', { date: formatDateTime(link.data.expiresAt) })}</Text>
            <Group align="flex-end" gap="sm">
              <TextInput
                label={t('history.linkLabel')}
                value={link.data.link}
                readOnly
                style={{ flex: 1, minWidth: 240 }}
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton value={link.data.link}>
                {({ copied, copy }) => (
                  <Button variant="default" onClick={copy}>
                    {copied ? t('common.copied') : t('people.copyLink')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
    </Section>
  );
}
