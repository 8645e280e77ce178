import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';

export const chartKey = (id: string) => ['patient', id] as const;

export function useChart(id: string) {
  return useQuery({ queryKey: chartKey(id), queryFn: () => api.chart(id) });
}
