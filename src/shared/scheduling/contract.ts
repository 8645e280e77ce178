import { z } from 'zod';

/** Limits shared by the server (validation) and the web client (form hints). */
export const DURATION_MIN = 5;
export const DURATION_MAX = 480;
export const FEE_MAX_CENTS = 10_000_00;
export const TYPE_NAME_MAX = 120;
export const CANCEL_REASON_MAX = 500;
export const FEE_REASON_MAX = 500;
export const DEFAULT_TIME_ZONE = 'America/Toronto';
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const; // ISO: Monday = 1 … Sunday = 7

const Id = z.string().min(1).max(64);

/** A calendar date that exists (2026-02-30 does not). */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a date like 2026-03-09.' })
  .refine(
    (v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '2000-01-01' && v <= '2100-12-31';
    },
    { message: 'This date does not exist.' },
  );

/** Local wall time "HH:MM" (24-hour clock); "24:00" closes a day. */
export const WallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'Use a time like 09:30 (24-hour clock).' });

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Parses an ISO-8601 instant with a Z or an offset, refusing impossible dates and times. */
export function parseInstant(value: string): Date | null {
  const m = INSTANT.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (local.getUTCFullYear() !== y || local.getUTCMonth() !== mo - 1 || local.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  if (m[7] !== 'Z' && (Number(m[8]) > 14 || Number(m[9]) > 59)) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) || y < 2000 || y > 2100 ? null : parsed;
}

/** An instant such as 2026-03-09T14:00:00Z or 2026-03-09T10:00:00-04:00, normalised to UTC. */
export const Instant = z
  .string()
  .max(40)
  .refine((v) => parseInstant(v) !== null, { message: 'Use a date and time that exist, like 2026-03-09T14:00:00Z.' })
  .transform((v) => (parseInstant(v) as Date).toISOString());

export const SchedulingSettings = z.object({ timeZone: z.string() });
export const UpdateSchedulingSettingsBody = z
  .object({
    timeZone: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine(
        (tz) => {
          try {
            new Intl.DateTimeFormat('en-CA', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        },
        { message: 'Choose a time zone such as America/Toronto.' },
      ),
  })
  .strict();

// Appointment types
const TypeName = z.string().trim().min(1, { message: 'Enter a name, e.g. 60 min massage.' }).max(TYPE_NAME_MAX);
const Duration = z
  .number()
  .int({ message: 'Use whole minutes.' })
  .min(DURATION_MIN, { message: `An appointment lasts at least ${DURATION_MIN} minutes.` })
  .max(DURATION_MAX, { message: `An appointment lasts at most ${DURATION_MAX} minutes (8 hours).` });
const Fee = z
  .number()
  .int({ message: 'Enter the fee in cents, e.g. 12000 for $120.00.' })
  .min(0, { message: 'The fee cannot be negative.' })
  .max(FEE_MAX_CENTS);
export const CreateAppointmentTypeBody = z
  .object({ name: TypeName, durationMinutes: Duration, feeCents: Fee, active: z.boolean().default(true) })
  .strict();
export const UpdateAppointmentTypeBody = z
  .object({ name: TypeName.optional(), durationMinutes: Duration.optional(), feeCents: Fee.optional(), active: z.boolean().optional() })
  .strict();
export const AppointmentType = z.object({
  id: z.string(),
  name: z.string(),
  durationMinutes: z.number(),
  feeCents: z.number(),
  active: z.boolean(),
});
export const AppointmentTypeList = z.object({ types: z.array(AppointmentType) });
export const AppointmentTypeListQuery = z.object({ includeInactive: z.enum(['true', 'false']).optional() }).strict();

// Availability
const Block = z
  .object({ start: WallTime, end: WallTime })
  .strict()
  .refine((b) => b.start < b.end, { message: 'A block ends after it starts.', path: ['end'] });
export const WeeklyBlock = z
  .object({ weekday: z.number().int().min(1).max(7), start: WallTime, end: WallTime })
  .strict()
  .refine((b) => b.start < b.end, { message: 'A block ends after it starts.', path: ['end'] });
export const SetWeeklyHoursBody = z.object({ blocks: z.array(WeeklyBlock).max(100) }).strict();
/** A dated exception: a day off (no blocks) or different hours on that date. */
export const SetExceptionBody = z.object({ blocks: z.array(Block).max(20), note: z.string().trim().max(200).optional() }).strict();
export const TimeBlock = z.object({ start: z.string(), end: z.string() });
export const Availability = z.object({
  therapistUserId: z.string(),
  timeZone: z.string(),
  weekly: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() })),
  exceptions: z.array(z.object({ date: z.string(), dayOff: z.boolean(), blocks: z.array(TimeBlock), note: z.string().nullable() })),
});
export const AvailabilityQuery = z.object({ from: CalendarDate.optional() }).strict();

// Appointments
export const AppointmentStatus = z.enum(['booked', 'arrived', 'completed', 'cancelled', 'no_show']);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;
export const BookAppointmentBody = z
  .object({
    patientId: Id,
    /** Defaults to the person booking, when they treat. */
    therapistUserId: Id.optional(),
    appointmentTypeId: Id,
    startsAt: Instant,
    /** Book even though it falls outside the therapist's hours (after the UI asked "book anyway?"). */
    allowOutsideHours: z.boolean().default(false),
  })
  .strict();
