import type { z } from 'zod';
import type { AppointmentStatus, FeeAdjustmentBody, PaymentBody } from '../../../shared/scheduling/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit, recordPatientRead } from '../audit/index.js';
import { type Actor, requireClinic } from '../clinic/index.js';
import { feeEventsOf, findAppointmentWithName, insertFeeEvent, lockAppointmentRow, updateAppointmentFee } from './appointment-store.js';
import { canActOn, clinicTimeZone } from './calendar-access.js';
import type { SchedulingDeps } from './deps.js';
import { presentAppointment } from './present.js';
import type { AppointmentsTable } from './tables.js';

/**
 * An appointment whose fee the actor may set: the treating therapist (their own calendar), the
 * owner and admins (the front desk). Anyone else, and another clinic's ids, get "not found".
 */
async function requireFeeAppointment(deps: SchedulingDeps, actor: Actor, appointmentId: string) {
  const clinic = requireClinic(actor);
  const appointment = await findAppointmentWithName(deps.db, clinic.clinicId, appointmentId);
  if (!appointment || !canActOn(actor, appointment.therapist_user_id)) {
    throw new AppError('NOT_FOUND', 'This appointment is not in your calendar.');
  }
  return { clinic, appointment };
}

function assertNotCancelled(status: AppointmentStatus) {
  if (status === 'cancelled') {
    throw new AppError('CONFLICT', 'This appointment was cancelled, so it has no fee to adjust or collect.');
  }
}

/**
 * A discount (an amount off the fee), a waived fee, or back to the full fee (`none`), always with a
 * reason. The previous adjustment is never lost: every change is kept in the fee history.
 */
export async function adjustFee(
  deps: SchedulingDeps,
  actor: Actor,
  appointmentId: string,
  input: z.output<typeof FeeAdjustmentBody>,
  ip: string | null,
) {
  const { clinic, appointment } = await requireFeeAppointment(deps, actor, appointmentId);
  assertNotCancelled(appointment.status as AppointmentStatus);
  if (input.kind === 'discount' && (input.amountCents ?? 0) > appointment.fee_cents) {
    const fee = (appointment.fee_cents / 100).toFixed(2);
    throw new AppError('VALIDATION', `The discount is more than the fee ($${fee}). To charge nothing, choose “fee waived” instead.`, {
      field: 'amountCents',
    });
  }
  if (input.kind === 'none' && !appointment.fee_adjustment) {
    throw new AppError('CONFLICT', 'This appointment already has the full fee: there is no adjustment to take back.');
  }
  const at = deps.now().toISOString();
  const patch: Partial<AppointmentsTable> =
    input.kind === 'none'
      ? { fee_adjustment: null, fee_discount_cents: null, fee_adjustment_reason: null, fee_adjusted_at: at, fee_adjusted_by: actor.user.id }
      : {
          fee_adjustment: input.kind,
          fee_discount_cents: input.kind === 'discount' ? (input.amountCents ?? null) : null,
          fee_adjustment_reason: input.reason,
          fee_adjusted_at: at,
          fee_adjusted_by: actor.user.id,
        };
  await inTransaction(deps.db, async (tx) => {
    await lockAppointmentRow(tx, deps.dialect, appointment.id);
    await updateAppointmentFee(tx, appointment.id, patch);
    await insertFeeEvent(tx, {
      id: crypto.randomUUID(),
      clinic_id: clinic.clinicId,
      appointment_id: appointment.id,
      what: input.kind,
      amount_cents: input.kind === 'discount' ? (input.amountCents ?? null) : null,
      reason: input.reason,
      created_at: at,
      created_by: actor.user.id,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'appointment.fee_adjusted',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: appointment.patient_id,
      subject: { type: 'appointment', id: appointment.id },
      ip,
      // The kind and amount, never the reason (it may say something personal about the patient).
      data: { kind: input.kind, amountCents: input.kind === 'discount' ? (input.amountCents ?? null) : null },
    });
  });
  return presentAppointment({ ...appointment, ...patch }, await clinicTimeZone(deps, clinic.clinicId));
}

/** Marks the appointment paid or unpaid, with who and when; earlier marks stay in the fee history. */
export async function markPayment(
  deps: SchedulingDeps,
  actor: Actor,
  appointmentId: string,
  input: z.output<typeof PaymentBody>,
  ip: string | null,
) {
  const { clinic, appointment } = await requireFeeAppointment(deps, actor, appointmentId);
  assertNotCancelled(appointment.status as AppointmentStatus);
  const at = deps.now().toISOString();
  const patch: Partial<AppointmentsTable> = { payment_status: input.status, payment_marked_at: at, payment_marked_by: actor.user.id };
  await inTransaction(deps.db, async (tx) => {
    await lockAppointmentRow(tx, deps.dialect, appointment.id);
    await updateAppointmentFee(tx, appointment.id, patch);
    await insertFeeEvent(tx, {
      id: crypto.randomUUID(),
      clinic_id: clinic.clinicId,
      appointment_id: appointment.id,
      what: input.status,
      amount_cents: null,
      reason: null,
      created_at: at,
      created_by: actor.user.id,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'appointment.payment_marked',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: appointment.patient_id,
      subject: { type: 'appointment', id: appointment.id },
      ip,
      data: { status: input.status, previous: appointment.payment_status ?? null },
    });
  });
  return presentAppointment({ ...appointment, ...patch }, await clinicTimeZone(deps, clinic.clinicId));
}

/** Every adjustment and payment mark of one appointment, oldest first: nothing is overwritten. */
export async function feeHistory(deps: SchedulingDeps, actor: Actor, appointmentId: string, ip: string | null) {
  const { clinic, appointment } = await requireFeeAppointment(deps, actor, appointmentId);
  const rows = await feeEventsOf(deps.db, clinic.clinicId, appointment.id);
  await recordPatientRead(
    deps,
    { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip },
    'appointment.listed',
    appointment.patient_id,
    { subject: { type: 'appointment', id: appointment.id }, data: { view: 'fee_history', shown: rows.length } },
  );
  return {
    entries: rows.map((r) => ({
      what: r.what as 'discount' | 'waived' | 'none' | 'paid' | 'unpaid',
      amountCents: r.amount_cents,
      reason: r.reason,
      at: r.created_at,
      byUserId: r.created_by,
      byName: r.by_name ?? '',
    })),
  };
}
