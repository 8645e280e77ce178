import { type AppDb, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import type { AuthDeps } from './deps.js';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './password.js';
import { revokeUserSessions } from './session-store.js';
import { findUserByEmail, findUserById, insertUser, updateUser } from './store.js';
import type { UsersTable } from './tables.js';

/**
 * Creates an account inside the caller's transaction (setup, invitation acceptance, the CLI).
 * The password is checked and hashed before the transaction is opened by the caller.
 */
export async function insertNewUser(
  tx: AppDb,
  input: { email: string; name: string; passwordHash: string; locale?: string; now: Date },
): Promise<UsersTable> {
  if (await findUserByEmail(tx, input.email)) {
    throw new AppError('CONFLICT', 'An account with this email address already exists.', { field: 'email' });
  }
  const at = input.now.toISOString();
  const user: UsersTable = {
    id: crypto.randomUUID(),
    email: input.email,
    name: input.name,
    password_hash: input.passwordHash,
    locale: input.locale ?? 'en',
    totp_secret: null,
    totp_pending_secret: null,
    totp_last_step: null,
    created_at: at,
    updated_at: at,
    disabled_at: null,
  };
  await insertUser(tx, user);
  return user;
}

export async function preparePassword(password: string, personal: string[]): Promise<string> {
  assertPasswordAcceptable(password, personal);
  return hashPassword(password);
}

export async function changePassword(
  deps: AuthDeps,
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string; ip: string | null },
): Promise<void> {
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in again.');
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('VALIDATION', 'Your current password is not right.', { field: 'currentPassword' });
  }
  const passwordHash = await preparePassword(input.newPassword, [user.email, user.name]);
  const now = deps.now();
  await inTransaction(deps.db, async (tx) => {
    await updateUser(tx, user.id, { password_hash: passwordHash, updated_at: now.toISOString() });
    await revokeUserSessions(tx, user.id, now, input.sessionId);
    await recordAudit(tx, deps.dialect, {
      type: 'user.password_changed',
      actorUserId: user.id,
      subject: { type: 'user', id: user.id },
      ip: input.ip,
    });
  });
}

/** Operator reset from the command line: sets a new password and signs the person out everywhere. */
export async function resetPassword(deps: AuthDeps, input: { email: string; newPassword: string }): Promise<void> {
  const user = await findUserByEmail(deps.db, input.email);
  if (!user) throw new AppError('NOT_FOUND', `No account uses ${input.email}.`);
  const passwordHash = await preparePassword(input.newPassword, [user.email, user.name]);
  const now = deps.now();
  await inTransaction(deps.db, async (tx) => {
    await updateUser(tx, user.id, { password_hash: passwordHash, updated_at: now.toISOString() });
    await revokeUserSessions(tx, user.id, now);
    await recordAudit(tx, deps.dialect, { type: 'user.password_reset', subject: { type: 'user', id: user.id }, data: { via: 'cli' } });
  });
}

export async function updateProfile(
  deps: AuthDeps,
  input: { userId: string; name?: string | undefined; locale?: string | undefined; ip: string | null },
): Promise<void> {
  const patch: Partial<UsersTable> = { updated_at: deps.now().toISOString() };
  if (input.name !== undefined) patch.name = input.name;
  if (input.locale !== undefined) patch.locale = input.locale;
  await inTransaction(deps.db, async (tx) => {
    await updateUser(tx, input.userId, patch);
    await recordAudit(tx, deps.dialect, {
      type: 'user.profile_updated',
      actorUserId: input.userId,
      subject: { type: 'user', id: input.userId },
      ip: input.ip,
      data: { name: input.name !== undefined, locale: input.locale ?? null },
    });
  });
}
