import { z } from 'zod';

export const TEXT_SHORT = 120;
export const TEXT_NOTE = 2000;
export const TEXT_LONG = 10_000;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a date like 1984-03-27.' })
  .refine(
    (v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    },
    { message: 'This date does not exist.' },
  );
export const IsoDate = isoDate;

const shortText = (label: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `Enter ${label}.` })
    .max(TEXT_SHORT);
const optionalShort = z.string().trim().max(TEXT_SHORT).optional().nullable();
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[0-9+().\- x]{7,40}$/, { message: 'Enter a phone number such as 416-555-0123.' })
  .optional()
  .nullable();
const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter an email address such as name@example.com.' }))
  .optional()
  .nullable();

export const PatientDemographicsInput = z
  .object({
    legalFirstName: shortText('the legal first name'),
    legalLastName: shortText('the legal last name'),
    preferredName: optionalShort,
    pronouns: z.string().trim().max(40).optional().nullable(),
    dateOfBirth: isoDate.refine((v) => v <= new Date().toISOString().slice(0, 10), {
      message: 'The date of birth cannot be in the future.',
    }),
    email,
    phone,
    address: z.string().trim().max(500).optional().nullable(),
    emergencyContactName: optionalShort,
    emergencyContactPhone: phone,
    emergencyContactRelationship: optionalShort,
    preferredLanguage: z.enum(['en', 'fr', 'other']).default('en'),
    communicationPreferences: z
      .object({ email: z.boolean().default(true), sms: z.boolean().default(false), phone: z.boolean().default(true) })
      .strict()
      .default({ email: true, sms: false, phone: true }),
    /** False when the patient is not capable of consenting for themself (a substitute decides). */
    capable: z.boolean().default(true),
  })
  .strict();
export type PatientDemographicsInput = z.input<typeof PatientDemographicsInput>;

export const CreatePatientBody = PatientDemographicsInput.extend({
  /** The therapist who will treat: defaults to the creator when they treat. */
  therapistUserId: z.string().min(1).max(64).optional(),
}).strict();
export const UpdatePatientBody = PatientDemographicsInput.partial().strict();

export const SdmRelationship = z.enum(['parent', 'guardian', 'attorney_personal_care', 'spouse_partner', 'other']);
export const SdmInput = z.object({ name: shortText('the name'), relationship: SdmRelationship, phone, email }).strict();
export const Sdm = z.object({
  id: z.string(),
  name: z.string(),
  relationship: SdmRelationship,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: z.string(),
});

export const RelationshipStatus = z.enum(['active', 'covered', 'transferred', 'ended']);
export const TreatmentPlanInput = z
  .object({
    areas: z.array(z.string().trim().min(1).max(80)).max(30),
    techniques: z.array(z.string().trim().min(1).max(80)).max(30),
    frequency: z.string().trim().min(1, { message: 'Say how often, e.g. weekly for 6 weeks.' }).max(TEXT_SHORT),
    reviewDate: isoDate,
    notes: z.string().trim().max(TEXT_NOTE).optional().nullable(),
  })
  .strict();
export const TreatmentPlan = TreatmentPlanInput.extend({
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  notes: z.string().nullable(),
});
export const UpdateRelationshipBody = z
  .object({ status: RelationshipStatus.optional(), patientGoals: z.string().trim().max(TEXT_NOTE).optional() })
  .strict();
export const Relationship = z.object({
  id: z.string(),
  therapistUserId: z.string(),
  therapistName: z.string(),
  startedOn: z.string(),
  status: RelationshipStatus,
  patientGoals: z.string().nullable(),
  plan: TreatmentPlan.nullable(),
  planReviewDue: z.boolean(),
});

export const VulnerabilityKind = z.enum(['pain', 'infirmity', 'disability', 'psycho_social', 'mental_health', 'other']);
export const VulnerabilitySource = z.enum(['patient_reported', 'therapist_assessed']);
/** Who sees a factor: the treating therapist only, or anyone who treats this patient (e.g. a locum later). */
export const VulnerabilityAudience = z.enum(['treating_therapist', 'care_team']);
export const VulnerabilityInput = z
  .object({
    kind: VulnerabilityKind,
    source: VulnerabilitySource,
    notedOn: isoDate,
    note: z.string().trim().max(TEXT_NOTE).optional().nullable(),
    /** A gentle, client-protecting flag shown where it matters, e.g. "prefers each step explained". */
    safeguard: z.string().trim().max(200).optional().nullable(),
    audience: VulnerabilityAudience.default('treating_therapist'),
  })
  .strict();
export const VulnerabilityFactor = z.object({
  id: z.string(),
  kind: z.union([VulnerabilityKind, z.enum(['age_child', 'age_elderly'])]),
  source: z.union([VulnerabilitySource, z.literal('derived')]),
  notedOn: z.string(),
  note: z.string().nullable(),
  safeguard: z.string().nullable(),
  audience: VulnerabilityAudience,
  active: z.boolean(),
});

