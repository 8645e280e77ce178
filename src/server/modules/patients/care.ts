import type { z } from 'zod';
import type { SdmInput, TreatmentPlanInput, UpdateRelationshipBody, VulnerabilityInput } from '../../../shared/patients/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { requirePatient } from './access.js';
import type { PatientsDeps } from './deps.js';
import { presentFactor, presentSdm } from './present.js';
import {
  endSdm,
  endVulnerability,
  findRelationship,
  insertPlan,
  insertSdm,
  insertVulnerability,
  updateRelationship as storeUpdateRelationship,
  supersedePlans,
} from './store.js';

function audited(deps: PatientsDeps, actor: Actor, clinicId: string, patientId: string, ip: string | null) {
  return (
    tx: Parameters<typeof recordAudit>[0],
    type: Parameters<typeof recordAudit>[2]['type'],
    subject: { type: string; id: string },
    data?: Record<string, string | number | boolean | null>,
  ) => recordAudit(tx, deps.dialect, { type, clinicId, actorUserId: actor.user.id, patientId, subject, ip, ...(data ? { data } : {}) });
}

export async function addSubstituteDecisionMaker(
  deps: PatientsDeps,
  actor: Actor,
  patientId: string,
  input: z.output<typeof SdmInput>,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'demographics');
  const row = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    patient_id: patient.id,
    name: input.name,
    relationship: input.relationship,
    phone: input.phone || null,
    email: input.email?.toLowerCase() || null,
    created_at: deps.now().toISOString(),
    ended_at: null,
  };
  const audit = audited(deps, actor, clinic.clinicId, patient.id, ip);
  await inTransaction(deps.db, async (tx) => {
    await insertSdm(tx, row);
    await audit(tx, 'patient.sdm_added', { type: 'sdm', id: row.id }, { relationship: input.relationship });
  });
  return presentSdm(row);
}

export async function removeSubstituteDecisionMaker(deps: PatientsDeps, actor: Actor, patientId: string, sdmId: string, ip: string | null) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'demographics');
  const audit = audited(deps, actor, clinic.clinicId, patient.id, ip);
  await inTransaction(deps.db, async (tx) => {
    if (!(await endSdm(tx, patient.id, sdmId, deps.now().toISOString())))
      throw new AppError('NOT_FOUND', 'This substitute decision-maker is not on file.');
    await audit(tx, 'patient.sdm_ended', { type: 'sdm', id: sdmId });
  });
}

/** The relationship must belong to this patient and to the therapist acting on it. */
async function ownRelationship(deps: PatientsDeps, actor: Actor, patientId: string, relationshipId: string) {
  const found = await requirePatient(deps, actor, patientId, 'clinical');
  const relationship = await findRelationship(deps.db, found.clinic.clinicId, relationshipId);
  if (!relationship || relationship.patient_id !== patientId) throw new AppError('NOT_FOUND', 'This relationship does not exist.');
  if (relationship.therapist_user_id !== actor.user.id) {
    throw new AppError('FORBIDDEN', 'Only the therapist in this relationship can change it.');
  }
  return { ...found, relationship };
}

export async function updateRelationship(
  deps: PatientsDeps,
  actor: Actor,
  patientId: string,
  relationshipId: string,
  input: z.output<typeof UpdateRelationshipBody>,
  ip: string | null,
) {
  const { clinic, relationship } = await ownRelationship(deps, actor, patientId, relationshipId);
  if (input.status === 'covered' || input.status === 'transferred') {
    throw new AppError('VALIDATION', 'Coverage and transfers are arranged through the coverage workflow.', { field: 'status' });
  }
  const audit = audited(deps, actor, clinic.clinicId, patientId, ip);
  await inTransaction(deps.db, async (tx) => {
    await storeUpdateRelationship(tx, relationship.id, {
      ...(input.status ? { status: input.status } : {}),
      ...(input.patientGoals !== undefined ? { patient_goals: input.patientGoals || null } : {}),
      updated_at: deps.now().toISOString(),
    });
    await audit(
      tx,
      'relationship.updated',
      { type: 'relationship', id: relationship.id },
      { status: input.status ?? null, goals: input.patientGoals !== undefined },
    );
  });
}

/** A new plan supersedes the current one, which is kept: plans are reviewed against the patient's goals over time. */
export async function setTreatmentPlan(
  deps: PatientsDeps,
  actor: Actor,
  patientId: string,
  relationshipId: string,
  input: z.output<typeof TreatmentPlanInput>,
  ip: string | null,
) {
  const { clinic, relationship } = await ownRelationship(deps, actor, patientId, relationshipId);
  if (relationship.status !== 'active') throw new AppError('CONFLICT', 'Plans are set within an active relationship.');
  const now = deps.now().toISOString();
  const id = crypto.randomUUID();
  const audit = audited(deps, actor, clinic.clinicId, patientId, ip);
  await inTransaction(deps.db, async (tx) => {
    await supersedePlans(tx, relationship.id, now);
    await insertPlan(tx, {
      id,
      relationship_id: relationship.id,
      therapist_user_id: relationship.therapist_user_id,
      areas: JSON.stringify(input.areas),
      techniques: JSON.stringify(input.techniques),
      frequency: input.frequency,
      review_date: input.reviewDate,
      notes: input.notes || null,
      created_at: now,
      created_by: actor.user.id,
      superseded_at: null,
    });
    await audit(tx, 'plan.set', { type: 'plan', id }, { reviewDate: input.reviewDate });
  });
  return { id, ...input, notes: input.notes || null, createdAt: now, createdBy: actor.user.id };
}

export async function addVulnerabilityFactor(
  deps: PatientsDeps,
  actor: Actor,
  patientId: string,
  input: z.output<typeof VulnerabilityInput>,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  if (input.notedOn > deps.now().toISOString().slice(0, 10))
    throw new AppError('VALIDATION', 'The date cannot be in the future.', { field: 'notedOn' });
  const row = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    patient_id: patient.id,
    kind: input.kind,
    source: input.source,
    noted_on: input.notedOn,
    note: input.note || null,
    safeguard: input.safeguard || null,
    audience: input.audience,
    created_at: deps.now().toISOString(),
    created_by: actor.user.id,
    ended_at: null,
  };
  const audit = audited(deps, actor, clinic.clinicId, patient.id, ip);
  await inTransaction(deps.db, async (tx) => {
    await insertVulnerability(tx, row);
    await audit(tx, 'vulnerability.added', { type: 'vulnerability', id: row.id }, { kind: input.kind });
  });
  return presentFactor(row);
}

export async function endVulnerabilityFactor(deps: PatientsDeps, actor: Actor, patientId: string, factorId: string, ip: string | null) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const audit = audited(deps, actor, clinic.clinicId, patient.id, ip);
  await inTransaction(deps.db, async (tx) => {
    if (!(await endVulnerability(tx, patient.id, factorId, deps.now().toISOString())))
      throw new AppError('NOT_FOUND', 'This factor is not on file or is already closed.');
    await audit(tx, 'vulnerability.ended', { type: 'vulnerability', id: factorId });
  });
}
