export interface ConsentsTable {
  id: string;
  clinic_id: string;
  patient_id: string;
  type: string;
  given_by_kind: string;
  given_by_name: string;
  sdm_id: string | null;
  method: string;
  signature: string | null;
  attested_by: string | null;
  /** JSON array of sensitive areas (empty for other types). */
  areas: string;
  appointment_id: string | null;
  plan_id: string | null;
  notes: string | null;
  given_at: string;
  recorded_by: string;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  withdrawn_by: string | null;
}

export interface ConsentTables {
  consents: ConsentsTable;
}
