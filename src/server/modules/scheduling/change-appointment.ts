import type { z } from 'zod';
import type { AppointmentStatus, CompleteAppointmentBody, MoveAppointmentBody } from '../../../shared/scheduling/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { type Actor, requireClinic } from '../clinic/index.js';
import { noteVisit } from '../patients/index.js';
import { findAppointmentWithName, updateAppointment } from './appointment-store.js';
import { canActOn, clinicTimeZone, requireCalendar } from './calendar-access.js';
import type { SchedulingDeps } from './deps.js';
import { durationOf, presentAppointment } from './present.js';
import { assertReasonableStart, claimSlot, endOf } from './slot.js';
import type { AppointmentsTable } from './tables.js';
import { wallClock } from './time.js';

/** Which status may follow which. Cancelled, no-show and completed are final. */
const NEXT: Record<AppointmentStatus, AppointmentStatus[]> = {
  booked: ['arrived', 'completed', 'cancelled', 'no_show'],
  arrived: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

const STATUS_WORDS: Record<AppointmentStatus, string> = {
  booked: 'booked',
  arrived: 'marked as arrived',
  completed: 'completed',
  cancelled: 'cancelled',
  no_show: 'marked as a no-show',
};

const ACTION_WORDS: Record<AppointmentStatus | 'moved', string> = {
  booked: 'booked again',
  arrived: 'marked as arrived',
  completed: 'marked completed',
  cancelled: 'cancelled',
  no_show: 'marked as a no-show',
  moved: 'moved',
};

/** An appointment in the actor's clinic and in a calendar they may act on; not found otherwise. */
async function requireAppointment(deps: SchedulingDeps, actor: Actor, appointmentId: string) {
  const clinic = requireClinic(actor);
  const appointment = await findAppointmentWithName(deps.db, clinic.clinicId, appointmentId);
  if (!appointment || !canActOn(actor, appointment.therapist_user_id)) {
    throw new AppError('NOT_FOUND', 'This appointment is not in your calendar.');
  }
  return { clinic, appointment, timeZone: await clinicTimeZone(deps, clinic.clinicId) };
}

function assertCanBecome(current: AppointmentStatus, next: AppointmentStatus | 'moved') {
  const allowed = next === 'moved' ? current === 'booked' : NEXT[current].includes(next);
  if (!allowed) {
    const hint = current === 'cancelled' || current === 'no_show' ? ' If the visit is happening after all, book a new appointment.' : '';
    throw new AppError('CONFLICT', `This appointment is already ${STATUS_WORDS[current]}, so it cannot be ${ACTION_WORDS[next]}.${hint}`);
  }
}

function raced(): never {
  throw new AppError('CONFLICT', 'Someone changed this appointment a moment ago. Please reload the calendar and try again.');
}

export async function moveAppointment(
  deps: SchedulingDeps,
  actor: Actor,
  appointmentId: string,
  input: z.output<typeof MoveAppointmentBody>,
  ip: string | null,
) {
  const { clinic, appointment, timeZone } = await requireAppointment(deps, actor, appointmentId);
  assertCanBecome(appointment.status as AppointmentStatus, 'moved');
  const { therapist } = await requireCalendar(deps, actor, input.therapistUserId ?? appointment.therapist_user_id);
  assertReasonableStart(deps.now(), input.startsAt);
  const patch: Partial<AppointmentsTable> = {
    starts_at: input.startsAt,
    ends_at: endOf(input.startsAt, durationOf(appointment)),
    therapist_user_id: therapist.id,
    updated_at: deps.now().toISOString(),
  };
  await inTransaction(deps.db, async (tx) => {
    const outside = await claimSlot(tx, deps.dialect, {
      clinicId: clinic.clinicId,
      therapistUserId: therapist.id,
      startsAt: patch.starts_at as string,
      endsAt: patch.ends_at as string,
      timeZone,
      allowOutsideHours: input.allowOutsideHours,
      exceptId: appointment.id,
    });
    patch.outside_hours = outside ? 1 : 0;
    if (!(await updateAppointment(tx, appointment.id, 'booked', patch))) raced();
    await recordAudit(tx, deps.dialect, {
      type: 'appointment.moved',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: appointment.patient_id,
      subject: { type: 'appointment', id: appointment.id },
      ip,
      data: {
        fromStartsAt: appointment.starts_at,
        toStartsAt: input.startsAt,
        fromTherapistUserId: appointment.therapist_user_id,
        toTherapistUserId: therapist.id,
        outsideHours: outside,
      },
    });
  });
  return presentAppointment({ ...appointment, ...patch }, timeZone);
}

type StatusChange =
  | { to: 'cancelled'; reason: string }
  | { to: 'no_show' }
  | { to: 'arrived' }
  | { to: 'completed'; actualEndAt: z.output<typeof CompleteAppointmentBody>['actualEndAt'] };

/** Cancel (with a reason, kept), no-show, arrived or completed (with the actual end time). Nothing is deleted. */
export async function changeAppointmentStatus(
  deps: SchedulingDeps,
  actor: Actor,
  appointmentId: string,
  change: StatusChange,
  ip: string | null,
) {
  const { clinic, appointment, timeZone } = await requireAppointment(deps, actor, appointmentId);
  const current = appointment.status as AppointmentStatus;
  assertCanBecome(current, change.to);
  const now = deps.now();
  const at = now.toISOString();
  const patch: Partial<AppointmentsTable> = { status: change.to, updated_at: at };
  if (change.to === 'cancelled') Object.assign(patch, { cancel_reason: change.reason, cancelled_at: at, cancelled_by: actor.user.id });
  if (change.to === 'arrived') patch.arrived_at = at;
  if (change.to === 'no_show') {
    if (now.toISOString() < appointment.starts_at) {
      throw new AppError(
        'CONFLICT',
        'A no-show can be recorded once the appointment time has come. To free the time now, cancel it instead.',
      );
    }
    patch.no_show_at = at;
  }
  if (change.to === 'completed') {
    const actualEnd = change.actualEndAt ?? at;
    if (actualEnd <= appointment.starts_at) {
      throw new AppError('VALIDATION', 'The session cannot end before it started. Check the end time.', { field: 'actualEndAt' });
    }
    if (Date.parse(actualEnd) > now.getTime() + 5 * 60_000) {
      throw new AppError('VALIDATION', 'The end time is still in the future. Record it once the session is over.', {
        field: 'actualEndAt',
      });
    }
    if (Date.parse(actualEnd) - Date.parse(appointment.starts_at) > 24 * 60 * 60_000) {
      throw new AppError('VALIDATION', 'The end time is more than a day after the start. Check the date.', { field: 'actualEndAt' });
    }
    Object.assign(patch, { completed_at: at, actual_end_at: actualEnd });
  }
  await inTransaction(deps.db, async (tx) => {
    if (!(await updateAppointment(tx, appointment.id, current, patch))) raced();
    // Records are kept 10 years after the last visit: the patient's record learns of each visit.
    if (change.to === 'completed') await noteVisit(tx, appointment.patient_id, wallClock(appointment.starts_at, timeZone).date);
    await recordAudit(tx, deps.dialect, {
      type: 'appointment.status_changed',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: appointment.patient_id,
      subject: { type: 'appointment', id: appointment.id },
      ip,
      // The status, never the cancellation reason (it may be clinical).
      data: { from: current, to: change.to },
    });
  });
  return presentAppointment({ ...appointment, ...patch }, timeZone);
}
