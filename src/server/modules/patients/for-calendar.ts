import type { AppDb } from '../../platform/db/index.js';
import { displayName } from './rules.js';
import { activeSafeguards, identifiersOfTherapistPatients, namesOf, plansDue } from './store.js';

/**
 * What the treating therapist's day needs from patients: gentle safeguards per patient and plans
 * due for review. Callers must only show these to the treating therapist (never to the front desk).
 */
export async function safeguardsByPatient(db: AppDb, patientIds: string[]): Promise<Map<string, string[]>> {
  const byPatient = new Map<string, string[]>();
  for (const row of await activeSafeguards(db, [...new Set(patientIds)])) {
    const list = byPatient.get(row.patient_id) ?? [];
    list.push(row.safeguard as string);
    byPatient.set(row.patient_id, list);
  }
  return byPatient;
}

/**
 * A day's page shows the most overdue plans; whether more are due is known by asking for one more.
 * (Counting them all walked the whole caseload again, on every opening of Today.)
 */
export const PLANS_DUE_SHOWN = 20;

export async function plansDueForReview(db: AppDb, clinicId: string, therapistUserId: string, today: string) {
  const rows = await plansDue(db, clinicId, therapistUserId, today, PLANS_DUE_SHOWN + 1);
  return {
    more: rows.length > PLANS_DUE_SHOWN,
    plans: rows.slice(0, PLANS_DUE_SHOWN).map((r) => ({
      patientId: r.patient_id,
      patientName: displayName(r),
      relationshipId: r.relationship_id,
      reviewDate: r.review_date,
    })),
  };
}

/** Display names of a clinic's patients, by id (for the treating therapist's own views). */
export async function patientDisplayNames(db: AppDb, clinicId: string, ids: string[]): Promise<Map<string, string>> {
  return new Map((await namesOf(db, clinicId, [...new Set(ids)])).map((p) => [p.id, displayName(p)]));
}

/** Words that identify the therapist's own patients: checked in the browser, before a reflection is saved. */
export async function identifyingTerms(db: AppDb, clinicId: string, therapistUserId: string): Promise<string[]> {
  const terms = new Set<string>();
  for (const p of await identifiersOfTherapistPatients(db, clinicId, therapistUserId)) {
    for (const t of [p.legal_first_name, p.legal_last_name, p.preferred_name, p.email, p.phone_digits]) if (t) terms.add(t);
  }
  return [...terms];
}
