import type { AppDb } from '../../platform/db/index.js';
import { needsSubstituteDecisionMaker } from './rules.js';
import { currentPlansOfActiveRelationships, findPatient, sdmsOf } from './store.js';

/**
 * Who a post-session questionnaire is sent to: the patient, or, when a substitute decides for them
 * (a minor, or a patient not capable), their first substitute decision-maker with an email
 * address. `email` is null when there is nobody to write to; `about` names the patient in a
 * substitute's email.
 */
export async function feedbackRecipient(db: AppDb, clinicId: string, patientId: string, today: string) {
  const patient = await findPatient(db, clinicId, patientId);
  if (!patient) return null;
  const firstName = patient.preferred_name ?? patient.legal_first_name;
  if (!needsSubstituteDecisionMaker({ dateOfBirth: patient.date_of_birth, capable: patient.capable === 1 }, today)) {
    return { sentTo: 'patient' as const, email: patient.email, about: firstName };
  }
  const substitute = (await sdmsOf(db, patient.id)).find((s) => s.email);
  return { sentTo: 'substitute' as const, email: substitute?.email ?? null, about: firstName };
}

/** Whether the patient is still one of the clinic's current patients (not archived): their feedback links work only then. */
export async function isCurrentPatient(db: AppDb, clinicId: string, patientId: string): Promise<boolean> {
  return (await findPatient(db, clinicId, patientId)) !== undefined;
}

/** A treatment plan's course: when it was set, and its review date. */
export interface PlanCourseOf {
  startedAt: string;
  reviewDate: string;
}

const PATIENTS_PER_STATEMENT = 5_000;

/**
 * The current treatment plan of each therapist's active relationship with each of these patients
 * (patient id → therapist id → course), in one query per 5,000 patients: the feedback alert pass
 * asks for thousands at a time, an answer for one.
 */
export async function currentPlanCourses(db: AppDb, patientIds: readonly string[]): Promise<Map<string, Map<string, PlanCourseOf>>> {
  const courses = new Map<string, Map<string, PlanCourseOf>>();
  // A whole batch of the nightly pass (5,000 patients) in one statement: SQLite allows 32,766
  // parameters. In pieces of 500 the pieces were round trips queued one after another on the pass's
  // PostgreSQL connection (session 12: the pass's reads 9.6–10.9 → 8.3–8.5 s summed over its batches).
  for (let i = 0; i < patientIds.length; i += PATIENTS_PER_STATEMENT) {
    const rows = await currentPlansOfActiveRelationships(db, patientIds.slice(i, i + PATIENTS_PER_STATEMENT));
    for (const r of rows) {
      const mine = courses.get(r.patient_id) ?? new Map<string, PlanCourseOf>();
      courses.set(r.patient_id, mine);
      // The earliest active relationship with a therapist counts, as on the chart.
      if (!mine.has(r.therapist_user_id)) mine.set(r.therapist_user_id, { startedAt: r.created_at, reviewDate: r.review_date });
    }
  }
  return courses;
}
