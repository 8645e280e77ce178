import { Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api.js';
import { seesPatients } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { Page } from '../../ui/page.js';
import { Section } from '../../ui/section.js';
import { PatientForm } from './patient-form.js';

export default function NewPatientPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: api.createPatient,
    onSuccess: (p) => {
      void client.invalidateQueries({ queryKey: ['patients'] });
      navigate(`/patients/${p.id}`, { state: { created: true } });
    },
  });
  if (!seesPatients(me)) {
    return (
      <Page title={t('patients.newTitle')}>
        <Text>{t('patients.notAllowed')}</Text>
      </Page>
    );
  }
  return (
    <Page title={t('patients.newTitle')} intro={<Text>{t('patients.newIntro')}</Text>}>
      <Section title={t('patients.demographics')}>
        <PatientForm
          submitLabel={t('patients.create')}
          pending={create.isPending}
          serverError={create.error}
          onSubmit={(body) => create.mutate(body)}
        />
      </Section>
    </Page>
  );
}
