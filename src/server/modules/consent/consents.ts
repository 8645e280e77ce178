import type { Consent, ConsentStatus, RecordConsentBody } from '../../../shared/consent/contract.js';
import { type AppDb, type DialectName, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit, recordPatientRead } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { consentContext, requirePatient } from '../patients/index.js';
import { assertRecordable, hasActive, planReconfirmation, sensitiveAreasConsented, treatmentConsent } from './rules.js';
import { activeConsents, consentsOf, insertConsent, withdraw } from './store.js';
import type { ConsentsTable } from './tables.js';

export interface ConsentDeps {
  db: AppDb;
  dialect: DialectName;
  now: () => Date;
}

const today = (deps: ConsentDeps) => deps.now().toISOString().slice(0, 10);

async function contextFor(deps: ConsentDeps, clinicId: string, patientId: string) {
  const ctx = await consentContext(deps.db, clinicId, patientId, today(deps));
  if (!ctx) throw new AppError('NOT_FOUND', 'This patient is not in your list.');
  return ctx;
}

export function presentConsent(c: ConsentsTable): Consent {
  return {
    id: c.id,
    type: c.type as Consent['type'],
    givenBy: { kind: c.given_by_kind as 'patient' | 'substitute', name: c.given_by_name, substituteDecisionMakerId: c.sdm_id },
    method: c.method as Consent['method'],
    hasSignature: c.signature !== null,
    areas: JSON.parse(c.areas),
    appointmentId: c.appointment_id,
    planId: c.plan_id,
    notes: c.notes,
    givenAt: c.given_at,
    recordedBy: c.recorded_by,
    withdrawnAt: c.withdrawn_at,
    withdrawnReason: c.withdrawn_reason,
    active: c.withdrawn_at === null,
  };
}

/** Records consent given now, by the patient or their substitute, in writing or verbally with attestation. */
export async function recordConsent(
  deps: ConsentDeps,
  actor: Actor,
  patientId: string,
  input: RecordConsentBody,
  ip: string | null,
): Promise<Consent> {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const ctx = await contextFor(deps, clinic.clinicId, patient.id);
  assertRecordable(input, ctx);
  const at = deps.now().toISOString();
  const sdm =
    input.givenBy.kind === 'substitute'
      ? ctx.substituteDecisionMakers.find(
          (s) => s.id === (input.givenBy as { substituteDecisionMakerId: string }).substituteDecisionMakerId,
        )
      : undefined;
  const row: ConsentsTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    patient_id: patient.id,
    type: input.type,
    given_by_kind: input.givenBy.kind,
    given_by_name: sdm?.name ?? ctx.patientName,
    sdm_id: sdm?.id ?? null,
    method: input.method,
    signature: input.method === 'written' ? (input.signature ?? null) : null,
    attested_by: input.method === 'verbal' ? actor.user.id : null,
    areas: JSON.stringify(input.areas ?? []),
    appointment_id: input.appointmentId ?? null,
    plan_id: input.planId ?? null,
    notes: input.notes || null,
    given_at: at,
    recorded_by: actor.user.id,
    withdrawn_at: null,
    withdrawn_reason: null,
    withdrawn_by: null,
  };
  await inTransaction(deps.db, async (tx) => {
    await insertConsent(tx, row);
    await recordAudit(tx, deps.dialect, {
      type: 'consent.recorded',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'consent', id: row.id },
      ip,
      data: { type: input.type, method: input.method, by: input.givenBy.kind },
    });
  });
  return presentConsent(row);
}

/** Withdrawal stops what depends on the consent from now on; the record itself is kept. */
export async function withdrawConsent(
  deps: ConsentDeps,
  actor: Actor,
  patientId: string,
  consentId: string,
  reason: string,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  await inTransaction(deps.db, async (tx) => {
    const done = await withdraw(tx, clinic.clinicId, patient.id, consentId, {
      withdrawn_at: deps.now().toISOString(),
      withdrawn_reason: reason,
      withdrawn_by: actor.user.id,
    });
    if (!done) throw new AppError('NOT_FOUND', 'This consent is not on file, or it was already withdrawn.');
    await recordAudit(tx, deps.dialect, {
      type: 'consent.withdrawn',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'consent', id: consentId },
      ip,
    });
  });
}

export async function listConsents(deps: ConsentDeps, actor: Actor, patientId: string, ip: string | null) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const rows = await consentsOf(deps.db, clinic.clinicId, patient.id);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'consent.viewed', patient.id);
  return rows.map(presentConsent);
}

/** Everything in place (or missing) for one patient, optionally for one appointment. */
export async function statusOf(deps: ConsentDeps, clinicId: string, patientId: string, appointmentId?: string): Promise<ConsentStatus> {
  const ctx = await contextFor(deps, clinicId, patientId);
  const active = await activeConsents(deps.db, clinicId, patientId, [
    'treatment',
    'treatment_plan',
    'sensitive_area',
    'feedback',
    'locum_coverage',
    'deidentified_consultation',
  ]);
  return {
    treatment: treatmentConsent(ctx, active),
    plan: planReconfirmation(ctx, active),
    sensitiveAreas: sensitiveAreasConsented(active, appointmentId),
    feedback: hasActive(active, 'feedback'),
    locumCoverage: hasActive(active, 'locum_coverage'),
    deidentifiedConsultation: hasActive(active, 'deidentified_consultation'),
  };
}

export async function consentStatus(deps: ConsentDeps, actor: Actor, patientId: string, appointmentId: string | undefined) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  return statusOf(deps, clinic.clinicId, patient.id, appointmentId);
}

/** For booking: may this patient be booked for treatment? (Minors need a substitute's consent.) */
export async function treatmentConsentInPlace(db: AppDb, clinicId: string, patientId: string, now: Date = new Date()) {
  const ctx = await consentContext(db, clinicId, patientId, now.toISOString().slice(0, 10));
  if (!ctx) return { inPlace: false, message: 'This patient is not in your list.' };
  const result = treatmentConsent(ctx, await activeConsents(db, clinicId, patientId, ['treatment']));
  return { inPlace: result.inPlace, ...(result.message ? { message: result.message } : {}) };
}

/** For signing a note: the sensitive areas with written consent for this appointment. */
export async function sensitiveAreasConsentedFor(db: AppDb, clinicId: string, patientId: string, appointmentId: string) {
  return sensitiveAreasConsented(await activeConsents(db, clinicId, patientId, ['sensitive_area']), appointmentId);
}
