import type { Me, Membership, Role } from '../../../shared/auth/contract.js';
import { AppError } from '../../platform/errors.js';
import { hashToken, identityVersion, type LiveSession, sessionIsLive, touchSession, withinTimeouts } from '../auth/index.js';
import type { ClinicDeps } from './deps.js';
import { sessionWithMemberships } from './store.js';

/** The signed-in person, acting in one clinic (or none yet), as every route sees them. */
export interface Actor {
  sessionId: string;
  user: LiveSession['user'];
  clinic: Membership | null;
  memberships: Membership[];
  mustEnrolTotp: boolean;
  /** The device was handed to a patient: nothing of the clinic shows until the password is entered. */
  locked: boolean;
}

/**
 * Actors already resolved, by session token, with the identity count they were read at. Resolving
 * one costs a hash and a four-table read, about half of a small authenticated request's CPU
 * (decision 0009); a remembered actor costs one read of the count. Any committed change to
 * sessions, users, memberships or clinics that an actor reflects moves the count (triggers,
 * auth/003 and clinic/002), from this process or another, so a remembered actor is used only while
 * it is exactly what a fresh read would give. The timeouts are checked on every request.
 */
interface Remembered {
  actor: Actor;
  expiresAtMs: number;
  lastSeenAtMs: number;
}
const REMEMBERED_MAX = 10_000;
const rememberedByDb = new WeakMap<object, { version: number; actors: Map<string, Remembered> }>();

/**
 * The actors remembered at `version`; all are forgotten once the count has moved on. A request that
 * read an older count (PostgreSQL: reads overlap) gets an empty map of its own.
 */
function rememberedAt(db: object, version: number): Map<string, Remembered> {
  const known = rememberedByDb.get(db);
  if (known && known.version === version) return known.actors;
  if (known && known.version > version) return new Map();
  const fresh = { version, actors: new Map<string, Remembered>() };
  rememberedByDb.set(db, fresh);
  return fresh.actors;
}

export async function resolveActor(deps: Pick<ClinicDeps, 'db' | 'now' | 'session'>, token: string): Promise<Actor | null> {
  const now = deps.now();
  // Read first: a change committed after this read moves the count past what is remembered below.
  const [counted] = await identityVersion(deps.db);
  const known = counted ? rememberedAt(deps.db, Number(counted.version)) : new Map<string, Remembered>();
  const hit = known.get(token);
  if (hit) {
    if (!withinTimeouts(hit, now.getTime(), deps.session)) {
      known.delete(token);
      return null;
    }
    if (await touchSession(deps.db, { id: hit.actor.sessionId, lastSeenAtMs: hit.lastSeenAtMs }, now)) hit.lastSeenAtMs = now.getTime();
    return hit.actor;
  }
  const rows = await sessionWithMemberships(deps.db, hashToken(token));
  const first = rows[0];
  if (!first || !sessionIsLive(first, now, deps.session)) return null;
  const touched = await touchSession(deps.db, { id: first.id, lastSeenAtMs: Date.parse(first.last_seen_at) }, now);
  const memberships: Membership[] = [];
  for (const r of rows) {
    if (r.clinic_id === null) continue;
    memberships.push(
      Object.freeze({
        clinicId: r.clinic_id,
        clinicName: r.clinic_name ?? '',
        role: r.role as Role,
        treats: r.treats === 1,
        requireTotp: r.require_totp === 1,
      }),
    );
  }
  const totpEnabled = first.totp_secret !== null;
  const clinic = memberships.find((m) => m.clinicId === first.session_clinic_id) ?? memberships[0] ?? null;
  // Shared by every request of the session until the count moves: frozen, so none can change it.
  const actor: Actor = Object.freeze({
    sessionId: first.id,
    user: Object.freeze({ id: first.user_id, email: first.email, name: first.name, locale: first.locale, totpEnabled }),
    clinic,
    memberships: Object.freeze(memberships) as Membership[],
    mustEnrolTotp: Boolean(clinic?.requireTotp) && !totpEnabled,
    locked: first.locked_at !== null,
  });
  if (known.size >= REMEMBERED_MAX) known.delete(known.keys().next().value as string);
  known.set(token, {
    actor,
    expiresAtMs: Date.parse(first.expires_at),
    lastSeenAtMs: touched ? now.getTime() : Date.parse(first.last_seen_at),
  });
  return actor;
}

export function presentMe(actor: Actor): Me {
  const { id, email, name, locale, totpEnabled } = actor.user;
  return {
    user: { id, email, name, locale: locale === 'fr' ? 'fr' : 'en', totpEnabled },
    clinic: actor.clinic,
    memberships: actor.memberships,
    mustEnrolTotp: actor.mustEnrolTotp,
  };
}

/** For clinic-scoped routes: the clinic the actor is working in, with two-factor policy enforced. */
export function requireClinic(actor: Actor): Membership {
  if (actor.mustEnrolTotp) {
    throw new AppError(
      'TOTP_ENROLMENT_REQUIRED',
      'Your clinic asks everyone to turn on two-step sign-in. Set it up under Security to continue.',
    );
  }
  if (!actor.clinic) throw new AppError('FORBIDDEN', 'You are not a member of a clinic yet. Ask your clinic owner for an invitation.');
  return actor.clinic;
}
