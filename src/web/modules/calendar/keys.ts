import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';

/** Everything on the calendar starts with this key, so one invalidation refreshes every view. */
export const SCHEDULING_KEY = ['scheduling'] as const;

export function useSchedulingSettings() {
  return useQuery({ queryKey: [...SCHEDULING_KEY, 'settings'], queryFn: api.schedulingSettings, staleTime: 300_000 });
}

export function useAppointmentTypes(includeInactive = false) {
  return useQuery({ queryKey: [...SCHEDULING_KEY, 'types', includeInactive], queryFn: () => api.appointmentTypes(includeInactive) });
}
