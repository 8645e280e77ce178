export interface PatientsTable {
  id: string;
  clinic_id: string;
  legal_first_name: string;
  legal_last_name: string;
  preferred_name: string | null;
  pronouns: string | null;
  date_of_birth: string;
  email: string | null;
  phone: string | null;
  /** Digits of the phone number, for search. */
  phone_digits: string | null;
  address: string | null;
  emergency_contact_name: string | null;
  emergency_contact_phone: string | null;
  emergency_contact_relationship: string | null;
  preferred_language: string;
  communication_preferences: string;
  capable: number;
  /** Lower-cased names and email, accents removed, for search. */
  search_text: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  /** Set while the patient is archived: kept, never listed or booked, until restored. */
  archived_at: string | null;
  archived_by?: string | null;
  /** One of ARCHIVE_REASONS (shared/patients/contract.ts). */
  archived_reason?: string | null;
  archived_note?: string | null;
  /** Date of the last completed visit (kept by scheduling through `noteVisit`), for retention. */
  last_visit_on: string | null;
}

export interface SubstituteDecisionMakersTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  name: string;
  relationship: string;
  phone: string | null;
  email: string | null;
  created_at: string;
  ended_at: string | null;
}

export interface TherapeuticRelationshipsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  therapist_user_id: string;
  started_on: string;
  status: string;
  patient_goals: string | null;
  updated_at: string;
}

export interface TreatmentPlansTable {
  id: string;
  relationship_id: string;
  /** The relationship's therapist, copied here so their plans due for review are one index read. */
  therapist_user_id: string;
  areas: string;
  techniques: string;
  frequency: string;
  review_date: string;
  notes: string | null;
  created_at: string;
  created_by: string;
  /** Plans are versioned: a new plan supersedes the old one, which is kept. */
  superseded_at: string | null;
}

export interface VulnerabilityFactorsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  kind: string;
  source: string;
  noted_on: string;
  note: string | null;
  safeguard: string | null;
  audience: string;
  created_at: string;
  created_by: string;
  ended_at: string | null;
}

export interface HealthHistoriesTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  /** JSON: { conditions, medications, allergies, contraindications, notes } */
  answers: string;
  source: string;
  completed_at: string;
  recorded_by: string | null;
}

export interface IntakeLinksTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  token_hash: string;
  delivery: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface PatientsTables {
  health_histories: HealthHistoriesTable;
  intake_links: IntakeLinksTable;
  patients: PatientsTable;
  substitute_decision_makers: SubstituteDecisionMakersTable;
  therapeutic_relationships: TherapeuticRelationshipsTable;
  treatment_plans: TreatmentPlansTable;
  vulnerability_factors: VulnerabilityFactorsTable;
}
