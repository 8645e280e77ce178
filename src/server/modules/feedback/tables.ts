/** FHIR R4 Questionnaire resources: built in (clinic_id null) or loaded by a clinic that holds a licence. */
export interface FeedbackQuestionnairesTable {
  id: string;
  clinic_id: string | null;
  url: string;
  version: string;
  status: string;
  language: string;
  title: string;
  /** The Questionnaire resource as JSON text (scoring rules inside, as an extension). */
  resource: string;
  scored: number;
  loaded_by: string | null;
  created_at: string;
}

/** Per clinic: whether completed sessions get a feedback email automatically, and how far the sweep has looked. */
export interface FeedbackSettingsTable {
  clinic_id: string;
  automatic_email: number;
  swept_until: string | null;
  updated_at: string;
  updated_by: string | null;
  /** A questionnaire the clinic loaded and asks with; null for the built-in one. */
  questionnaire_id?: string | null;
}

/** One request per appointment; the link's token is stored hashed and works once. */
export interface FeedbackRequestsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  appointment_id: string;
  therapist_user_id: string;
  questionnaire_id: string;
  language: string;
  session_date: string;
  token_hash: string;
  delivery: string;
  sent_to: string | null;
  /** Null when the periodic sweep made it. */
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A FHIR R4 QuestionnaireResponse with its scores. Never deleted. */
export interface FeedbackResponsesTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  appointment_id: string;
  therapist_user_id: string;
  request_id: string;
  questionnaire_id: string;
  session_date: string;
  declined: number;
  resource: string;
  /** JSON: { items, totals, painNow, comment } from the instrument's scoring rules. */
  scores: string;
  authored_at: string;
  alerts_computed_at: string | null;
}

/** For the treating therapist only. Resolved with a note, never deleted. */
export interface FeedbackAlertsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  therapist_user_id: string;
  response_id: string;
  kind: string;
  priority: string;
  item: string;
  value: number;
  baseline: number | null;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

export interface FeedbackTables {
  feedback_questionnaires: FeedbackQuestionnairesTable;
  feedback_settings: FeedbackSettingsTable;
  feedback_requests: FeedbackRequestsTable;
  feedback_responses: FeedbackResponsesTable;
  feedback_alerts: FeedbackAlertsTable;
}
