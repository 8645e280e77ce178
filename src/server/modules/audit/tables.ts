export interface AuditEventsTable {
  seq: number;
  at: string;
  type: string;
  clinic_id: string | null;
  actor_user_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  patient_id: string | null;
  ip: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
}
