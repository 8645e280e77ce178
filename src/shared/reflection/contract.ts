import { z } from 'zod';

/**
 * What a save in the private room is based on: the `updatedAt` this window last read. A save is applied only while
 * that is still the latest, so another window's or device's save is never silently overwritten.
 */
const BasedOn = z.iso.datetime({
  error: 'Say which saved version this change is based on: the updatedAt you last read (null when there is none yet).',
});

/** What can pull at a therapist's attention; named gently, chosen freely, none required. */
export const PULLS = [
  'tired',
  'worried',
  'rushed',
  'physical_pain',
  'strong_feelings_about_this_client',
  'wanting_their_approval',
  'wanting_to_rescue',
  'something_at_home',
] as const;
export const Pull = z.enum(PULLS);
const Score = z.number().int().min(0, { message: 'Choose 0 to 10.' }).max(10, { message: 'Choose 0 to 10.' });

export const CheckInBody = z
  .object({
    presence: Score,
    attention: Score,
    pulls: z.array(Pull).max(PULLS.length).default([]),
    pullNote: z.string().trim().max(500).optional(),
    intention: z.string().trim().max(300).optional(),
    /** Before a session: link it, so the check-in can sit beside how that session went. */
    appointmentId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type CheckInBody = z.input<typeof CheckInBody>;

export const CheckIn = z.object({
  id: z.string(),
  at: z.string(),
  localDate: z.string(),
  presence: z.number(),
  attention: z.number(),
  pulls: z.array(Pull),
  pullNote: z.string().nullable(),
  intention: z.string().nullable(),
  appointmentId: z.string().nullable(),
  patientId: z.string().nullable(),
});

/** Offered, kindly, when presence is low: the article's questions and a few short practices. */
export const Refocus = z.object({
  questions: z.array(z.string()),
  practices: z.array(z.object({ id: z.string(), title: z.string(), steps: z.string() })),
});
export const CheckInResult = z.object({ checkIn: CheckIn, refocus: Refocus.nullable() });

export const TrendQuery = z
  .object({
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    by: z.enum(['day', 'weekday', 'hour', 'patient']).default('day'),
  })
  .strict();
export const TrendPoint = z.object({ key: z.string(), label: z.string(), count: z.number(), presence: z.number(), attention: z.number() });
export const Trend = z.object({ by: z.enum(['day', 'weekday', 'hour', 'patient']), points: z.array(TrendPoint), checkIns: z.number() });
export const RecentCheckIns = z.object({ checkIns: z.array(CheckIn) });
/** My own check-ins before sessions with one patient, to set beside what the patient said afterwards. */
export const PatientPresenceParams = z.object({ patientId: z.string().min(1).max(64) }).strict();
export const PatientPresence = z.object({
  sessions: z.array(z.object({ appointmentId: z.string(), at: z.string(), presence: z.number(), attention: z.number() })),
});

// Boundary signals: private invitations to reflect, computed only for the therapist.
export const SignalKind = z.enum([
  'running_over',
  'outside_hours',
  'seen_very_often',
  'repeated_gifts',
  'outside_contact',
  'fee_adjustments',
]);
const SignalSettingsFields = z.object({
  /** Minutes past the booked end that count as running over. */
  overrunMinutes: z.number().int().min(1).max(120),
  /** How many of the last `window` sessions with one client must run over, or be outside hours. */
  window: z.number().int().min(2).max(20),
  overrunCount: z.number().int().min(1).max(20),
  outsideHoursCount: z.number().int().min(1).max(20),
  /** Sessions with one client in the last 30 days that count as very often. */
  visitsIn30Days: z.number().int().min(2).max(60),
  /** Gifts from one client within `giftDays` days that invite a moment's reflection. */
  giftCount: z.number().int().min(1).max(20).default(2),
  giftDays: z.number().int().min(7).max(365).default(90),
  /** Contacts outside the clinic's channels with one client within `contactDays` days. */
  contactCount: z.number().int().min(1).max(20).default(1),
  contactDays: z.number().int().min(7).max(365).default(60),
  /** Discounted, waived or unpaid sessions with one client within `feeDays` days. */
  feeCount: z.number().int().min(1).max(20).default(3),
  feeDays: z.number().int().min(7).max(365).default(90),
});
const countsFit = (s: { window: number; overrunCount: number; outsideHoursCount: number }) =>
  s.overrunCount <= s.window && s.outsideHoursCount <= s.window;
const COUNTS_FIT = { message: 'Counts cannot be larger than the number of sessions looked at.' };
export const SignalSettings = SignalSettingsFields.strict().refine(countsFit, COUNTS_FIT);
/** A change of thresholds, based on the version last read (`updatedAt`; null while never tuned). */
export const SignalSettingsBody = SignalSettingsFields.extend({ basedOn: BasedOn.nullable() }).strict().refine(countsFit, COUNTS_FIT);
export const SignalSettingsView = SignalSettingsFields.extend({ updatedAt: z.string().nullable() });
export type SignalSettings = z.infer<typeof SignalSettings>;
export const Signal = z.object({
  key: z.string(),
  kind: SignalKind,
  patientId: z.string(),
  patientName: z.string(),
  count: z.number(),
  window: z.number(),
  message: z.string(),
  /** When the therapist last wrote a structured reflection from this signal; null if never. */
  reflectedAt: z.string().nullable(),
  /** Something new has happened since that reflection. */
  newSinceReflection: z.boolean(),
});
export const SignalList = z.object({ signals: z.array(Signal) });
export const DismissSignalBody = z.object({ key: z.string().min(1).max(200) }).strict();
export const ReflectedSignalBody = DismissSignalBody;

// Needs awareness: a periodic private self-assessment in Attune's own words, and a self-care plan.
export const NEEDS = ['caretaking', 'approval', 'self_esteem', 'capability', 'boundaries'] as const;
export const Need = z.enum(NEEDS);
export const NeedsAnswers = z
  .record(z.string().regex(/^[a-z_]+\.[1-3]$/), z.number().int().min(0).max(4))
  .refine((a) => Object.keys(a).length > 0, { message: 'Answer at least one statement.' });
export const NeedsAssessmentBody = z.object({ answers: NeedsAnswers, planReviewed: z.boolean().default(false) }).strict();
export const NeedScore = z.object({ need: Need, score: z.number(), reading: z.string(), answered: z.number() });
export const NeedsAssessment = z.object({ id: z.string(), takenAt: z.string(), scores: z.array(NeedScore), planReviewed: z.boolean() });
export const NeedsHistory = z.object({
  assessments: z.array(NeedsAssessment),
  nextDueOn: z.string().nullable(),
  cadence: z.enum(['weekly', 'monthly', 'quarterly']),
});
export const NeedsQuestionnaire = z.object({
  scale: z.array(z.object({ value: z.number(), label: z.string() })),
  items: z.array(z.object({ id: z.string(), need: Need, text: z.string() })),
});
export const SelfCarePlan = z
  .object(
    Object.fromEntries(NEEDS.map((n) => [n, z.string().trim().max(2000).default('')])) as Record<
      (typeof NEEDS)[number],
      z.ZodDefault<z.ZodString>
    >,
  )
  .strict();
/** The plan's words, based on the version last read (`updatedAt`; null while never saved). */
export const SelfCarePlanBody = SelfCarePlan.extend({ basedOn: BasedOn.nullable() }).strict();
export const SelfCarePlanView = z.object({
  plan: z.record(Need, z.string()),
  updatedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export const NeedsSettingsBody = z.object({ cadence: z.enum(['weekly', 'monthly', 'quarterly']) }).strict();

// The reflection journal, end-to-end encrypted: the browser encrypts; the server keeps only ciphertext.
const B64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'Expected base64 data.' });
export const JOURNAL_CIPHERTEXT_MAX = 400_000;
const JournalKeyFields = z.object({
  kdf: z.literal('PBKDF2-SHA256'),
  iterations: z.number().int().min(310_000).max(10_000_000),
  salt: B64(64),
  /** The journal's data key, wrapped (AES-GCM) with the key derived from the passphrase. */
  wrappedKey: B64(512),
  wrappedKeyIv: B64(24),
  /** The same data key wrapped with the recovery key shown once at set-up. */
  recoveryWrappedKey: B64(512),
  recoveryWrappedKeyIv: B64(24),
});
export const JournalKeyBody = JournalKeyFields.extend({
  /** Replacing wrapped keys (a new passphrase) needs this to be true, so set-up never overwrites by accident. */
  replace: z.boolean().default(false),
  /**
   * With `replace`: the keys' `updatedAt` as last read (null: there were none), so two replacements
   * based on the same keys cannot both succeed. Set-up is always based on "none yet".
   */
  basedOn: BasedOn.nullable().optional(),
})
  .strict()
  .refine((b) => (b.replace ? b.basedOn !== undefined : typeof b.basedOn !== 'string'), {
    path: ['basedOn'],
    error:
      'To replace the journal’s keys, say which keys this is based on: the updatedAt you last read (null when there were none). Set-up needs no basedOn.',
  });
export const JournalKey = JournalKeyFields.extend({ createdAt: z.string(), updatedAt: z.string() });
export const JournalKeyState = z.object({ key: JournalKey.nullable() });
export const JournalEntryBody = z
  .object({
    kind: z.enum(['free', 'gibbs']),
    iv: B64(24),
    ciphertext: B64(JOURNAL_CIPHERTEXT_MAX),
  })
  .strict();
/** Changing an entry (its text or its QA tags, re-encrypted in the browser). */
export const JournalEntryEditBody = JournalEntryBody.extend({ basedOn: BasedOn }).strict();
export const JournalEntry = JournalEntryBody.extend({ id: z.string(), createdAt: z.string(), updatedAt: z.string() });
export const JournalEntryList = z.object({ entries: z.array(JournalEntry), total: z.number() });
export const JournalListQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) })
  .strict();
export const IdentifyingTerms = z.object({ terms: z.array(z.string()) });
/**
 * A new passphrase: the browser unwraps the data key with the current passphrase (or the recovery
 * key) and wraps it again; only the passphrase-wrapped key changes, so every entry stays readable.
 */
export const JournalPassphraseBody = z
  .object({
    iterations: z.number().int().min(310_000).max(10_000_000),
    salt: B64(64),
    wrappedKey: B64(512),
    wrappedKeyIv: B64(24),
    /** The wrapped key this change replaces, so a change made meanwhile on another device is not overwritten. */
    previousWrappedKey: B64(512),
  })
  .strict();
/** The learning plan: goals kept as one sealed payload under the journal's data key. */
const SealedPlan = z.object({ iv: B64(24), ciphertext: B64(JOURNAL_CIPHERTEXT_MAX) });
/** `basedOn` is the plan's `updatedAt` as last read, or null for "there is no plan yet"; required, so no save is blind. */
export const LearningPlanBody = SealedPlan.extend({ basedOn: BasedOn.nullable() }).strict();
export const LearningPlanState = z.object({
  plan: SealedPlan.extend({ updatedAt: z.string() }).nullable(),
});
