import type { Me, Membership, Role } from '../../../shared/auth/contract.js';
import { AppError } from '../../platform/errors.js';
import { hashToken, type LiveSession, sessionIsLive, touchSession } from '../auth/index.js';
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

export async function resolveActor(deps: Pick<ClinicDeps, 'db' | 'now' | 'session'>, token: string): Promise<Actor | null> {
  const now = deps.now();
  const rows = await sessionWithMemberships(deps.db, hashToken(token));
  const first = rows[0];
  if (!first || !sessionIsLive(first, now, deps.session)) return null;
  await touchSession(deps.db, { id: first.id, lastSeenAt: first.last_seen_at }, now);
  const memberships: Membership[] = [];
  for (const r of rows) {
    if (r.clinic_id === null) continue;
    memberships.push({
      clinicId: r.clinic_id,
      clinicName: r.clinic_name ?? '',
      role: r.role as Role,
      treats: r.treats === 1,
      requireTotp: r.require_totp === 1,
    });
  }
  const totpEnabled = first.totp_secret !== null;
  const clinic = memberships.find((m) => m.clinicId === first.session_clinic_id) ?? memberships[0] ?? null;
  return {
    sessionId: first.id,
    user: { id: first.user_id, email: first.email, name: first.name, locale: first.locale, totpEnabled },
    clinic,
    memberships,
    mustEnrolTotp: Boolean(clinic?.requireTotp) && !totpEnabled,
    locked: first.locked_at !== null,
  };
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
