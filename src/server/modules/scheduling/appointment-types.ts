import type { z } from 'zod';
import type { CreateAppointmentTypeBody, UpdateAppointmentTypeBody } from '../../../shared/scheduling/contract.js';
import { AppError } from '../../platform/errors.js';
import { type Actor, requireClinic } from '../clinic/index.js';
import type { SchedulingDeps } from './deps.js';
import { assertAllowed } from './policy.js';
import { presentType } from './present.js';
import { findType, insertType, typeNamed, typesOf, updateType } from './store.js';
import type { AppointmentTypesTable } from './tables.js';

export async function listAppointmentTypes(deps: SchedulingDeps, actor: Actor, includeInactive: boolean) {
  const clinic = requireClinic(actor);
  assertAllowed(clinic.role, 'scheduling.types.read');
  return { types: (await typesOf(deps.db, clinic.clinicId, includeInactive)).map(presentType) };
}

async function assertNameFree(deps: SchedulingDeps, clinicId: string, name: string, exceptId?: string) {
  const taken = await typeNamed(deps.db, clinicId, name);
  if (taken && taken.id !== exceptId) {
    throw new AppError('CONFLICT', `There is already an appointment type called “${name}”. Choose another name or edit that one.`, {
      field: 'name',
    });
  }
}

export async function createAppointmentType(deps: SchedulingDeps, actor: Actor, input: z.output<typeof CreateAppointmentTypeBody>) {
  const clinic = requireClinic(actor);
  assertAllowed(clinic.role, 'scheduling.types.write');
  await assertNameFree(deps, clinic.clinicId, input.name);
  const at = deps.now().toISOString();
  const row: AppointmentTypesTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    name: input.name,
    duration_minutes: input.durationMinutes,
    fee_cents: input.feeCents,
    active: input.active ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  await insertType(deps.db, row);
  return presentType(row);
}

/** Types are never deleted (past appointments name them): set `active: false` to stop offering one. */
export async function updateAppointmentType(
  deps: SchedulingDeps,
  actor: Actor,
  typeId: string,
  input: z.output<typeof UpdateAppointmentTypeBody>,
) {
  const clinic = requireClinic(actor);
  assertAllowed(clinic.role, 'scheduling.types.write');
  const type = await findType(deps.db, clinic.clinicId, typeId);
  if (!type) throw new AppError('NOT_FOUND', 'This appointment type does not exist.');
  if (input.name !== undefined) await assertNameFree(deps, clinic.clinicId, input.name, type.id);
  const patch: Partial<AppointmentTypesTable> = { updated_at: deps.now().toISOString() };
  if (input.name !== undefined) patch.name = input.name;
  if (input.durationMinutes !== undefined) patch.duration_minutes = input.durationMinutes;
  if (input.feeCents !== undefined) patch.fee_cents = input.feeCents;
  if (input.active !== undefined) patch.active = input.active ? 1 : 0;
  await updateType(deps.db, type.id, patch);
  return presentType({ ...type, ...patch });
}
