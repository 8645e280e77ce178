import type { RecordConsentBody, SensitiveArea } from '../../../shared/consent/contract.js';
import { AppError } from '../../platform/errors.js';
import type { ConsentContext } from '../patients/index.js';
import type { ConsentsTable } from './tables.js';

/** Plain consent rules: what is in place, what is missing, and what a new record must contain. */

function bySubstituteOnFile(c: ConsentsTable, ctx: ConsentContext): boolean {
  return c.given_by_kind === 'substitute' && ctx.substituteDecisionMakers.some((s) => s.id === c.sdm_id);
}

/** Consent to treatment in general; a minor or a patient not capable needs it from a substitute on file. */
export function treatmentConsent(ctx: ConsentContext, active: ConsentsTable[]): { inPlace: boolean; message: string | null } {
  const treatment = active.filter((c) => c.type === 'treatment');
  if (ctx.needsSubstituteDecisionMaker) {
    if (ctx.substituteDecisionMakers.length === 0) {
      return {
        inPlace: false,
        message: `${ctx.patientName} needs a substitute decision-maker on file, who then gives consent to treatment.`,
      };
    }
    if (!treatment.some((c) => bySubstituteOnFile(c, ctx))) {
      return { inPlace: false, message: `A substitute decision-maker needs to give consent to treatment for ${ctx.patientName} first.` };
    }
    return { inPlace: true, message: null };
  }
  return treatment.length > 0
    ? { inPlace: true, message: null }
    : { inPlace: false, message: `${ctx.patientName} has not given consent to treatment yet.` };
}

/** A vulnerable patient re-confirms consent each time the plan changes. */
export function planReconfirmation(ctx: ConsentContext, active: ConsentsTable[]): { needsReconfirmation: boolean; message: string | null } {
  if (!ctx.vulnerable) return { needsReconfirmation: false, message: null };
  const unconfirmed = ctx.currentPlans.filter((p) => !active.some((c) => c.type === 'treatment_plan' && c.plan_id === p.id));
  if (unconfirmed.length === 0) return { needsReconfirmation: false, message: null };
  return {
    needsReconfirmation: true,
    message: `The treatment plan changed. Please go through it with ${ctx.patientName} and ask them to confirm their consent again.`,
  };
}

/** Areas with written consent for this one appointment (Ontario: each session, in writing). */
export function sensitiveAreasConsented(active: ConsentsTable[], appointmentId: string | undefined): SensitiveArea[] {
  if (!appointmentId) return [];
  const areas = new Set<SensitiveArea>();
  for (const c of active) {
    if (c.type === 'sensitive_area' && c.appointment_id === appointmentId && c.method === 'written') {
      for (const a of JSON.parse(c.areas) as SensitiveArea[]) areas.add(a);
    }
  }
  return [...areas];
}

export function hasActive(active: ConsentsTable[], type: string): boolean {
  return active.some((c) => c.type === type);
}

/** Checks a consent before it is recorded; throws a kind message naming what is missing. */
export function assertRecordable(input: RecordConsentBody, ctx: ConsentContext): void {
  const fail = (message: string, field: string): never => {
    throw new AppError('VALIDATION', message, { field });
  };
  if (input.method === 'written' && !input.signature) fail('Written consent needs a signature drawn on screen.', 'signature');
  if (input.method === 'verbal' && input.attested !== true)
    fail('For verbal consent, confirm that you heard it given (your attestation).', 'attested');
  if (input.type === 'sensitive_area') {
    if (input.method !== 'written') fail('In Ontario, treatment of a sensitive area needs written consent for each session.', 'method');
    if (!input.areas?.length) fail('Choose the sensitive area or areas.', 'areas');
    if (!input.appointmentId) fail('Sensitive-area consent is for one session: choose the appointment.', 'appointmentId');
  } else if (input.areas?.length) {
    fail('Areas belong only to a sensitive-area consent.', 'areas');
  }
  if (input.type === 'treatment_plan') {
    if (!input.planId) fail('Choose the treatment plan being consented to.', 'planId');
    if (!ctx.currentPlans.some((p) => p.id === input.planId)) fail('That is not a current treatment plan for this patient.', 'planId');
  }
  if (input.givenBy.kind === 'substitute') {
    const sdmId = input.givenBy.substituteDecisionMakerId;
    if (!ctx.substituteDecisionMakers.some((s) => s.id === sdmId))
      fail('That substitute decision-maker is not on file for this patient.', 'givenBy');
  } else if (ctx.needsSubstituteDecisionMaker) {
    fail(
      ctx.substituteDecisionMakers.length === 0
        ? 'This patient needs a substitute decision-maker on file, who gives consent for them.'
        : 'This patient’s substitute decision-maker gives consent for them: choose who gave it.',
      'givenBy',
    );
  }
}
