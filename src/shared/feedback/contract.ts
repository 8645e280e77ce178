import { z } from 'zod';

/** Post-session feedback: the patient's voice after each session (issue 5, capability 8). */

export const FEEDBACK_LANGUAGES = ['en', 'fr'] as const;
export const FeedbackLanguage = z.enum(FEEDBACK_LANGUAGES);
export type FeedbackLanguage = z.infer<typeof FeedbackLanguage>;

/** Limits on what a patient may send: small on purpose (about thirty seconds of answering). */
export const FEEDBACK_LIMITS = { items: 40, linkId: 64, text: 1000 } as const;

const Id = z.string().min(1).max(64);

// ── The patient's side (public, by link) ────────────────────────────────────────────────────────

export const FeedbackOption = z.object({ value: z.number().int(), label: z.string() });
export const FeedbackItem = z.object({
  linkId: z.string(),
  text: z.string(),
  kind: z.enum(['scale', 'integer', 'text']),
  required: z.boolean(),
  options: z.array(FeedbackOption),
  min: z.number().int().nullable(),
  max: z.number().int().nullable(),
  maxLength: z.number().int().nullable(),
});
export type FeedbackItem = z.infer<typeof FeedbackItem>;

/** What the link opens: the questionnaire in the patient's language, and no health information. */
export const FeedbackForm = z.object({
  clinicName: z.string(),
  therapistFirstName: z.string(),
  sessionDate: z.string(),
  language: FeedbackLanguage,
  title: z.string(),
  items: z.array(FeedbackItem),
  expiresAt: z.string(),
  /** The patient's first name when the questionnaire went to their substitute decision-maker. */
  answeringFor: z.string().nullable(),
});
export type FeedbackForm = z.infer<typeof FeedbackForm>;

export const FeedbackAnswer = z.object({
  linkId: z.string({ error: 'Each answer needs the question it answers (linkId).' }).min(1).max(FEEDBACK_LIMITS.linkId),
  value: z.union([z.number().int(), z.string().max(FEEDBACK_LIMITS.text, `Comments can be up to ${FEEDBACK_LIMITS.text} characters.`)], {
    error: 'Each answer is a whole number or a short text.',
  }),
});

export const FeedbackAnswersBody = z.object({
  /** "I'd rather not answer": nothing else is stored. */
  declined: z.boolean().default(false),
  answers: z.array(FeedbackAnswer).max(FEEDBACK_LIMITS.items, 'Too many answers for this questionnaire.').default([]),
});
export type FeedbackAnswersBody = z.input<typeof FeedbackAnswersBody>;

export const FeedbackThanks = z.object({ ok: z.literal(true), declined: z.boolean() });

// ── The clinic's side ───────────────────────────────────────────────────────────────────────────

export const CreateFeedbackRequestBody = z.object({
  appointmentId: Id,
  /** email: to the patient (or a minor's substitute decision-maker); in_clinic: a link or QR code shown at the front desk. */
  delivery: z.enum(['email', 'in_clinic'], { error: 'Choose how the questionnaire reaches the patient: email or in the clinic.' }),
});

export const FeedbackRequestCreated = z.object({
  id: z.string(),
  appointmentId: z.string(),
  link: z.string(),
  expiresAt: z.string(),
  emailQueued: z.boolean(),
  sentTo: z.enum(['patient', 'substitute']).nullable(),
});
export type FeedbackRequestCreated = z.infer<typeof FeedbackRequestCreated>;

export const RelationshipScores = z.object({
  safe: z.number().nullable(),
  heard: z.number().nullable(),
  present: z.number().nullable(),
  consent: z.number().nullable(),
});

export const TrajectoryEntry = z.object({
  responseId: z.string(),
  appointmentId: z.string(),
  sessionDate: z.string(),
  therapistUserId: z.string(),
  /** Another therapist's session (e.g. a locum visit). */
  withOtherTherapist: z.boolean(),
  declined: z.boolean(),
  answeredAt: z.string(),
  items: z.record(z.string(), z.number().nullable()),
  painNow: z.number().nullable(),
  /** Pain before and after the session, from its signed note (null without one). */
  painBefore: z.number().nullable(),
  painAfter: z.number().nullable(),
  comment: z.string().nullable(),
});

export const FeedbackAlert = z.object({
  id: z.string(),
  kind: z.enum(['not_safe', 'consent_not_respected', 'drop_below_baseline', 'worse_with_other_therapist', 'pain_not_improving']),
  priority: z.enum(['urgent', 'soon']),
  item: z.string(),
  value: z.number(),
  baseline: z.number().nullable(),
  sessionDate: z.string(),
  responseId: z.string(),
  createdAt: z.string(),
  suggestion: z.string(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
});
export type FeedbackAlert = z.infer<typeof FeedbackAlert>;

export const FeedbackTrajectory = z.object({
  patientId: z.string(),
  items: z.array(z.object({ linkId: z.string(), text: z.string() })),
  entries: z.array(TrajectoryEntry),
  alerts: z.array(FeedbackAlert),
  requests: z.object({ sent: z.number().int(), answered: z.number().int() }),
  /** When the viewing therapist set or changed this patient's treatment plan (clinic dates). */
  planChanges: z.array(z.object({ id: z.string(), date: z.string() })),
});
export type FeedbackTrajectory = z.infer<typeof FeedbackTrajectory>;

/** The signed-in therapist's open alerts across the patients they treat. */
export const MyOpenAlerts = z.object({
  alerts: z.array(
    FeedbackAlert.pick({ id: true, kind: true, priority: true, item: true, sessionDate: true, createdAt: true }).extend({
      patientId: z.string(),
      patientName: z.string(),
    }),
  ),
});

/** The front desk sees only how many answered, never what. */
export const FeedbackCounts = z.object({ patientId: z.string(), requests: z.number().int(), responses: z.number().int() });

export const ResolveAlertBody = z.object({
  note: z
    .string({ error: 'Write a short note about what you did.' })
    .trim()
    .min(1, 'Write a short note about what you did.')
    .max(2000, 'Notes can be up to 2000 characters.'),
});

export const FEEDBACK_SUMMARY_MINIMUM = 5;
export const FeedbackSummary = z.object({
  responses: z.number().int(),
  minimum: z.number().int(),
  /** Means per relationship item, only when at least `minimum` responses exist. */
  items: z.array(z.object({ linkId: z.string(), mean: z.number(), answered: z.number().int() })).nullable(),
});

export const FeedbackSettings = z.object({
  automaticEmail: z.boolean(),
  /** The questionnaire requests use: one the clinic loaded, or null for the built-in one. */
  questionnaireId: z.string().nullable(),
});
/** Leaving out questionnaireId keeps the one in use. */
export const FeedbackSettingsBody = z
  .object({
    automaticEmail: z.boolean(),
    questionnaireId: z.string().min(1).max(64).nullable().optional(),
  })
  .strict();

export const LoadQuestionnaireBody = z.object({ resource: z.unknown() });
export const QuestionnaireSummary = z.object({
  id: z.string(),
  url: z.string(),
  version: z.string(),
  status: z.string(),
  language: z.string(),
  title: z.string(),
  builtIn: z.boolean(),
  scored: z.boolean(),
});
export const QuestionnaireList = z.array(QuestionnaireSummary);
