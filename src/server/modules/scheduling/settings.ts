import type { z } from 'zod';
import type { UpdateSchedulingSettingsBody } from '../../../shared/scheduling/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { recordAudit } from '../audit/index.js';
import { type Actor, requireClinic } from '../clinic/index.js';
import { clinicTimeZone } from './calendar-access.js';
import type { SchedulingDeps } from './deps.js';
import { assertAllowed } from './policy.js';
import { saveTimeZone } from './store.js';

export async function getSchedulingSettings(deps: SchedulingDeps, actor: Actor) {
  const clinic = requireClinic(actor);
  assertAllowed(clinic.role, 'scheduling.settings.read');
  return { timeZone: await clinicTimeZone(deps, clinic.clinicId) };
}

/** The clinic's time zone: availability and day boundaries are in its wall time. */
export async function updateSchedulingSettings(
  deps: SchedulingDeps,
  actor: Actor,
  input: z.output<typeof UpdateSchedulingSettingsBody>,
  ip: string | null,
) {
  const clinic = requireClinic(actor);
  assertAllowed(clinic.role, 'scheduling.settings.write');
  await inTransaction(deps.db, async (tx) => {
    await saveTimeZone(tx, clinic.clinicId, input.timeZone, deps.now().toISOString());
    await recordAudit(tx, deps.dialect, {
      type: 'clinic.settings_changed',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      ip,
      data: { clinicTimeZone: input.timeZone },
    });
  });
  return { timeZone: input.timeZone };
}
