import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDay } from '../../ui/format.js';
import { LineChart } from '../../ui/line-chart.js';
import type { PresenceBesideProps } from '../../ui/presence-slot.js';
import { Section } from '../../ui/section.js';
import { reflectionApi } from './api.js';

/**
 * "Presence against experience": the therapist's own check-ins before each session with this
 * patient beside how present the patient found them. Read from the private room, shown only to
 * the therapist whose check-ins they are; the patient's answers come from the page around it.
 */
export default function PresenceBesideFeedback({ patientId, sessions, experienceLabel, experienceMax }: PresenceBesideProps) {
  const { t } = useTranslation();
  const presence = useQuery({
    queryKey: ['reflection', 'presence', patientId],
    queryFn: () => reflectionApi.presenceForPatient(patientId),
    retry: false,
  });
  // Someone without a private room (the server says so) simply does not see this section.
  if (presence.isPending || presence.isError) return null;
  const mine = new Map(presence.data.sessions.map((s) => [s.appointmentId, s]));
  const linked = sessions.filter((s) => mine.has(s.appointmentId));
  return (
    <Section title={t('reflection.presenceBeside.title')}>
      <Text size="sm">{t('reflection.presenceBeside.intro')}</Text>
      {linked.length === 0 ? (
        <Text size="sm">{t('reflection.presenceBeside.none')}</Text>
      ) : (
        <LineChart
          title={t('reflection.presenceBeside.chart')}
          firstColumn={t('reflection.presenceBeside.session')}
          labels={linked.map((s) => formatDay(s.date))}
          series={[
            {
              name: t('reflection.presenceBeside.myPresence'),
              color: '#2b8a3e',
              values: linked.map((s) => mine.get(s.appointmentId)?.presence ?? null),
            },
            {
              name: t('reflection.presenceBeside.theirs', { item: experienceLabel }),
              color: '#1864ab',
              dashed: true,
              // On the same 0–10 scale as presence, so the two lines can be read together.
              values: linked.map((s) => (s.experience === null ? null : Math.round((s.experience / experienceMax) * 100) / 10)),
            },
          ]}
        />
      )}
    </Section>
  );
}
