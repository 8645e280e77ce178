/** The therapist's private room. Every row belongs to one user and is read only by that user. */
export interface PresenceCheckInsTable {
  id: string;
  clinic_id: string;
  user_id: string;
  at: string;
  /** Local wall clock at the clinic, kept for trends by day, weekday and hour. */
  local_date: string;
  local_hour: number;
  weekday: number;
  presence: number;
  attention: number;
  pulls: string;
  pull_note: string | null;
  intention: string | null;
  appointment_id: string | null;
  patient_id: string | null;
}

export interface SignalSettingsTable {
  user_id: string;
  clinic_id: string;
  settings: string;
  updated_at: string;
}

export interface SignalDismissalsTable {
  user_id: string;
  clinic_id: string;
  signal_key: string;
  /** The newest session the signal rested on when dismissed: it returns only with newer evidence. */
  evidence_until: string;
  dismissed_at: string;
}

/** The therapist wrote a structured reflection from a signal: shown on its card. */
export interface SignalReflectionsTable {
  user_id: string;
  clinic_id: string;
  signal_key: string;
  evidence_until: string;
  reflected_at: string;
}

export interface NeedsAssessmentsTable {
  id: string;
  user_id: string;
  clinic_id: string;
  taken_at: string;
  /** JSON: { itemId: 0..4 } */
  answers: string;
  plan_reviewed: number;
}

/** One row per person and clinic: the self-care plan and how often they want to check in. */
export interface SelfCarePlansTable {
  user_id: string;
  clinic_id: string;
  plan: string;
  cadence: string;
  updated_at: string | null;
  reviewed_at: string | null;
}

/** Only what the browser sends: wrapped keys and ciphertext. The server cannot read a word. */
export interface JournalKeysTable {
  user_id: string;
  kdf: string;
  iterations: number;
  salt: string;
  wrapped_key: string;
  wrapped_key_iv: string;
  recovery_wrapped_key: string;
  recovery_wrapped_key_iv: string;
  created_at: string;
  updated_at: string;
}

export interface JournalEntriesTable {
  id: string;
  user_id: string;
  kind: string;
  iv: string;
  ciphertext: string;
  created_at: string;
  updated_at: string;
}

/** One sealed payload per person: the goals of the learning plan, encrypted like the journal. */
export interface LearningPlansTable {
  user_id: string;
  iv: string;
  ciphertext: string;
  created_at: string;
  updated_at: string;
}

export interface ReflectionTables {
  journal_keys: JournalKeysTable;
  learning_plans: LearningPlansTable;
  journal_entries: JournalEntriesTable;
  needs_assessments: NeedsAssessmentsTable;
  self_care_plans: SelfCarePlansTable;
  presence_checkins: PresenceCheckInsTable;
  signal_settings: SignalSettingsTable;
  signal_dismissals: SignalDismissalsTable;
  signal_reflections: SignalReflectionsTable;
}
