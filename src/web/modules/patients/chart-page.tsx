import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { treatsPatients } from '../../lib/roles.js';
import { useSignedInMe } from '../../lib/session.js';
import { LoadError, Loading, Success } from '../../ui/notices.js';
import { Page } from '../../ui/page.js';
import { Safeguards } from '../../ui/safeguards.js';
import { PatientAppointments } from '../calendar/patient-appointments.js';
import { ConsentNotices } from '../consent/consent-notices.js';
import { HealthHistorySection } from '../intake/health-history-section.js';
import { MeasuresSection, NotesSection } from '../records/notes-section.js';
import { AccessReportSection } from './access-report.js';
import { ArchiveDialog } from './archive-dialog.js';
import { RelationshipSection, VulnerabilitySection } from './care-section.js';
import { DemographicsSection } from './demographics-section.js';
import { useChart } from './keys.js';
import { RelationshipLogSection } from './relationship-log-section.js';
import { SdmSection } from './sdm-section.js';

export default function ChartPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const { patientId = '' } = useParams();
  const location = useLocation();
  const chart = useChart(patientId);
  const [archiving, setArchiving] = useState(false);
  if (chart.isPending) return <Loading />;
  if (chart.isError) {
    const status = (chart.error as { status?: number }).status;
    if (status === 404 || status === 403) {
      return (
        <Page title={t('patients.notAvailableTitle')}>
          <Text>{t('patients.notAvailableBody')}</Text>
        </Page>
      );
    }
    return <LoadError error={chart.error} retry={() => void chart.refetch()} />;
  }
  const { patient, clinical } = chart.data;
  const name = `${patient.preferredName ?? patient.legalFirstName} ${patient.legalLastName}`;
  const created = (location.state as { created?: boolean } | null)?.created;
  const canBook = treatsPatients(me) || me.clinic?.role === 'owner' || me.clinic?.role === 'admin';
  return (
    <Page
      title={name}
      intro={
        <Text>
          {t('patients.age', { age: patient.age })}
          {patient.pronouns ? ` · ${patient.pronouns}` : ''}
        </Text>
      }
    >
      {created && <Success>{t('patients.created', { name })}</Success>}
      {clinical && <Safeguards items={clinical.safeguards} name={name} />}
      {clinical && <ConsentNotices patientId={patient.id} withLink />}
      {patient.needsSubstituteDecisionMaker && patient.substituteDecisionMakers.length === 0 && (
        <Alert color="yellow" variant="light" title={t('sdm.neededTitle')}>
          {patient.minor ? t('sdm.neededMinor') : t('sdm.neededNotCapable')}
        </Alert>
      )}
      <Group gap="sm">
        {canBook && (
          <Button component={Link} to={`/calendar?book=${encodeURIComponent(patient.id)}&name=${encodeURIComponent(name)}`}>
            {t('patients.book')}
          </Button>
        )}
        {clinical && (
          <Button component={Link} to={`/patients/${patient.id}/consent`} variant="default">
            {t('patients.consent')}
          </Button>
        )}
        {clinical && (
          <Button component={Link} to={`/patients/${patient.id}/feedback`} variant="default">
            {t('patients.feedback')}
          </Button>
        )}
        {canBook && (
          <Button variant="subtle" color="gray" onClick={() => setArchiving(true)}>
            {t('archive.open')}
          </Button>
        )}
      </Group>
      {archiving && <ArchiveDialog patientId={patient.id} name={name} onClose={() => setArchiving(false)} />}
      <ChartSections
        label={t('patients.onThisPage')}
        sections={[
          { id: 'details', title: t('patients.demographics'), body: <DemographicsSection patient={patient} /> },
          { id: 'decision-makers', title: t('sdm.title'), body: <SdmSection patient={patient} /> },
          canBook && {
            id: 'appointments',
            title: t('patientAppointments.title'),
            body: <PatientAppointments patientId={patient.id} />,
          },
          clinical && { id: 'health-history', title: t('history.title'), body: <HealthHistorySection patient={patient} /> },
          clinical && {
            id: 'relationship',
            title: t('care.relationshipTitle'),
            body: <RelationshipSection patientId={patient.id} clinical={clinical} />,
          },
          clinical && {
            id: 'vulnerability',
            title: t('care.vulnerabilityTitle'),
            body: <VulnerabilitySection patientId={patient.id} clinical={clinical} />,
          },
          clinical && { id: 'gifts-contact', title: t('relationshipLog.title'), body: <RelationshipLogSection patientId={patient.id} /> },
          clinical && { id: 'notes', title: t('notes.title'), body: <NotesSection patientId={patient.id} /> },
          clinical && { id: 'measures', title: t('measures.title'), body: <MeasuresSection patientId={patient.id} /> },
          (clinical || me.clinic?.role === 'owner') && {
            id: 'access-report',
            title: t('access.title'),
            body: <AccessReportSection patientId={patient.id} />,
          },
        ]}
      />
    </Page>
  );
}

interface ChartSection {
  id: string;
  title: string;
  body: ReactNode;
}

/**
 * The chart's sections in order, with a list of links to each at the top: a long chart is read by
 * jumping to the part needed. Only the sections this reader may see are listed, as only they render.
 */
function ChartSections({ label, sections }: { label: string; sections: Array<ChartSection | false | null> }) {
  const shown = sections.filter((s): s is ChartSection => Boolean(s));
  return (
    <>
      <nav aria-label={label}>
        <Group gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {shown.map((s) => (
            <li key={s.id}>
              <Anchor href={`#chart-${s.id}`} size="sm">
                {s.title}
              </Anchor>
            </li>
          ))}
        </Group>
      </nav>
      {shown.map((s) => (
        <div key={s.id} id={`chart-${s.id}`} style={{ scrollMarginTop: 'var(--mantine-spacing-md)' }}>
          {s.body}
        </div>
      ))}
    </>
  );
}
