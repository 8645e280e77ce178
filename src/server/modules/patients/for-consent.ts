import type { AppDb } from '../../platform/db/index.js';
import { derivedAgeFactor, needsSubstituteDecisionMaker } from './rules.js';
import { currentPlans, findPatient, relationshipsOf, sdmsOf, vulnerabilitiesOf } from './store.js';

/**
 * What consent needs to know about a patient: whether a substitute decides, who they are, whether
 * the patient is vulnerable (any active factor, or age), and the current plans.
 */
export async function consentContext(db: AppDb, clinicId: string, patientId: string, today: string) {
  const patient = await findPatient(db, clinicId, patientId);
  if (!patient) return null;
  const sdms = await sdmsOf(db, patient.id);
  const factors = (await vulnerabilitiesOf(db, patient.id)).filter((f) => f.ended_at === null);
  const relationships = await relationshipsOf(db, patient.id);
  const plans = await currentPlans(
    db,
    relationships.filter((r) => r.status === 'active').map((r) => r.id),
  );
  return {
    needsSubstituteDecisionMaker: needsSubstituteDecisionMaker(
      { dateOfBirth: patient.date_of_birth, capable: patient.capable === 1 },
      today,
    ),
    substituteDecisionMakers: sdms.map((s) => ({ id: s.id, name: s.name, relationship: s.relationship })),
    vulnerable: factors.length > 0 || derivedAgeFactor(patient.date_of_birth, today) !== null,
    currentPlans: plans.map((p) => ({ id: p.id, createdAt: p.created_at })),
    patientName: `${patient.legal_first_name} ${patient.legal_last_name}`,
  };
}

export type ConsentContext = NonNullable<Awaited<ReturnType<typeof consentContext>>>;
