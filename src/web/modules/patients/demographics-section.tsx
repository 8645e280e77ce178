import { Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Demographics } from '../../lib/api.js';
import { formatDay } from '../../ui/format.js';
import { Success } from '../../ui/notices.js';
import { Section } from '../../ui/section.js';
import { chartKey } from './keys.js';
import { PatientForm } from './patient-form.js';

function Item({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {value || '—'}
      </Text>
    </Stack>
  );
}

export function DemographicsSection({ patient }: { patient: Demographics }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const update = useMutation({
    mutationFn: (body: Parameters<typeof api.updatePatient>[1]) => api.updatePatient(patient.id, body),
    onSuccess: () => {
      setEditing(false);
      setSaved(true);
      void client.invalidateQueries({ queryKey: chartKey(patient.id) });
      void client.invalidateQueries({ queryKey: ['patients'] });
    },
  });
  const prefs = patient.communicationPreferences;
  const channels = [
    prefs.email && t('patients.commEmail'),
    prefs.sms && t('patients.commSms'),
    prefs.phone && t('patients.commPhone'),
  ].filter(Boolean);
  return (
    <Section title={t('patients.demographics')}>
      {saved && !editing && <Success>{t('patients.saved')}</Success>}
      {editing ? (
        <PatientForm
          patient={patient}
          submitLabel={t('common.save')}
          pending={update.isPending}
          serverError={update.error}
          onSubmit={(body) => update.mutate(body)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="dl" m={0}>
            <Item label={t('patients.legalName')} value={`${patient.legalFirstName} ${patient.legalLastName}`} />
            <Item label={t('patients.preferredName')} value={patient.preferredName} />
            <Item label={t('patients.pronouns')} value={patient.pronouns} />
            <Item
              label={t('patients.dateOfBirth')}
              value={`${formatDay(patient.dateOfBirth)} (${t('patients.age', { age: patient.age })})`}
            />
            <Item label={t('patients.phone')} value={patient.phone} />
            <Item label={t('common.email')} value={patient.email} />
            <Item label={t('patients.address')} value={patient.address} />
            <Item
              label={t('patients.emergencyTitle')}
              value={[patient.emergencyContactName, patient.emergencyContactRelationship, patient.emergencyContactPhone]
                .filter(Boolean)
                .join(', ')}
            />
            <Item
              label={t('patients.preferredLanguage')}
              value={t(
                `patients.languages.${patient.preferredLanguage === 'fr' || patient.preferredLanguage === 'other' ? patient.preferredLanguage : 'en'}`,
              )}
            />
            <Item label={t('patients.commTitle')} value={channels.join(', ')} />
            <Item label={t('patients.retention')} value={formatDay(patient.retentionUntil)} />
          </SimpleGrid>
          <Group>
            <Button
              variant="default"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              {t('patients.edit')}
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}
