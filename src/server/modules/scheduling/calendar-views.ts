import { recordAccess } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { clinicalAccessAmong, plansDueForReview, safeguardsByPatient } from '../patients/index.js';
import { appointmentsBetween } from './appointment-store.js';
import { hoursBetween } from './availability.js';
import { clinicTimeZone, requireCalendar } from './calendar-access.js';
import type { SchedulingDeps } from './deps.js';
import { presentAppointment } from './present.js';
import { addDays, dayRange, mondayOf, wallClock } from './time.js';

type View = 'day' | 'week' | 'today';

/** A calendar that lists patients is a read of health information: one audit event per view. */
async function auditView(
  deps: SchedulingDeps,
  actor: Actor,
  clinicId: string,
  view: View,
  therapistUserId: string,
  date: string,
  shown: number,
  ip: string | null,
) {
  await recordAccess(deps.db, deps.dialect, {
    type: 'calendar.viewed',
    clinicId,
    actorUserId: actor.user.id,
    subject: { type: 'calendar', id: therapistUserId },
    ip,
    data: { view, date, shown },
  });
}

/** Local dates [first, last] of one therapist's calendar: hours and appointments per day, in clinic wall time. */
async function daysOf(deps: SchedulingDeps, clinicId: string, therapistUserId: string, first: string, last: string, timeZone: string) {
  const from = dayRange(first, timeZone).from;
  const to = dayRange(last, timeZone).to;
  const rows = await appointmentsBetween(deps.db, { clinicId, therapistUserId, from, to, includeCancelled: true });
  const hours = await hoursBetween(deps.db, clinicId, therapistUserId, first, last);
  const days = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    days.push({ date, hours: hours.get(date) ?? [], appointments: [] as ReturnType<typeof presentAppointment>[] });
  }
  for (const row of rows) {
    const a = presentAppointment(row, timeZone);
    days.find((d) => d.date === a.localDate)?.appointments.push(a);
  }
  return days;
}

/** One day of a therapist's calendar: names, types and times; never safeguards or vulnerability. */
export async function dayView(
  deps: SchedulingDeps,
  actor: Actor,
  query: { date: string; therapistId?: string | undefined },
  ip: string | null,
) {
  const { clinic, therapist } = await requireCalendar(deps, actor, query.therapistId);
  const timeZone = await clinicTimeZone(deps, clinic.clinicId);
  const [day] = await daysOf(deps, clinic.clinicId, therapist.id, query.date, query.date, timeZone);
  const view = {
    therapistUserId: therapist.id,
    therapistName: therapist.name,
    timeZone,
    date: query.date,
    hours: day?.hours ?? [],
    appointments: day?.appointments ?? [],
  };
  await auditView(deps, actor, clinic.clinicId, 'day', therapist.id, query.date, view.appointments.length, ip);
  return view;
}

/** The week (Monday to Sunday) that holds `date`. */
export async function weekView(
  deps: SchedulingDeps,
  actor: Actor,
  query: { date: string; therapistId?: string | undefined },
  ip: string | null,
) {
  const { clinic, therapist } = await requireCalendar(deps, actor, query.therapistId);
  const timeZone = await clinicTimeZone(deps, clinic.clinicId);
  const weekStart = mondayOf(query.date);
  const days = await daysOf(deps, clinic.clinicId, therapist.id, weekStart, addDays(weekStart, 6), timeZone);
  const shown = days.reduce((n, d) => n + d.appointments.length, 0);
  await auditView(deps, actor, clinic.clinicId, 'week', therapist.id, weekStart, shown, ip);
  return { therapistUserId: therapist.id, therapistName: therapist.name, timeZone, weekStart, days };
}

/**
 * The treating therapist's day: today's appointments in order (cancelled ones left out), with the
 * gentle safeguards of the patients they treat, and the plans due for review.
 */
export async function todayView(deps: SchedulingDeps, actor: Actor, ip: string | null) {
  const { clinic, therapist } = await requireCalendar(deps, actor, undefined);
  const timeZone = await clinicTimeZone(deps, clinic.clinicId);
  const today = wallClock(deps.now(), timeZone).date;
  const { from, to } = dayRange(today, timeZone);
  const rows = await appointmentsBetween(deps.db, {
    clinicId: clinic.clinicId,
    therapistUserId: therapist.id,
    from,
    to,
    includeCancelled: false,
  });
  const patientIds = [...new Set(rows.map((r) => r.patient_id))];
  const treated = await clinicalAccessAmong(deps, actor, patientIds);
  const safeguards = await safeguardsByPatient(deps.db, [...treated]);
  const appointments = rows.map((r) => ({ ...presentAppointment(r, timeZone), safeguards: safeguards.get(r.patient_id) ?? [] }));
  const due = await plansDueForReview(deps.db, clinic.clinicId, therapist.id, today);
  await auditView(deps, actor, clinic.clinicId, 'today', therapist.id, today, appointments.length + due.plans.length, ip);
  return { date: today, timeZone, appointments, plansDueForReview: due.plans, morePlansDue: due.more };
}
