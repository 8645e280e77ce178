import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api.js';

export const consentStatusKey = (patientId: string, appointmentId?: string) => ['consent-status', patientId, appointmentId ?? ''] as const;

/** What consent is in place, as kind notices: only what needs doing is shown. */
export function ConsentNotices({ patientId, withLink }: { patientId: string; withLink: boolean }) {
  const { t } = useTranslation();
  const status = useQuery({ queryKey: consentStatusKey(patientId), queryFn: () => api.consentStatus(patientId) });
  if (!status.data) return null;
  const { treatment, plan } = status.data;
  if (treatment.inPlace && !plan.needsReconfirmation) return null;
  return (
    <Stack gap="sm">
      {!treatment.inPlace && (
        <Alert color="yellow" variant="light" title={t('consent.treatmentMissingTitle')}>
          <Text size="sm">{treatment.message}</Text>
          {withLink && (
            <Anchor component={Link} to={`/patients/${patientId}/consent`} size="sm">
              {t('consent.recordNow')}
            </Anchor>
          )}
        </Alert>
      )}
      {plan.needsReconfirmation && (
        <Alert color="yellow" variant="light" title={t('consent.planTitle')}>
          <Text size="sm">{plan.message}</Text>
        </Alert>
      )}
    </Stack>
  );
}
