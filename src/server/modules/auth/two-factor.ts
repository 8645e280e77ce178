import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import type { AuthDeps } from './deps.js';
import { verifyPassword } from './password.js';
import { findUserById, replaceRecoveryCodes, updateUser } from './store.js';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpEnrolment } from './totp.js';

export async function startTotpEnrolment(deps: AuthDeps, userId: string) {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in again.');
  if (user.totp_secret) throw new AppError('CONFLICT', 'Two-step sign-in is already on for your account.');
  const secret = newTotpSecret();
  await updateUser(deps.db, userId, { totp_pending_secret: secret, updated_at: deps.now().toISOString() });
  return totpEnrolment(secret, user.email);
}

/** Turns two-step sign-in on once the person proves their app works; returns recovery codes, shown once. */
export async function confirmTotpEnrolment(deps: AuthDeps, input: { userId: string; code: string; ip: string | null }) {
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in again.');
  if (user.totp_secret) throw new AppError('CONFLICT', 'Two-step sign-in is already on for your account.');
  if (!user.totp_pending_secret) throw new AppError('CONFLICT', 'Start setting up two-step sign-in first.');
  const now = deps.now();
  const step = await matchTotp(user.totp_pending_secret, input.code, now, null);
  if (step === null) {
    throw new AppError('VALIDATION', 'That code did not match. Check the time on your phone and enter the code shown now.', {
      field: 'code',
    });
  }
  const codes = newRecoveryCodes();
  await inTransaction(deps.db, async (tx) => {
    await updateUser(tx, user.id, {
      totp_secret: user.totp_pending_secret,
      totp_pending_secret: null,
      totp_last_step: step,
      updated_at: now.toISOString(),
    });
    await replaceRecoveryCodes(tx, user.id, codes.map(hashRecoveryCode), now.toISOString());
    await recordAudit(tx, deps.dialect, {
      type: 'auth.totp_enabled',
      actorUserId: user.id,
      subject: { type: 'user', id: user.id },
      ip: input.ip,
    });
  });
  return { recoveryCodes: codes };
}

export async function disableTotp(deps: AuthDeps, input: { userId: string; password: string; ip: string | null }) {
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in again.');
  if (!(await verifyPassword(user.password_hash, input.password))) {
    throw new AppError('VALIDATION', 'Your password is not right.', { field: 'password' });
  }
  const now = deps.now();
  await inTransaction(deps.db, async (tx) => {
    await updateUser(tx, user.id, { totp_secret: null, totp_pending_secret: null, totp_last_step: null, updated_at: now.toISOString() });
    await replaceRecoveryCodes(tx, user.id, [], now.toISOString());
    await recordAudit(tx, deps.dialect, {
      type: 'auth.totp_disabled',
      actorUserId: user.id,
      subject: { type: 'user', id: user.id },
      ip: input.ip,
    });
  });
}
