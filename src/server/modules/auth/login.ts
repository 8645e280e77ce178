import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import type { AuthDeps } from './deps.js';
import { decoyPasswordHash, verifyPassword } from './password.js';
import { claimTotpStep, findUserByEmail, spendRecoveryCode } from './store.js';
import { assertNotThrottled, recordAttempt } from './throttle-store.js';
import { hashRecoveryCode, matchTotp } from './totp.js';

export type AuthenticateResult = { status: 'totp-required' } | { status: 'ok'; userId: string; usedRecoveryCode: boolean };

const WRONG = 'The email or password is not right. Please check them and try again.';

/**
 * Checks a password (and second factor when the account has one). Every failure is counted for
 * throttling and audited; the message never says whether the account exists.
 */
export async function authenticate(
  deps: AuthDeps,
  input: { email: string; password: string; totp?: string | undefined; ip: string | null },
  /** Unlocking a device that already passed two-step sign-in asks for the password only. */
  options: { passwordOnly?: boolean } = {},
): Promise<AuthenticateResult> {
  const now = deps.now();
  await assertNotThrottled(deps.db, input.email, input.ip, now);
  const user = await findUserByEmail(deps.db, input.email);
  const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), input.password);

  const fail = async (reason: string, code: 'UNAUTHENTICATED' | 'TOTP_INVALID', message: string): Promise<never> => {
    await inTransaction(deps.db, async (tx) => {
      await recordAttempt(tx, { email: input.email, ip: input.ip, succeeded: false, reason, now });
      await recordAudit(tx, deps.dialect, {
        type: 'auth.login_failed',
        actorUserId: user?.id ?? null,
        subject: user ? { type: 'user', id: user.id } : null,
        ip: input.ip,
        data: { reason },
      });
    });
    throw new AppError(code, message);
  };

  if (!user || !passwordOk || user.disabled_at) {
    return fail(!user ? 'unknown-account' : user.disabled_at ? 'disabled' : 'wrong-password', 'UNAUTHENTICATED', WRONG);
  }
  let usedRecoveryCode = false;
  if (user.totp_secret && !options.passwordOnly) {
    const given = input.totp?.trim();
    if (!given) return { status: 'totp-required' };
    if (/^\d{6}$/.test(given)) {
      const step = await matchTotp(user.totp_secret, given, now, user.totp_last_step);
      if (step === null || !(await claimTotpStep(deps.db, user.id, step))) {
        return fail('wrong-totp', 'TOTP_INVALID', 'That code did not work. Codes change every 30 seconds: enter the one shown now.');
      }
    } else {
      const ok = await spendRecoveryCode(deps.db, user.id, hashRecoveryCode(given), now.toISOString());
      if (!ok) return fail('wrong-recovery-code', 'TOTP_INVALID', 'That recovery code did not work, or it has been used already.');
      usedRecoveryCode = true;
    }
  }
  await recordAttempt(deps.db, { email: input.email, ip: input.ip, succeeded: true, reason: 'ok', now });
  return { status: 'ok', userId: user.id, usedRecoveryCode };
}
