import type { z } from 'zod';
import type { BookAppointmentBody } from '../../../shared/scheduling/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { requirePatient } from '../patients/index.js';
import { insertAppointment } from './appointment-store.js';
import { clinicTimeZone, requireCalendar } from './calendar-access.js';
import { assertTreatmentConsent } from './consent-check.js';
import type { SchedulingDeps } from './deps.js';
import { presentAppointment } from './present.js';
import { assertReasonableStart, claimSlot, endOf } from './slot.js';
import { findType } from './store.js';
import type { AppointmentsTable } from './tables.js';

export async function bookAppointment(deps: SchedulingDeps, actor: Actor, input: z.output<typeof BookAppointmentBody>, ip: string | null) {
  const { clinic, therapist } = await requireCalendar(deps, actor, input.therapistUserId);
  // Only patients the actor may see can be booked (a therapist: their own; the front desk: the clinic's).
  const { patient } = await requirePatient(deps, actor, input.patientId, 'demographics');
  const type = await findType(deps.db, clinic.clinicId, input.appointmentTypeId);
  if (!type) throw new AppError('NOT_FOUND', 'This appointment type does not exist.', { field: 'appointmentTypeId' });
  if (type.active !== 1) {
    throw new AppError('CONFLICT', `“${type.name}” is no longer offered. Choose another appointment type.`, { field: 'appointmentTypeId' });
  }
  const now = deps.now();
  assertReasonableStart(now, input.startsAt);
  const timeZone = await clinicTimeZone(deps, clinic.clinicId);
  await assertTreatmentConsent(deps, clinic.clinicId, patient, now, timeZone);
  const at = now.toISOString();
  const row: AppointmentsTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    patient_id: patient.id,
    therapist_user_id: therapist.id,
    appointment_type_id: type.id,
    type_name: type.name,
    fee_cents: type.fee_cents,
    starts_at: input.startsAt,
    ends_at: endOf(input.startsAt, type.duration_minutes),
    status: 'booked',
    outside_hours: 0,
    cancel_reason: null,
    cancelled_at: null,
    cancelled_by: null,
    arrived_at: null,
    no_show_at: null,
    completed_at: null,
    actual_end_at: null,
    created_at: at,
    created_by: actor.user.id,
    updated_at: at,
    fee_adjustment: null,
    fee_discount_cents: null,
    fee_adjustment_reason: null,
    fee_adjusted_at: null,
    fee_adjusted_by: null,
    payment_status: null,
    payment_marked_at: null,
    payment_marked_by: null,
  };
  await inTransaction(deps.db, async (tx) => {
    const outside = await claimSlot(tx, deps.dialect, {
      clinicId: clinic.clinicId,
      therapistUserId: therapist.id,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timeZone,
      allowOutsideHours: input.allowOutsideHours,
    });
    row.outside_hours = outside ? 1 : 0;
    await insertAppointment(tx, row);
    await recordAudit(tx, deps.dialect, {
      type: 'appointment.booked',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'appointment', id: row.id },
      ip,
      data: { therapistUserId: therapist.id, startsAt: row.starts_at, outsideHours: outside },
    });
  });
  const names = {
    legal_first_name: patient.legal_first_name,
    legal_last_name: patient.legal_last_name,
    preferred_name: patient.preferred_name,
  };
  return presentAppointment({ ...row, ...names }, timeZone);
}
