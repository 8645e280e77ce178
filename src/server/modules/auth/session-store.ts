import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared.js';
import type { AuthTables, SessionsTable } from './tables.js';
import { newToken } from './tokens.js';

type Db = Kysely<AuthTables>;

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

/** How stale `last_seen_at` may get before a request writes it again: no write on every request. */
export const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(
  db: Db,
  input: { userId: string; clinicId: string | null; ip: string | null; now: Date; policy: SessionPolicy },
): Promise<{ token: string; session: SessionsTable }> {
  const { token, hash } = newToken();
  const at = input.now.toISOString();
  const session: SessionsTable = {
    id: hash,
    user_id: input.userId,
    clinic_id: input.clinicId,
    created_at: at,
    last_seen_at: at,
    expires_at: new Date(input.now.getTime() + input.policy.absoluteMs).toISOString(),
    revoked_at: null,
    ip: input.ip,
    locked_at: null,
  };
  await db.insertInto('sessions').values(session).execute();
  return { token, session };
}

export interface LiveSession {
  id: string;
  userId: string;
  clinicId: string | null;
  lastSeenAt: string;
  user: { id: string; email: string; name: string; locale: string; totpEnabled: boolean };
}

/** The columns that decide whether a session still stands. */
export interface SessionState {
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  disabled_at: string | null;
}

/** A session stands until revoked, the account disabled, or the idle or absolute timeout passes. */
export function sessionIsLive(s: SessionState, now: Date, policy: SessionPolicy): boolean {
  if (s.revoked_at || s.disabled_at) return false;
  return withinTimeouts({ expiresAtMs: Date.parse(s.expires_at), lastSeenAtMs: Date.parse(s.last_seen_at) }, now.getTime(), policy);
}

/** The timeouts alone, on times already parsed (a session known not to be revoked). */
export function withinTimeouts(s: { expiresAtMs: number; lastSeenAtMs: number }, nowMs: number, policy: SessionPolicy): boolean {
  return s.expiresAtMs > nowMs && s.lastSeenAtMs + policy.idleMs > nowMs;
}

/** Writes `last_seen_at` if it is more than a minute old; says whether it did. */
export async function touchSession(db: Db, session: { id: string; lastSeenAtMs: number }, now: Date): Promise<boolean> {
  if (now.getTime() - session.lastSeenAtMs < TOUCH_INTERVAL_MS) return false;
  await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', session.id).execute();
  return true;
}

/** How many identity changes have been committed (auth/003: triggers count them). One tiny read. */
export const identityVersion = preparedQuery((db: AppDb) =>
  (db as Kysely<AuthTables>).selectFrom('identity_changes').select('version').where('id', '=', 1),
);

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('id', '=', sessionId).execute();
}

/** After a password change or reset: every other device must sign in again. */
export async function revokeUserSessions(db: Db, userId: string, now: Date, exceptSessionId?: string): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

/** Hands the device over (locked) or back (unlocked). */
export async function setSessionLock(db: Db, sessionId: string, lockedAt: string | null): Promise<void> {
  await db.updateTable('sessions').set({ locked_at: lockedAt }).where('id', '=', sessionId).execute();
}

export async function setSessionClinic(db: Db, sessionId: string, clinicId: string): Promise<void> {
  await db.updateTable('sessions').set({ clinic_id: clinicId }).where('id', '=', sessionId).execute();
}
