import type { Kysely } from 'kysely';
import type { AuthTables, SessionsTable } from './tables.js';
import { hashToken, newToken } from './tokens.js';

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

/**
 * The hot path of every authenticated request: one indexed read of session and user together.
 * Returns null for unknown, revoked, idle-expired or absolutely expired sessions.
 */
export async function findLiveSession(db: Db, token: string, now: Date, policy: SessionPolicy): Promise<LiveSession | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.clinic_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.revoked_at',
      'users.email',
      'users.name',
      'users.locale',
      'users.totp_secret',
      'users.disabled_at',
    ])
    .where('sessions.id', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled_at) return null;
  const nowIso = now.toISOString();
  if (row.expires_at <= nowIso) return null;
  if (new Date(row.last_seen_at).getTime() + policy.idleMs <= now.getTime()) return null;
  return {
    id: row.id,
    userId: row.user_id,
    clinicId: row.clinic_id,
    lastSeenAt: row.last_seen_at,
    user: { id: row.user_id, email: row.email, name: row.name, locale: row.locale, totpEnabled: row.totp_secret !== null },
  };
}

export async function touchSession(db: Db, session: LiveSession, now: Date): Promise<void> {
  if (now.getTime() - new Date(session.lastSeenAt).getTime() < TOUCH_INTERVAL_MS) return;
  await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', session.id).execute();
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('id', '=', sessionId).execute();
}

/** After a password change or reset: every other device must sign in again. */
export async function revokeUserSessions(db: Db, userId: string, now: Date, exceptSessionId?: string): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

export async function setSessionClinic(db: Db, sessionId: string, clinicId: string): Promise<void> {
  await db.updateTable('sessions').set({ clinic_id: clinicId }).where('id', '=', sessionId).execute();
}