/**
 * Why a patient is archived. Archiving keeps every record and hides the patient from lists and
 * booking until someone restores them.
 */
export const ARCHIVE_REASONS = ['moved_away', 'care_completed', 'chose_another_clinic', 'duplicate', 'deceased', 'other'] as const;
export const ArchiveReason = z.enum(ARCHIVE_REASONS);
export const ArchivePatientBody = z
  .object({
    reason: ArchiveReason,
    note: z.string().trim().max(500, { message: 'Keep the note under 500 characters.' }).optional().nullable(),
  })
  .strict()
  .refine((b) => b.reason !== 'other' || Boolean(b.note), {
    message: 'Say briefly why, when the reason is "other".',
    path: ['note'],
  });
export const PatientArchive = z.object({
  at: z.string(),
  byName: z.string().nullable(),
  reason: ArchiveReason,
  note: z.string().nullable(),
});
/** A patient's archive state after archiving or restoring: null while they are a current patient. */
export const PatientArchiveState = z.object({ id: z.string(), archived: PatientArchive.nullable() });

export const PatientSummary = z.object({
  id: z.string(),
  displayName: z.string(),
  legalName: z.string(),
  dateOfBirth: z.string(),
  age: z.number(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  minor: z.boolean(),
  /** Only in the list of archived patients: when, by whom and why. */
  archived: PatientArchive.nullable(),
});
export const PatientList = z.object({ patients: z.array(PatientSummary), total: z.number() });
export const PatientListQuery = z
  .object({
    q: z.string().trim().max(TEXT_SHORT).optional(),
    /** Current patients (the default), or the archived ones, to find and restore them. */
    status: z.enum(['current', 'archived']).default('current'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export const PatientDemographics = z.object({
  id: z.string(),
  legalFirstName: z.string(),
  legalLastName: z.string(),
  preferredName: z.string().nullable(),
  pronouns: z.string().nullable(),
  dateOfBirth: z.string(),
  age: z.number(),
  minor: z.boolean(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  emergencyContactName: z.string().nullable(),
  emergencyContactPhone: z.string().nullable(),
  emergencyContactRelationship: z.string().nullable(),
  preferredLanguage: z.string(),
  communicationPreferences: z.object({ email: z.boolean(), sms: z.boolean(), phone: z.boolean() }),
  capable: z.boolean(),
  substituteDecisionMakers: z.array(Sdm),
  /** A minor, or a patient marked not capable, needs a substitute decision-maker on file. */
  needsSubstituteDecisionMaker: z.boolean(),
  retentionUntil: z.string(),
  createdAt: z.string(),
});

/** The chart header: demographics for everyone allowed, clinical parts only for the treating therapist. */
export const PatientChart = z.object({
  patient: PatientDemographics,
  clinical: z
    .object({
      relationships: z.array(Relationship),
      vulnerability: z.array(VulnerabilityFactor),
      safeguards: z.array(z.string()),
      /** No health history yet, or the last one is more than a year old. */
      healthHistoryReviewDue: z.boolean(),
    })
    .nullable(),
});

export const RecordAccessEntry = z.object({
  at: z.string(),
  who: z.string(),
  role: z.string().nullable(),
  /** Who acted: a current member, someone who has since left the clinic, or the patient (through a secure link). */
  by: z.enum(['member', 'former_member', 'patient']),
  action: z.string(),
  /** The audited event (e.g. "note.viewed"): a stable code a client can translate. */
  code: z.string(),
});
export const RecordAccessReport = z.object({ patientId: z.string(), entries: z.array(RecordAccessEntry) });

// Health history (intake), completed by the patient through a secure link or on a clinic tablet.
const Items = z.array(z.string().trim().min(1).max(200)).max(50);
export const HealthHistoryAnswers = z
  .object({
    conditions: Items,
    medications: Items,
    allergies: Items,
    contraindications: Items,
    notes: z.string().trim().max(TEXT_NOTE).default(''),
  })
  .strict();
export type HealthHistoryAnswers = z.input<typeof HealthHistoryAnswers>;
export const HealthHistory = HealthHistoryAnswers.extend({
  id: z.string(),
  completedAt: z.string(),
  source: z.enum(['patient_link', 'tablet', 'therapist']),
  notes: z.string(),
});
export const HealthHistoryView = z.object({
  current: HealthHistory.nullable(),
  /** Earlier versions, newest first: a new answer never overwrites an old one. */
  previous: z.array(HealthHistory),
  reviewDue: z.boolean(),
  reviewDueOn: z.string().nullable(),
});
export const CreateIntakeLinkBody = z.object({ delivery: z.enum(['email', 'copy', 'tablet']).default('copy') }).strict();
export const IntakeLink = z.object({ link: z.string(), expiresAt: z.string(), emailQueued: z.boolean() });
export const IntakeForm = z.object({
  clinicName: z.string(),
  firstName: z.string(),
  /** The last answers, so an annual review only needs what changed. */
  previous: HealthHistoryAnswers.nullable(),
  expiresAt: z.string(),
});
