import type { Role } from '../../../shared/auth/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { failedAttemptsFor } from '../auth/index.js';
import type { Actor } from './actor.js';
import type { ClinicDeps } from './deps.js';
import { assertAllowed } from './policy.js';
import { countOwners, findClinic, findMembership, membersOf, updateClinic, updateMembership } from './store.js';

export async function listMembers(deps: ClinicDeps, actor: Actor) {
  assertAllowed(actor.clinic?.role, 'clinic.members.read');
  const rows = await membersOf(deps.db, actor.clinic?.clinicId ?? '');
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    email: r.email,
    role: r.role as Role,
    treats: r.treats === 1,
    totpEnabled: r.totp_secret !== null,
    joinedAt: r.created_at,
  }));
}

async function assertOwnersRemain(deps: ClinicDeps, clinicId: string, userId: string) {
  const current = await findMembership(deps.db, clinicId, userId);
  if (current?.role === 'owner' && (await countOwners(deps.db, clinicId)) <= 1) {
    throw new AppError('CONFLICT', 'A clinic always needs an owner. Make someone else an owner first.');
  }
}

export async function changeRole(
  deps: ClinicDeps,
  actor: Actor,
  input: { userId: string; role: Role; treats?: boolean | undefined; ip: string | null },
) {
  assertAllowed(actor.clinic?.role, 'clinic.members.write');
  const clinicId = actor.clinic?.clinicId ?? '';
  const current = await findMembership(deps.db, clinicId, input.userId);
  if (!current || current.removed_at) throw new AppError('NOT_FOUND', 'This person is not a member of the clinic.');
  if (current.role !== input.role) await assertOwnersRemain(deps, clinicId, input.userId);
  const treats = input.role === 'therapist' || input.role === 'locum' ? true : (input.treats ?? current.treats === 1);
  await inTransaction(deps.db, async (tx) => {
    await updateMembership(tx, clinicId, input.userId, { role: input.role, treats: treats ? 1 : 0 });
    await recordAudit(tx, deps.dialect, {
      type: 'membership.role_changed',
      clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'user', id: input.userId },
      ip: input.ip,
      data: { from: current.role, to: input.role, treats },
    });
  });
}

export async function removeMember(deps: ClinicDeps, actor: Actor, userId: string, ip: string | null) {
  assertAllowed(actor.clinic?.role, 'clinic.members.write');
  const clinicId = actor.clinic?.clinicId ?? '';
  const current = await findMembership(deps.db, clinicId, userId);
  if (!current || current.removed_at) throw new AppError('NOT_FOUND', 'This person is not a member of the clinic.');
  await assertOwnersRemain(deps, clinicId, userId);
  await inTransaction(deps.db, async (tx) => {
    await updateMembership(tx, clinicId, userId, { removed_at: deps.now().toISOString() });
    await recordAudit(tx, deps.dialect, {
      type: 'membership.removed',
      clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'user', id: userId },
      ip,
    });
  });
}

export async function getSettings(deps: ClinicDeps, actor: Actor) {
  assertAllowed(actor.clinic?.role, 'clinic.settings.read');
  const clinic = await findClinic(deps.db, actor.clinic?.clinicId ?? '');
  if (!clinic) throw new AppError('NOT_FOUND', 'Clinic not found.');
  return { name: clinic.name, requireTotp: clinic.require_totp === 1 };
}

export async function updateSettings(
  deps: ClinicDeps,
  actor: Actor,
  input: { name?: string | undefined; requireTotp?: boolean | undefined; ip: string | null },
) {
  assertAllowed(actor.clinic?.role, 'clinic.settings.write');
  const clinicId = actor.clinic?.clinicId ?? '';
  if (input.requireTotp && !actor.user.totpEnabled) {
    throw new AppError('CONFLICT', 'Turn on two-step sign-in for your own account first, so you are not locked out.', {
      field: 'requireTotp',
    });
  }
  await inTransaction(deps.db, async (tx) => {
    await updateClinic(tx, clinicId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.requireTotp !== undefined ? { require_totp: input.requireTotp ? 1 : 0 } : {}),
      updated_at: deps.now().toISOString(),
    });
    await recordAudit(tx, deps.dialect, {
      type: 'clinic.settings_changed',
      clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'clinic', id: clinicId },
      ip: input.ip,
      data: { name: input.name !== undefined, requireTotp: input.requireTotp ?? null },
    });
  });
  return getSettings(deps, actor);
}

/** Failed sign-ins against this clinic's members' accounts over the last 30 days, newest first. */
export async function failedSignIns(deps: ClinicDeps, actor: Actor) {
  assertAllowed(actor.clinic?.role, 'clinic.security.read');
  const members = await membersOf(deps.db, actor.clinic?.clinicId ?? '');
  const since = new Date(deps.now().getTime() - 30 * 86_400_000).toISOString();
  return failedAttemptsFor(
    deps.db,
    members.map((m) => m.email),
    since,
    200,
  );
}
