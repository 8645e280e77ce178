export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  locale: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a copy of the database does not hand out live sessions. */
  id: string;
  user_id: string;
  clinic_id: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  /** Set while the device is handed to a patient; cleared by the person's password. */
  locked_at: string | null;
}

export interface LoginAttemptsTable {
  id: string;
  at: string;
  email: string;
  ip: string | null;
  succeeded: number;
  reason: string;
}

/** One row (id 1): how many changes to who is signed in, as what, have been committed (triggers). */
export interface IdentityChangesTable {
  id: number;
  version: number;
}

export interface AuthTables {
  identity_changes: IdentityChangesTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
}