export const MoveAppointmentBody = z
  .object({ startsAt: Instant, therapistUserId: Id.optional(), allowOutsideHours: z.boolean().default(false) })
  .strict();
export const CancelAppointmentBody = z
  .object({ reason: z.string().trim().min(1, { message: 'Say briefly why, e.g. patient unwell.' }).max(CANCEL_REASON_MAX) })
  .strict();
export const CompleteAppointmentBody = z.object({ actualEndAt: Instant.optional() }).strict();

// Fees and payment: the fee as booked, an adjustment (discount or waiver, with a reason) and a paid/unpaid mark.
export const FeeAdjustmentKind = z.enum(['discount', 'waived']);
export const PaymentStatus = z.enum(['paid', 'unpaid']);
/** `none` takes an adjustment back (the full fee applies again); the earlier one stays in the history. */
export const FeeAdjustmentBody = z
  .object({
    kind: z.enum(['discount', 'waived', 'none'], { message: 'Choose a discount, a waived fee, or the full fee.' }),
    /** For a discount: how much is taken off the fee, in cents. */
    amountCents: z
      .number()
      .int({ message: 'Enter the discount in cents, e.g. 2000 for $20.00.' })
      .min(1, { message: 'A discount is more than zero.' })
      .max(FEE_MAX_CENTS)
      .optional(),
    reason: z
      .string()
      .trim()
      .min(1, { message: 'Say briefly why, e.g. student rate.' })
      .max(FEE_REASON_MAX, { message: `Keep the reason under ${FEE_REASON_MAX} characters.` }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'discount' && b.amountCents === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amountCents'], message: 'Enter how much the discount is.' });
    }
    if (b.kind !== 'discount' && b.amountCents !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['amountCents'], message: 'Only a discount has an amount.' });
    }
  });
export const PaymentBody = z.object({ status: PaymentStatus }).strict();
export const FeeAdjustment = z.object({
  kind: FeeAdjustmentKind,
  amountCents: z.number().nullable(),
  reason: z.string(),
  at: z.string(),
  byUserId: z.string(),
});
export const Payment = z.object({ status: PaymentStatus, at: z.string(), byUserId: z.string() });
export const FeeHistoryEntry = z.object({
  what: z.enum(['discount', 'waived', 'none', 'paid', 'unpaid']),
  amountCents: z.number().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  byUserId: z.string(),
  byName: z.string(),
});
export const FeeHistory = z.object({ entries: z.array(FeeHistoryEntry) });
export const Appointment = z.object({
  id: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  therapistUserId: z.string(),
  appointmentTypeId: z.string(),
  typeName: z.string(),
  durationMinutes: z.number(),
  feeCents: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** Clinic wall time, for display. */
  localDate: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  status: AppointmentStatus,
  cancelReason: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  actualEndAt: z.string().nullable(),
  outsideHours: z.boolean(),
  feeAdjustment: FeeAdjustment.nullable(),
  /** The fee after any adjustment. */
  chargedCents: z.number(),
  payment: Payment.nullable(),
});

/** One patient's appointments: past ones newest first, upcoming ones (not yet ended) soonest first. */
export const PatientAppointment = Appointment.extend({ therapistName: z.string() });
export const PatientAppointmentList = z.object({
  timeZone: z.string(),
  past: z.array(PatientAppointment),
  upcoming: z.array(PatientAppointment),
});

// Views
export const DayQuery = z.object({ date: CalendarDate, therapistId: Id.optional() }).strict();
export const CalendarDay = z.object({ date: z.string(), hours: z.array(TimeBlock), appointments: z.array(Appointment) });
export const DayView = CalendarDay.extend({ therapistUserId: z.string(), therapistName: z.string(), timeZone: z.string() });
export const WeekView = z.object({
  therapistUserId: z.string(),
  therapistName: z.string(),
  timeZone: z.string(),
  weekStart: z.string(),
  days: z.array(CalendarDay),
});
export const TodayView = z.object({
  date: z.string(),
  timeZone: z.string(),
  appointments: z.array(Appointment.extend({ safeguards: z.array(z.string()) })),
  /** The most overdue plans first, at most 20; `morePlansDue` says whether others are due too. */
  plansDueForReview: z.array(
    z.object({ patientId: z.string(), patientName: z.string(), relationshipId: z.string(), reviewDate: z.string() }),
  ),
  morePlansDue: z.boolean(),
});

// Private calendar feed
export const CreateFeedBody = z.object({ includeNames: z.boolean().default(false) }).strict();
export const CalendarFeed = z.object({
  active: z.boolean(),
  includeNames: z.boolean(),
  createdAt: z.string().nullable(),
  lastFetchedAt: z.string().nullable(),
});
/** The feed's address is shown once, when it is created; only its hash is stored. */
export const CreatedFeed = z.object({ url: z.string(), path: z.string(), includeNames: z.boolean() });
