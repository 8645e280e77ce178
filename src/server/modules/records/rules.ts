import type { NoteContent, NoteFields } from '../../../shared/records/contract.js';
import { SENSITIVE_AREAS } from '../../../shared/records/contract.js';
import type { NotesTable } from './tables.js';

/** Plain rules for treatment records. */

export function fieldsOf(row: NotesTable): NoteFields {
  return {
    subjective: row.subjective,
    objective: row.objective,
    assessment: row.assessment,
    plan: row.plan,
    areasTreated: JSON.parse(row.areas_treated),
    techniques: JSON.parse(row.techniques),
    pressure: row.pressure as NoteFields['pressure'],
    patientResponse: row.patient_response,
    homeCare: row.home_care,
    painBefore: row.pain_before,
    painAfter: row.pain_after,
  };
}

/** Only the fields present in the input, in row form. */
export function rowPatch(input: NoteContent): Partial<NotesTable> {
  const patch: Partial<NotesTable> = {};
  if (input.templateId !== undefined) patch.template_id = input.templateId;
  if (input.subjective !== undefined) patch.subjective = input.subjective;
  if (input.objective !== undefined) patch.objective = input.objective;
  if (input.assessment !== undefined) patch.assessment = input.assessment;
  if (input.plan !== undefined) patch.plan = input.plan;
  if (input.areasTreated !== undefined) patch.areas_treated = JSON.stringify(input.areasTreated);
  if (input.techniques !== undefined) patch.techniques = JSON.stringify(input.techniques);
  if (input.pressure !== undefined) patch.pressure = input.pressure;
  if (input.patientResponse !== undefined) patch.patient_response = input.patientResponse;
  if (input.homeCare !== undefined) patch.home_care = input.homeCare;
  if (input.painBefore !== undefined) patch.pain_before = input.painBefore;
  if (input.painAfter !== undefined) patch.pain_after = input.painAfter;
  return patch;
}

/** The fields an amendment changes, compared with the note as it currently reads. */
export function changedFields(current: NoteFields, input: NoteContent): Partial<NoteFields> {
  const changes: Partial<NoteFields> = {};
  for (const key of Object.keys(current) as (keyof NoteFields)[]) {
    const next = input[key];
    if (next === undefined) continue;
    if (JSON.stringify(next) !== JSON.stringify(current[key])) Object.assign(changes, { [key]: next });
  }
  return changes;
}

export function applyAmendments(original: NoteFields, amendments: Partial<NoteFields>[]): NoteFields {
  return Object.assign({}, original, ...amendments);
}

/** Sensitive areas named among the areas treated (by their code, or their plain words). */
export function sensitiveAreasIn(areas: string[]): (typeof SENSITIVE_AREAS)[number][] {
  const words: Record<(typeof SENSITIVE_AREAS)[number], RegExp> = {
    chest_wall: /chest[\s_-]*wall/i,
    breast: /breast/i,
    upper_inner_thigh: /(upper[\s_-]*)?inner[\s_-]*thigh/i,
    gluteal: /glut(e|eal|es|eus)/i,
  };
  return SENSITIVE_AREAS.filter((area) => areas.some((a) => a === area || words[area].test(a)));
}

export const AREA_LABEL: Record<(typeof SENSITIVE_AREAS)[number], string> = {
  chest_wall: 'chest wall',
  breast: 'breast',
  upper_inner_thigh: 'upper inner thigh',
  gluteal: 'gluteal',
};

export const BUILT_IN_TEMPLATE = {
  id: 'built-in-soap',
  name: 'SOAP (standard)',
  subjective: 'What the patient reports today: concerns, pain, changes since last visit, goals in their words.',
  objective: 'What you observed and assessed: posture, range of motion, palpation, special tests.',
  assessment: 'Your clinical impression and how the patient responded to treatment.',
  plan: 'Next steps: frequency, home care, referrals, what to reassess.',
  active: true,
  builtIn: true,
};
