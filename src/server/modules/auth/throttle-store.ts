import type { Kysely } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { AuthTables } from './tables.js';

type Db = Kysely<AuthTables>;

/** Failures counted in a sliding window, per account and per address; counters live in the database. */
export const THROTTLE = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 } as const;

/** When the window of the last `limit` failures for this email or address ends, if it is full. */
async function lockedUntil(db: Db, by: 'email' | 'ip', value: string, limit: number, now: Date): Promise<number | undefined> {
  const since = new Date(now.getTime() - THROTTLE.windowMs).toISOString();
  const failures = await db
    .selectFrom('login_attempts')
    .select('at')
    .where(by, '=', value)
    .where('succeeded', '=', 0)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  const oldest = failures.length >= limit ? failures[failures.length - 1] : undefined;
  return oldest ? new Date(oldest.at).getTime() + THROTTLE.windowMs : undefined;
}

export async function assertNotThrottled(db: Db, email: string, ip: string | null, now: Date): Promise<void> {
  const unlockAt =
    (await lockedUntil(db, 'email', email, THROTTLE.perAccount, now)) ??
    (ip ? await lockedUntil(db, 'ip', ip, THROTTLE.perAddress, now) : undefined);
  if (unlockAt !== undefined) {
    const seconds = Math.max(1, Math.ceil((unlockAt - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    throw new AppError(
      'THROTTLED',
      `Too many unsuccessful sign-in attempts. For your security, please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
      { retryAfterSeconds: seconds },
    );
  }
}

export async function recordAttempt(
  db: Db,
  a: { email: string; ip: string | null; succeeded: boolean; reason: string; now: Date },
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({
      id: crypto.randomUUID(),
      at: a.now.toISOString(),
      email: a.email,
      ip: a.ip,
      succeeded: a.succeeded ? 1 : 0,
      reason: a.reason,
    })
    .execute();
}

export function failedAttemptsFor(db: Db, emails: string[], since: string, limit: number) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('login_attempts')
    .select(['at', 'email', 'ip', 'reason'])
    .where('email', 'in', emails)
    .where('succeeded', '=', 0)
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}
