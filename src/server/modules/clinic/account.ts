import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { authenticate, createSession, hashToken, revokeSession, setSessionClinic, setSessionLock } from '../auth/index.js';
import type { Actor } from './actor.js';
import type { ClinicDeps } from './deps.js';
import { membershipsOf } from './store.js';

/**
 * Opens a fresh session for a user (after a password check, setup or an accepted invitation).
 * Any session the browser already had is revoked: the session id always rotates at sign-in.
 */
export async function openSession(
  deps: Pick<ClinicDeps, 'db' | 'dialect' | 'now' | 'session'>,
  input: { userId: string; clinicId?: string; previousToken: string | undefined; ip: string | null; usedRecoveryCode?: boolean },
): Promise<string> {
  const now = deps.now();
  const clinicId = input.clinicId ?? (await membershipsOf(deps.db, input.userId))[0]?.clinic_id ?? null;
  return inTransaction(deps.db, async (tx) => {
    if (input.previousToken) await revokeSession(tx, hashToken(input.previousToken), now);
    const { token } = await createSession(tx, { userId: input.userId, clinicId, ip: input.ip, now, policy: deps.session });
    await recordAudit(tx, deps.dialect, {
      type: 'auth.login',
      clinicId,
      actorUserId: input.userId,
      subject: { type: 'user', id: input.userId },
      ip: input.ip,
    });
    if (input.usedRecoveryCode) {
      await recordAudit(tx, deps.dialect, {
        type: 'auth.recovery_code_used',
        clinicId,
        actorUserId: input.userId,
        subject: { type: 'user', id: input.userId },
        ip: input.ip,
      });
    }
    return token;
  });
}

export async function signIn(
  deps: ClinicDeps,
  input: { email: string; password: string; totp?: string | undefined; previousToken: string | undefined; ip: string | null },
): Promise<{ status: 'totp-required' } | { status: 'signed-in'; token: string }> {
  const result = await authenticate(deps, input);
  if (result.status === 'totp-required') return result;
  const token = await openSession(deps, {
    userId: result.userId,
    previousToken: input.previousToken,
    ip: input.ip,
    usedRecoveryCode: result.usedRecoveryCode,
  });
  return { status: 'signed-in', token };
}

export async function signOut(deps: Pick<ClinicDeps, 'db' | 'dialect' | 'now'>, actor: Actor, ip: string | null): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    await revokeSession(tx, actor.sessionId, deps.now());
    await recordAudit(tx, deps.dialect, {
      type: 'auth.logout',
      clinicId: actor.clinic?.clinicId ?? null,
      actorUserId: actor.user.id,
      subject: { type: 'user', id: actor.user.id },
      ip,
    });
  });
}

/**
 * Hands this device to a patient (a health history on the clinic tablet): the session stays, but
 * every route answers "locked" until the person enters their password again.
 */
export async function lockDevice(deps: Pick<ClinicDeps, 'db' | 'dialect' | 'now'>, actor: Actor, ip: string | null): Promise<void> {
  if (actor.locked) return;
  await inTransaction(deps.db, async (tx) => {
    await setSessionLock(tx, actor.sessionId, deps.now().toISOString());
    await recordAudit(tx, deps.dialect, {
      type: 'auth.device_locked',
      clinicId: actor.clinic?.clinicId ?? null,
      actorUserId: actor.user.id,
      subject: { type: 'user', id: actor.user.id },
      ip,
    });
  });
}

/** Takes the device back: the password of the person whose session it is (throttled like sign-in). */
export async function unlockDevice(
  deps: Pick<ClinicDeps, 'db' | 'dialect' | 'now'>,
  actor: Actor,
  password: string,
  ip: string | null,
): Promise<void> {
  if (!actor.locked) return;
  try {
    await authenticate(deps, { email: actor.user.email, password, ip }, { passwordOnly: true });
  } catch (error) {
    // The person is known here: say plainly that the password is the problem.
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
      throw new AppError('UNAUTHENTICATED', 'That password is not right. Please try again.', { field: 'password' });
    }
    throw error;
  }
  await inTransaction(deps.db, async (tx) => {
    await setSessionLock(tx, actor.sessionId, null);
    await recordAudit(tx, deps.dialect, {
      type: 'auth.device_unlocked',
      clinicId: actor.clinic?.clinicId ?? null,
      actorUserId: actor.user.id,
      subject: { type: 'user', id: actor.user.id },
      ip,
    });
  });
}

export async function switchClinic(deps: Pick<ClinicDeps, 'db'>, actor: Actor, clinicId: string): Promise<void> {
  if (!actor.memberships.some((m) => m.clinicId === clinicId)) {
    throw new AppError('NOT_FOUND', 'You are not a member of that clinic.');
  }
  await setSessionClinic(deps.db, actor.sessionId, clinicId);
}
