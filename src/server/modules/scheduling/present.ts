import type { z } from 'zod';
import type { Appointment, AppointmentStatus, AppointmentType } from '../../../shared/scheduling/contract.js';

type FeeAdjustmentKind = 'discount' | 'waived';
type PaymentStatus = 'paid' | 'unpaid';

import { displayName } from '../patients/index.js';
import type { AppointmentsTable, AppointmentTypesTable } from './tables.js';
import { wallClock } from './time.js';

export function presentType(t: AppointmentTypesTable): z.infer<typeof AppointmentType> {
  return { id: t.id, name: t.name, durationMinutes: t.duration_minutes, feeCents: t.fee_cents, active: t.active === 1 };
}

export type AppointmentWithName = AppointmentsTable & { legal_first_name: string; legal_last_name: string; preferred_name: string | null };

export function durationOf(a: Pick<AppointmentsTable, 'starts_at' | 'ends_at'>): number {
  return Math.round((Date.parse(a.ends_at) - Date.parse(a.starts_at)) / 60_000);
}

export function presentAppointment(a: AppointmentWithName, timeZone: string): z.infer<typeof Appointment> {
  const start = wallClock(a.starts_at, timeZone);
  const end = wallClock(a.ends_at, timeZone);
  return {
    id: a.id,
    patientId: a.patient_id,
    patientName: displayName(a),
    therapistUserId: a.therapist_user_id,
    appointmentTypeId: a.appointment_type_id,
    typeName: a.type_name,
    durationMinutes: durationOf(a),
    feeCents: a.fee_cents,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    localDate: start.date,
    localStart: start.time,
    localEnd: end.time,
    status: a.status as AppointmentStatus,
    cancelReason: a.cancel_reason,
    arrivedAt: a.arrived_at,
    actualEndAt: a.actual_end_at,
    outsideHours: a.outside_hours === 1,
    ...presentFee(a),
  };
}

/** The fee as booked, its current adjustment and payment mark (the history is in appointment_fee_events). */
export function presentFee(a: AppointmentsTable) {
  const kind = (a.fee_adjustment ?? null) as FeeAdjustmentKind | null;
  const feeAdjustment = kind
    ? {
        kind,
        amountCents: kind === 'discount' ? (a.fee_discount_cents ?? null) : null,
        reason: a.fee_adjustment_reason ?? '',
        at: a.fee_adjusted_at ?? '',
        byUserId: a.fee_adjusted_by ?? '',
      }
    : null;
  const chargedCents = kind === 'waived' ? 0 : Math.max(0, a.fee_cents - (kind === 'discount' ? (a.fee_discount_cents ?? 0) : 0));
  const payment = a.payment_status
    ? { status: a.payment_status as PaymentStatus, at: a.payment_marked_at ?? '', byUserId: a.payment_marked_by ?? '' }
    : null;
  return { feeAdjustment, chargedCents, payment };
}
