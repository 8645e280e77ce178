import { DEFAULT_TIME_ZONE } from '../../../shared/scheduling/contract.js';
import { AppError } from '../../platform/errors.js';
import { findUserById } from '../auth/index.js';
import { type Actor, membershipsOf, requireClinic } from '../clinic/index.js';
import type { SchedulingDeps } from './deps.js';
import { allows, assertAllowed } from './policy.js';
import { findTimeZone } from './store.js';

export async function clinicTimeZone(deps: Pick<SchedulingDeps, 'db'>, clinicId: string): Promise<string> {
  return (await findTimeZone(deps.db, clinicId)) ?? DEFAULT_TIME_ZONE;
}

/** Does this person treat patients in this clinic (and so have a calendar)? */
async function treatsIn(deps: SchedulingDeps, clinicId: string, userId: string): Promise<boolean> {
  const m = (await membershipsOf(deps.db, userId)).find((x) => x.clinic_id === clinicId);
  return Boolean(m && (m.role === 'therapist' || ((m.role === 'owner' || m.role === 'admin') && m.treats === 1)));
}

/**
 * The therapist whose calendar the actor wants to see or change. A therapist has their own
 * calendar; the owner and admins have everyone's. Someone who is not a treating member of the
 * actor's clinic is not found (another clinic's ids look the same as unknown ones).
 */
export async function requireCalendar(deps: SchedulingDeps, actor: Actor, therapistUserId: string | undefined) {
  const clinic = requireClinic(actor);
  const id = therapistUserId ?? actor.user.id;
  const self = id === actor.user.id;
  assertAllowed(clinic.role, self ? 'scheduling.calendar.own' : 'scheduling.calendar.any');
  if (!(await treatsIn(deps, clinic.clinicId, id))) {
    if (self) throw new AppError('FORBIDDEN', 'You do not have a calendar in this clinic: it is for people who treat patients.');
    throw new AppError('NOT_FOUND', 'This therapist is not in your clinic.', { field: 'therapistUserId' });
  }
  const user = await findUserById(deps.db, id);
  return { clinic, therapist: { id, name: user?.name ?? '' } };
}

/** May the actor act on an appointment in this therapist's calendar? Otherwise it is not theirs to see. */
export function canActOn(actor: Actor, therapistUserId: string): boolean {
  const clinic = requireClinic(actor);
  if (allows(clinic.role, 'scheduling.calendar.any')) return true;
  return therapistUserId === actor.user.id && allows(clinic.role, 'scheduling.calendar.own');
}
