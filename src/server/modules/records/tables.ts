export interface NoteTemplatesTable {
  id: string;
  clinic_id: string;
  name: string;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  active: number;
  created_at: string;
  updated_at: string;
}

/** The note as written. Once signed the row never changes; amendments are rows of their own. */
export interface NotesTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  appointment_id: string;
  therapist_user_id: string;
  template_id: string | null;
  status: string;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
  areas_treated: string;
  techniques: string;
  pressure: string | null;
  patient_response: string;
  home_care: string;
  pain_before: number | null;
  pain_after: number | null;
  created_at: string;
  updated_at: string;
  signed_at: string | null;
  signed_by: string | null;
}

export interface NoteAmendmentsTable {
  id: string;
  note_id: string;
  /** JSON: only the fields changed, with their new values. */
  changes: string;
  reason: string;
  amended_by: string;
  amended_at: string;
}

export interface PsfsAssessmentsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  taken_on: string;
  occasion: string;
  activities: string;
  recorded_by: string;
  created_at: string;
}

export interface RecordsTables {
  note_templates: NoteTemplatesTable;
  notes: NotesTable;
  note_amendments: NoteAmendmentsTable;
  psfs_assessments: PsfsAssessmentsTable;
}
