import type { AppDb } from '../../platform/db/index.js';
import { needsSubstituteDecisionMaker } from './rules.js';
import { currentPlansOfPatient, findPatient, planHistoryOf, relationshipsOf, sdmsOf } from './store.js';

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

/** The current treatment plan of one therapist's active relationship with a patient: when it was set, and its review date. */
export async function currentPlanCourse(db: AppDb, patientId: string, therapistUserId: string) {
  const relationship = (await relationshipsOf(db, patientId)).find((r) => r.therapist_user_id === therapistUserId && r.status === 'active');
  if (!relationship) return null;
  const plan = (await currentPlansOfPatient(db, patientId)).find((p) => p.relationship_id === relationship.id);
  return plan ? { startedAt: plan.created_at, reviewDate: plan.review_date } : null;
}

/** When one therapist set or changed a patient's treatment plan: markers for the feedback trajectory. */
export async function planChangesOf(db: AppDb, patientId: string, therapistUserId: string): Promise<{ id: string; at: string }[]> {
  return (await planHistoryOf(db, patientId, therapistUserId)).map((p) => ({ id: p.id, at: p.created_at }));
}
