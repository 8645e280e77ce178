export interface ClinicsTable {
  id: string;
  name: string;
  require_totp: number;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  clinic_id: string;
  user_id: string;
  role: string;
  /** An owner or admin who also treats patients. Therapists always treat. */
  treats: number;
  created_at: string;
  removed_at: string | null;
}

export interface InvitationsTable {
  id: string;
  clinic_id: string;
  email: string;
  name: string | null;
  role: string;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface ClinicTables {
  clinics: ClinicsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
}
