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

/** One answered questionnaire with its scores (the FHIR resource is in feedback_response_resources). Never deleted. */
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
  /** JSON: { items, totals, painNow, comment } from the instrument's scoring rules. */
  scores: string;
  authored_at: string;
}

/** The FHIR QuestionnaireResponse of each response, apart from the narrow row the trajectory and alerts read. */
export interface FeedbackResponseResourcesTable {
  response_id: string;
  /** The QuestionnaireResponse resource as JSON text. */
  resource: string;
}

/**
 * Responses the alert step has not looked at yet: a work list, not a record (a row leaves it once
 * looked at). Answers enter and leave it in their own transaction; answers loaded from elsewhere
 * wait here for the nightly pass. Kept apart from the wide response rows so that taking half a
 * million answers off it rewrites a narrow index, not every response (docs/decisions/0008).
 */
export interface FeedbackAlertQueueTable {
  clinic_id: string;
  patient_id: string;
  response_id: string;
  queued_at: string;
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
  feedback_alert_queue: FeedbackAlertQueueTable;
  feedback_response_resources: FeedbackResponseResourcesTable;
}
