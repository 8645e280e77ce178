import { AppError } from '../../platform/errors.js';
import { treatmentConsentInPlace } from '../consent/index.js';
import { needsSubstituteDecisionMaker } from '../patients/index.js';
import type { SchedulingDeps } from './deps.js';
import { wallClock } from './time.js';

/**
 * A minor, or a patient marked not capable, is booked for treatment only once a substitute
 * decision-maker's consent to treatment is in place (the consent module says whether it is).
 */
export async function assertTreatmentConsent(
  deps: SchedulingDeps,
  clinicId: string,
  patient: { id: string; date_of_birth: string; capable: number },
  now: Date,
  timeZone: string,
) {
  const today = wallClock(now, timeZone).date;
  if (!needsSubstituteDecisionMaker({ dateOfBirth: patient.date_of_birth, capable: patient.capable === 1 }, today)) return;
  const consent = await treatmentConsentInPlace(deps.db, clinicId, patient.id, now);
  if (!consent.inPlace) {
    throw new AppError(
      'CONSENT_REQUIRED',
      consent.message ?? 'A substitute decision-maker needs to give consent to treatment before this patient is booked.',
      { field: 'patientId' },
    );
  }
}
