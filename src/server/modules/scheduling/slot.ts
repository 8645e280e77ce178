import type { AppDb, DialectName } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { lockTherapists, overlapping } from './appointment-store.js';
import { withinHours } from './availability.js';
import { wallClock } from './time.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const BOOK_PAST_DAYS = 366;
export const BOOK_AHEAD_DAYS = 731;

/** Bookings are for the last year (recording a visit after the fact) up to two years ahead. */
export function assertReasonableStart(now: Date, startsAt: string) {
  const at = Date.parse(startsAt);
  if (at < now.getTime() - BOOK_PAST_DAYS * DAY_MS || at > now.getTime() + BOOK_AHEAD_DAYS * DAY_MS) {
    throw new AppError('VALIDATION', 'Choose a time within the past year or the next two years.', { field: 'startsAt' });
  }
}

export const endOf = (startsAt: string, minutes: number) => new Date(Date.parse(startsAt) + minutes * 60_000).toISOString();

/**
 * Inside the booking transaction: takes the therapist's lock, then refuses a time that overlaps
 * another appointment that still holds time and, unless asked to book anyway, a time outside the
 * therapist's hours. Returns whether the time is outside hours.
 */
export async function claimSlot(
  tx: AppDb,
  dialect: DialectName,
  slot: {
    clinicId: string;
    therapistUserId: string;
    startsAt: string;
    endsAt: string;
    timeZone: string;
    allowOutsideHours: boolean;
    exceptId?: string;
  },
): Promise<boolean> {
  await lockTherapists(tx, dialect, [slot.therapistUserId]);
  const clash = await overlapping(tx, slot.clinicId, slot.therapistUserId, slot.startsAt, slot.endsAt, slot.exceptId);
  if (clash) {
    const from = wallClock(clash.starts_at, slot.timeZone);
    const to = wallClock(clash.ends_at, slot.timeZone);
    throw new AppError(
      'CONFLICT',
      `This time overlaps another appointment on ${from.date} from ${from.time} to ${to.time}. Please choose another time.`,
      { field: 'startsAt' },
    );
  }
  const inside = await withinHours(tx, slot.clinicId, slot.therapistUserId, slot.startsAt, slot.endsAt, slot.timeZone);
  if (!inside && !slot.allowOutsideHours) {
    const from = wallClock(slot.startsAt, slot.timeZone);
    const to = wallClock(slot.endsAt, slot.timeZone);
    throw new AppError(
      'OUTSIDE_HOURS',
      `${from.date} from ${from.time} to ${to.time} is outside the therapist's hours. You can book it anyway if the therapist agrees.`,
      { field: 'startsAt' },
    );
  }
  return !inside;
}
