import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { hashToken, newToken } from '../auth/index.js';
import type { Actor } from '../clinic/index.js';
import { displayName } from '../patients/index.js';
import { appointmentsBetween } from './appointment-store.js';
import { requireCalendar } from './calendar-access.js';
import type { SchedulingDeps } from './deps.js';
import { activeFeed, feedByTokenHash, insertFeed, revokeFeeds, touchFeed } from './feed-store.js';
import { buildCalendar } from './ical.js';
import { assertAllowed } from './policy.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const FEED_PAST_DAYS = 30;
export const FEED_AHEAD_DAYS = 180;

async function ownCalendar(deps: SchedulingDeps, actor: Actor) {
  const found = await requireCalendar(deps, actor, undefined);
  assertAllowed(found.clinic.role, 'scheduling.feed.own');
  return found;
}

export async function getCalendarFeed(deps: SchedulingDeps, actor: Actor) {
  const { clinic, therapist } = await ownCalendar(deps, actor);
  const feed = await activeFeed(deps.db, clinic.clinicId, therapist.id);
  return {
    active: Boolean(feed),
    includeNames: feed?.include_names === 1,
    createdAt: feed?.created_at ?? null,
    lastFetchedAt: feed?.last_fetched_at ?? null,
  };
}

/**
 * Creates the therapist's private feed (replacing any earlier one, whose address stops working).
 * The secret address is shown once; only its hash is stored. Patient names appear only if asked.
 */
export async function createCalendarFeed(
  deps: SchedulingDeps,
  actor: Actor,
  input: { includeNames: boolean },
  baseUrl: string,
  ip: string | null,
) {
  const { clinic, therapist } = await ownCalendar(deps, actor);
  const { token, hash } = newToken();
  const at = deps.now().toISOString();
  await inTransaction(deps.db, async (tx) => {
    await revokeFeeds(tx, clinic.clinicId, therapist.id, at);
    await insertFeed(tx, {
      id: crypto.randomUUID(),
      clinic_id: clinic.clinicId,
      therapist_user_id: therapist.id,
      token_hash: hash,
      include_names: input.includeNames ? 1 : 0,
      created_at: at,
      revoked_at: null,
      last_fetched_at: null,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'calendar_feed.created',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'calendar', id: therapist.id },
      ip,
      data: { includeNames: input.includeNames },
    });
  });
  const path = `/api/calendar-feeds/${token}.ics`;
  return { url: `${(deps.publicUrl ?? baseUrl).replace(/\/$/, '')}${path}`, path, includeNames: input.includeNames };
}

export async function revokeCalendarFeed(deps: SchedulingDeps, actor: Actor, ip: string | null) {
  const { clinic, therapist } = await ownCalendar(deps, actor);
  await inTransaction(deps.db, async (tx) => {
    if ((await revokeFeeds(tx, clinic.clinicId, therapist.id, deps.now().toISOString())) === 0) {
      throw new AppError('NOT_FOUND', 'You have no calendar feed to turn off.');
    }
    await recordAudit(tx, deps.dialect, {
      type: 'calendar_feed.revoked',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'calendar', id: therapist.id },
      ip,
    });
  });
}

/** The feed itself: the token is the credential. Cancelled appointments are left out. */
export async function calendarFeedText(deps: SchedulingDeps, token: string, ip: string | null): Promise<string> {
  const feed = token.length <= 100 ? await feedByTokenHash(deps.db, hashToken(token)) : undefined;
  if (!feed) throw new AppError('NOT_FOUND', 'This calendar address is not valid any more. Create a new one in Attune.');
  const now = deps.now();
  const rows = await appointmentsBetween(deps.db, {
    clinicId: feed.clinic_id,
    therapistUserId: feed.therapist_user_id,
    from: new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS).toISOString(),
    to: new Date(now.getTime() + FEED_AHEAD_DAYS * DAY_MS).toISOString(),
    includeCancelled: false,
  });
  const withNames = feed.include_names === 1;
  const at = now.toISOString();
  await inTransaction(deps.db, async (tx) => {
    await touchFeed(tx, feed.id, at);
    await recordAudit(tx, deps.dialect, {
      type: 'calendar_feed.fetched',
      clinicId: feed.clinic_id,
      actorUserId: feed.therapist_user_id,
      subject: { type: 'calendar', id: feed.therapist_user_id },
      ip,
      data: { events: rows.length, includeNames: withNames },
    });
  });
  return buildCalendar({
    name: 'Attune appointments',
    now,
    events: rows.map((r) => ({
      uid: `${r.id}@attune`,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      updatedAt: r.updated_at,
      summary: `${withNames ? displayName(r) : 'Appointment'} – ${r.type_name}`,
    })),
  });
}
