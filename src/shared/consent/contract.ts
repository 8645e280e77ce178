import { z } from 'zod';

export const ConsentType = z.enum([
  'treatment',
  'treatment_plan',
  'sensitive_area',
  'locum_coverage',
  'feedback',
  'deidentified_consultation',
]);
export type ConsentType = z.infer<typeof ConsentType>;
export const SensitiveArea = z.enum(['chest_wall', 'breast', 'upper_inner_thigh', 'gluteal']);
export type SensitiveArea = z.infer<typeof SensitiveArea>;
export const ConsentMethod = z.enum(['written', 'verbal']);

/** A signature drawn on screen, as a PNG data URL; 300 kB is far more than a signature needs. */
export const SIGNATURE_MAX = 300_000;
const Signature = z
  .string()
  .max(SIGNATURE_MAX, { message: 'The signature image is too large.' })
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, { message: 'The signature must be a PNG image drawn on screen.' });

export const RecordConsentBody = z
  .object({
    type: ConsentType,
    /** Who gave it: the patient, or a substitute decision-maker on file (by id). */
    givenBy: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('patient') }).strict(),
      z.object({ kind: z.literal('substitute'), substituteDecisionMakerId: z.string().min(1).max(64) }).strict(),
    ]),
    method: ConsentMethod,
    signature: Signature.optional(),
    /** Verbal consent: the therapist attests that it was given, for this session. */
    attested: z.boolean().optional(),
    areas: z.array(SensitiveArea).min(1).max(4).optional(),
    appointmentId: z.string().min(1).max(64).optional(),
    planId: z.string().min(1).max(64).optional(),
    notes: z.string().trim().max(2000).optional(),
  })
  .strict();
export type RecordConsentBody = z.infer<typeof RecordConsentBody>;

export const WithdrawConsentBody = z
  .object({ reason: z.string().trim().min(1, { message: 'Say briefly why, in the patient’s words if you can.' }).max(1000) })
  .strict();

export const Consent = z.object({
  id: z.string(),
  type: ConsentType,
  givenBy: z.object({ kind: z.enum(['patient', 'substitute']), name: z.string(), substituteDecisionMakerId: z.string().nullable() }),
  method: ConsentMethod,
  hasSignature: z.boolean(),
  areas: z.array(SensitiveArea),
  appointmentId: z.string().nullable(),
  planId: z.string().nullable(),
  notes: z.string().nullable(),
  givenAt: z.string(),
  recordedBy: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  active: z.boolean(),
});
export type Consent = z.infer<typeof Consent>;
export const ConsentList = z.object({ consents: z.array(Consent) });

export const ConsentStatus = z.object({
  treatment: z.object({ inPlace: z.boolean(), message: z.string().nullable() }),
  plan: z.object({ needsReconfirmation: z.boolean(), message: z.string().nullable() }),
  /** Sensitive areas with written consent for the appointment asked about. */
  sensitiveAreas: z.array(SensitiveArea),
  feedback: z.boolean(),
  locumCoverage: z.boolean(),
  deidentifiedConsultation: z.boolean(),
});
export type ConsentStatus = z.infer<typeof ConsentStatus>;
export const ConsentStatusQuery = z.object({ appointmentId: z.string().min(1).max(64).optional() }).strict();
