import type { SetupBody } from '../../../shared/clinic/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { countUsers, insertNewUser, preparePassword } from '../auth/index.js';
import type { ClinicDeps } from './deps.js';
import { insertClinic, insertMembership } from './store.js';

export async function needsSetup(deps: Pick<ClinicDeps, 'db'>): Promise<boolean> {
  return (await countUsers(deps.db)) === 0;
}

/**
 * First run: creates the practice and its owner. Refused once anyone exists; the check is repeated
 * inside the transaction so two simultaneous setups cannot both succeed.
 */
export async function setUpPractice(
  deps: Pick<ClinicDeps, 'db' | 'dialect' | 'now'>,
  input: { clinicName: string; name: string; email: string; password: string; treats: boolean; locale?: string; ip: string | null },
) {
  const alreadySetUp = new AppError('ALREADY_SET_UP', 'This Attune is already set up. Sign in, or ask the owner for an invitation.');
  if (!(await needsSetup(deps))) throw alreadySetUp;
  const passwordHash = await preparePassword(input.password, [input.email, input.name, input.clinicName]);
  const now = deps.now();
  return inTransaction(deps.db, async (tx) => {
    if ((await countUsers(tx)) > 0) throw alreadySetUp;
    const user = await insertNewUser(tx, { email: input.email, name: input.name, passwordHash, locale: input.locale, now });
    const clinicId = crypto.randomUUID();
    const at = now.toISOString();
    await insertClinic(tx, { id: clinicId, name: input.clinicName, require_totp: 0, created_at: at, updated_at: at });
    await insertMembership(tx, {
      clinic_id: clinicId,
      user_id: user.id,
      role: 'owner',
      treats: input.treats ? 1 : 0,
      created_at: at,
      removed_at: null,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'clinic.setup',
      clinicId,
      actorUserId: user.id,
      subject: { type: 'clinic', id: clinicId },
      ip: input.ip,
    });
    return { userId: user.id, clinicId };
  });
}

export type { SetupBody };
