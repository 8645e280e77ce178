/** Gifts and contact outside the clinic's channels, documented on the patient. Never deleted. */
export interface PatientGiftsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  /** The therapist in the relationship the gift belongs to: the one who logged it. */
  therapist_user_id: string;
  given_on: string;
  direction: string;
  description: string;
  approx_value_cents: number | null;
  outcome: string;
  note: string | null;
  created_at: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
}

export interface PatientContactsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  therapist_user_id: string;
  contact_on: string;
  channel: string;
  direction: string;
  initiated_by: string;
  note: string | null;
  created_at: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
}

export interface RelationshipLogTables {
  patient_gifts: PatientGiftsTable;
  patient_contacts: PatientContactsTable;
}
