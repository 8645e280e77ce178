import type { z } from 'zod';
import type { SetExceptionBody, SetWeeklyHoursBody } from '../../../shared/scheduling/contract.js';
import { type AppDb, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../clinic/index.js';
import { clinicTimeZone, requireCalendar } from './calendar-access.js';
import type { SchedulingDeps } from './deps.js';
import { exceptionsBetween, insertException, removeException, replaceWeeklyBlocks, weeklyBlocks } from './store.js';
import { addDays, minutesOf, wallClock, weekdayOf } from './time.js';

export interface Block {
  start: string;
  end: string;
}

/** Sorts blocks and joins those that touch (09:00–12:00 and 12:00–17:00 is one stretch, not a break). */
export function mergeBlocks(blocks: Block[]): Block[] {
  const sorted = [...blocks].sort((a, b) => a.start.localeCompare(b.start));
  const out: Block[] = [];
  for (const b of sorted) {
    const last = out.at(-1);
    // biome-ignore lint/complexity/useMathMinMax: wall times "HH:MM", compared as text
    if (last && b.start <= last.end) last.end = b.end > last.end ? b.end : last.end;
    else out.push({ ...b });
  }
  return out;
}

function assertNoOverlap(blocks: Block[], label: string) {
  const sorted = [...blocks].sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as Block;
    const cur = sorted[i] as Block;
    if (cur.start < prev.end) {
      throw new AppError(
        'VALIDATION',
        `${label}: ${prev.start}–${prev.end} and ${cur.start}–${cur.end} overlap. Leave a gap for a break.`,
        {
          field: 'blocks',
        },
      );
    }
  }
}

/** The therapist's working hours on each date of [from, to]: a dated exception wins over the weekly hours. */
export async function hoursBetween(db: AppDb, clinicId: string, therapistUserId: string, from: string, to: string) {
  const weekly = await weeklyBlocks(db, clinicId, therapistUserId);
  const exceptions = new Map((await exceptionsBetween(db, clinicId, therapistUserId, from, to)).map((e) => [e.date, e]));
  const byDate = new Map<string, Block[]>();
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const exception = exceptions.get(date);
    const blocks = exception
      ? (JSON.parse(exception.blocks) as Block[])
      : weekly.filter((b) => b.weekday === weekdayOf(date)).map((b) => ({ start: b.start_time, end: b.end_time }));
    byDate.set(date, mergeBlocks(blocks));
  }
  return byDate;
}

/** Does [startsAt, endsAt) fall inside one stretch of the therapist's hours, in clinic wall time? */
export async function withinHours(
  db: AppDb,
  clinicId: string,
  therapistUserId: string,
  startsAt: string,
  endsAt: string,
  timeZone: string,
) {
  const start = wallClock(startsAt, timeZone);
  const end = wallClock(endsAt, timeZone);
  const endMinutes = end.date === start.date ? end.minutes : end.date === addDays(start.date, 1) && end.minutes === 0 ? 24 * 60 : -1;
  const blocks = (await hoursBetween(db, clinicId, therapistUserId, start.date, start.date)).get(start.date) ?? [];
  // Wall-clock minutes: on the night clocks change, an appointment across 02:00 is measured by the clock on the wall.
  return blocks.some((b) => minutesOf(b.start) <= start.minutes && endMinutes > start.minutes && endMinutes <= minutesOf(b.end));
}

export async function getAvailability(deps: SchedulingDeps, actor: Actor, therapistUserId: string, from: string | undefined) {
  const { clinic, therapist } = await requireCalendar(deps, actor, therapistUserId);
  const timeZone = await clinicTimeZone(deps, clinic.clinicId);
  const start = from ?? wallClock(deps.now(), timeZone).date;
  const weekly = await weeklyBlocks(deps.db, clinic.clinicId, therapist.id);
  const exceptions = await exceptionsBetween(deps.db, clinic.clinicId, therapist.id, start, addDays(start, 366));
  return {
    therapistUserId: therapist.id,
    timeZone,
    weekly: weekly.map((b) => ({ weekday: b.weekday, start: b.start_time, end: b.end_time })),
    exceptions: exceptions.map((e) => {
      const blocks = JSON.parse(e.blocks) as Block[];
      return { date: e.date, dayOff: blocks.length === 0, blocks, note: e.note };
    }),
  };
}

/** Replaces the therapist's weekly hours (the previous set is kept, marked ended). */
export async function setWeeklyHours(
  deps: SchedulingDeps,
  actor: Actor,
  therapistUserId: string,
  input: z.output<typeof SetWeeklyHoursBody>,
) {
  const { clinic, therapist } = await requireCalendar(deps, actor, therapistUserId);
  for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
    assertNoOverlap(
      input.blocks.filter((b) => b.weekday === weekday),
      'Two blocks on the same day',
    );
  }
  const at = deps.now().toISOString();
  await inTransaction(deps.db, (tx) =>
    replaceWeeklyBlocks(
      tx,
      clinic.clinicId,
      therapist.id,
      input.blocks.map((b) => ({
        id: crypto.randomUUID(),
        clinic_id: clinic.clinicId,
        therapist_user_id: therapist.id,
        weekday: b.weekday,
        start_time: b.start,
        end_time: b.end,
        created_at: at,
        created_by: actor.user.id,
        ended_at: null,
      })),
      at,
    ),
  );
  return getAvailability(deps, actor, therapist.id, undefined);
}

/** A day off (no blocks) or different hours on one date; replaces any exception already on that date. */
export async function setAvailabilityException(
  deps: SchedulingDeps,
  actor: Actor,
  therapistUserId: string,
  date: string,
  input: z.output<typeof SetExceptionBody>,
) {
  const { clinic, therapist } = await requireCalendar(deps, actor, therapistUserId);
  assertNoOverlap(input.blocks, 'Two blocks on this date');
  const at = deps.now().toISOString();
  await inTransaction(deps.db, async (tx) => {
    await removeException(tx, clinic.clinicId, therapist.id, date, at);
    await insertException(tx, {
      id: crypto.randomUUID(),
      clinic_id: clinic.clinicId,
      therapist_user_id: therapist.id,
      date,
      blocks: JSON.stringify(mergeBlocks(input.blocks)),
      note: input.note || null,
      created_at: at,
      created_by: actor.user.id,
      removed_at: null,
    });
  });
  return getAvailability(deps, actor, therapist.id, date);
}

export async function removeAvailabilityException(deps: SchedulingDeps, actor: Actor, therapistUserId: string, date: string) {
  const { clinic, therapist } = await requireCalendar(deps, actor, therapistUserId);
  if (!(await removeException(deps.db, clinic.clinicId, therapist.id, date, deps.now().toISOString()))) {
    throw new AppError('NOT_FOUND', 'There is no exception on this date: the usual weekly hours apply.');
  }
}
