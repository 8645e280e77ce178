/**
 * Areas a therapist may be working on for quality assurance, in Attune's own plain words (en/fr
 * labels live in the web locales). They tag journal entries and learning-plan goals; both are
 * sealed in the browser, so the server never learns which areas someone is working on.
 */
export const COMPETENCIES = [
  'boundaries',
  'consent_communication',
  'client_centred',
  'safety_risk',
  'record_keeping',
  'self_care',
  'ethics',
  'clinical_reasoning',
] as const;
export type Competency = (typeof COMPETENCIES)[number];

const known = new Set<string>(COMPETENCIES);
/** Tags read back from a decrypted payload: only known areas, each once, in the list's order. */
export const cleanCompetencies = (value: unknown): Competency[] =>
  Array.isArray(value) ? COMPETENCIES.filter((c) => value.includes(c) && known.has(c)) : [];

export const GOAL_STATUSES = ['planned', 'in_progress', 'achieved'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
