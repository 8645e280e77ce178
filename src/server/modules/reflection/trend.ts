import type { PresenceCheckInsTable } from './tables.js';

export type TrendBy = 'day' | 'weekday' | 'hour' | 'patient';
const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Averages of presence and attention per day, weekday, hour of day or patient (plain, tested). */
export function trendOf(
  rows: Pick<PresenceCheckInsTable, 'local_date' | 'local_hour' | 'weekday' | 'presence' | 'attention' | 'patient_id'>[],
  by: TrendBy,
  patientNames: Map<string, string> = new Map(),
) {
  const groups = new Map<string, { label: string; count: number; presence: number; attention: number }>();
  for (const r of rows) {
    let key: string;
    let label: string;
    if (by === 'day') [key, label] = [r.local_date, r.local_date];
    else if (by === 'weekday') [key, label] = [String(r.weekday), WEEKDAYS[r.weekday] ?? String(r.weekday)];
    else if (by === 'hour') [key, label] = [String(r.local_hour).padStart(2, '0'), `${String(r.local_hour).padStart(2, '0')}:00`];
    else {
      if (!r.patient_id) continue;
      [key, label] = [r.patient_id, patientNames.get(r.patient_id) ?? 'A patient'];
    }
    const g = groups.get(key) ?? { label, count: 0, presence: 0, attention: 0 };
    g.count++;
    g.presence += r.presence;
    g.attention += r.attention;
    groups.set(key, g);
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({
      key,
      label: g.label,
      count: g.count,
      presence: round(g.presence / g.count),
      attention: round(g.attention / g.count),
    }));
}

export const LOW_PRESENCE = 4;

export function refocusFor(presence: number, attention: number) {
  if (presence > LOW_PRESENCE && attention > LOW_PRESENCE) return null;
  return {
    questions: [
      'Am I here today?',
      'Am I here for this client?',
      'If not, how can I gently refocus and return to what this session is for?',
    ],
    practices: [
      {
        id: 'breaths',
        title: 'Three slow breaths',
        steps: 'Breathe in for four, out for six, three times. Let your shoulders drop on each out-breath.',
      },
      {
        id: 'feet',
        title: 'Feet on the floor',
        steps: 'Feel your weight through both feet for a few seconds. Notice the floor holding you.',
      },
      {
        id: 'set-down',
        title: 'Name it, set it down',
        steps: 'Name what is pulling at you, in a word. Picture setting it on a shelf outside the room until the session ends.',
      },
      {
        id: 'hands',
        title: 'Mindful hand washing',
        steps: 'Wash your hands slowly before the session, noticing the water and temperature, and arrive with them.',
      },
    ],
  };
}
