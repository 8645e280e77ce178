import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppointmentData } from '../../lib/api.js';

const COLOURS: Record<AppointmentData['status'], string> = {
  booked: 'blue',
  arrived: 'sage',
  completed: 'gray',
  cancelled: 'orange',
  no_show: 'yellow',
};

export function StatusBadge({ status }: { status: AppointmentData['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLOURS[status]} size="lg" tt="none">
      {t(`calendar.status.${status}`)}
    </Badge>
  );
}
