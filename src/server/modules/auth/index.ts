export type { AuthDeps } from './deps.js';
export { type AuthenticateResult, authenticate } from './login.js';
export { authMigrations, countIdentityChanges } from './migrations/index.js';
export { assertPasswordAcceptable, hashPassword, verifyPassword } from './password.js';
export {
  createSession,
  identityVersion,
  type LiveSession,
  revokeSession,
  type SessionPolicy,
  type SessionState,
  sessionIsLive,
  setSessionClinic,
  setSessionLock,
  touchSession,
  withinTimeouts,
} from './session-store.js';
export { countUnusedRecoveryCodes, countUsers, findUserByEmail, findUserById } from './store.js';
export type { AuthTables, UsersTable } from './tables.js';
export { failedAttemptsFor, THROTTLE } from './throttle-store.js';
export { hashToken, newToken } from './tokens.js';
export { totpCode } from './totp.js';
export { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from './two-factor.js';
export { changePassword, insertNewUser, preparePassword, resetPassword, updateProfile } from './users.js';
