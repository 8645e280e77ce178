import type { InvitableRole } from '../../../shared/auth/contract.js';
import type { AcceptInvitationBody, Invitation } from '../../../shared/clinic/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { findUserByEmail, hashToken, insertNewUser, newToken, preparePassword, verifyPassword } from '../auth/index.js';
import type { Actor } from './actor.js';
import type { ClinicDeps } from './deps.js';
import { assertAllowed } from './policy.js';
import {
  findInvitation,
  findInvitationByTokenHash,
  findMembership,
  insertInvitation,
  insertMembership,
  invitationsOf,
  updateInvitation,
  updateMembership,
} from './store.js';
import type { InvitationsTable } from './tables.js';

export const INVITATION_DAYS = 7;

function statusOf(row: InvitationsTable, now: Date): Invitation['status'] {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  if (row.expires_at <= now.toISOString()) return 'expired';
  return 'pending';
}

export function presentInvitation(row: InvitationsTable, now: Date): Invitation {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Invitation['role'],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: statusOf(row, now),
  };
}

export async function createInvitation(
  deps: ClinicDeps,
  actor: Actor,
  input: { email: string; name?: string | undefined; role: InvitableRole; baseUrl: string; ip: string | null },
): Promise<Invitation> {
  const clinic = actor.clinic;
  assertAllowed(clinic?.role, 'clinic.invitations.write');
  if (!clinic) throw new AppError('FORBIDDEN', 'Choose a clinic first.');
  // Only the owner hands out administrative power.
  if (input.role === 'admin' && clinic.role !== 'owner') {
    throw new AppError('FORBIDDEN', 'Only the clinic owner can invite an administrator.', { field: 'role' });
  }
  const existingUser = await findUserByEmail(deps.db, input.email);
  if (existingUser) {
    const m = await findMembership(deps.db, clinic.clinicId, existingUser.id);
    if (m && !m.removed_at) throw new AppError('CONFLICT', 'This person is already a member of the clinic.', { field: 'email' });
  }
  const now = deps.now();
  const { token, hash } = newToken();
  const row: InvitationsTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    email: input.email,
    name: input.name ?? null,
    role: input.role,
    token_hash: hash,
    invited_by: actor.user.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
    accepted_at: null,
    revoked_at: null,
  };
  const link = `${deps.publicUrl ?? input.baseUrl}/invitation/${token}`;
  await inTransaction(deps.db, async (tx) => {
    await insertInvitation(tx, row);
    if (deps.mailer.enabled) {
      await deps.mailer.enqueue(
        tx,
        {
          to: input.email,
          subject: `${actor.user.name} invites you to ${clinic.clinicName} on Attune`,
          text: [
            `Hello${input.name ? ` ${input.name}` : ''},`,
            '',
            `${actor.user.name} has invited you to join ${clinic.clinicName} on Attune as ${input.role}.`,
            '',
            `Open this link to accept (it works once, for ${INVITATION_DAYS} days):`,
            link,
            '',
            'If you were not expecting this, you can ignore this message.',
          ].join('\n'),
        },
        now,
      );
    }
    await recordAudit(tx, deps.dialect, {
      type: 'invitation.created',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'invitation', id: row.id },
      ip: input.ip,
      data: { role: input.role },
    });
  });
  return { ...presentInvitation(row, now), link, emailQueued: deps.mailer.enabled };
}

export async function listInvitations(deps: ClinicDeps, actor: Actor): Promise<Invitation[]> {
  assertAllowed(actor.clinic?.role, 'clinic.invitations.read');
  const now = deps.now();
  return (await invitationsOf(deps.db, actor.clinic?.clinicId ?? '')).map((r) => presentInvitation(r, now));
}

export async function revokeInvitation(deps: ClinicDeps, actor: Actor, id: string, ip: string | null): Promise<void> {
  assertAllowed(actor.clinic?.role, 'clinic.invitations.write');
  const clinicId = actor.clinic?.clinicId ?? '';
  const row = await findInvitation(deps.db, clinicId, id);
  if (!row) throw new AppError('NOT_FOUND', 'This invitation does not exist.');
  if (statusOf(row, deps.now()) !== 'pending') throw new AppError('CONFLICT', 'Only a pending invitation can be withdrawn.');
  await inTransaction(deps.db, async (tx) => {
    await updateInvitation(tx, id, { revoked_at: deps.now().toISOString() });
    await recordAudit(tx, deps.dialect, {
      type: 'invitation.revoked',
      clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'invitation', id },
      ip,
    });
  });
}

async function pendingInvitation(deps: Pick<ClinicDeps, 'db' | 'now'>, token: string) {
  const row = await findInvitationByTokenHash(deps.db, hashToken(token));
  if (!row || statusOf(row, deps.now()) !== 'pending') {
    throw new AppError(
      'INVITATION_INVALID',
      'This invitation link is no longer valid. It may have been used, withdrawn or expired: ask the clinic for a new one.',
    );
  }
  return row;
}

export async function previewInvitation(deps: ClinicDeps, token: string) {
  const row = await pendingInvitation(deps, token);
  const hasAccount = (await findUserByEmail(deps.db, row.email)) !== undefined;
  return { clinicName: row.clinic_name, email: row.email, name: row.name, role: row.role as Invitation['role'], hasAccount };
}

/**
 * Accepting creates the account (new person: name and password) or, for someone who already uses
 * Attune in another clinic, checks their existing password. Returns the user to sign in.
 */
export async function acceptInvitation(
  deps: ClinicDeps,
  token: string,
  input: AcceptInvitationBody & { ip: string | null },
): Promise<{ userId: string; clinicId: string }> {
  const row = await pendingInvitation(deps, token);
  const existing = await findUserByEmail(deps.db, row.email);
  let passwordHash: string | undefined;
  if (existing) {
    if (!(await verifyPassword(existing.password_hash, input.password))) {
      throw new AppError('VALIDATION', 'You already have an Attune account: enter its password to join this clinic.', {
        field: 'password',
      });
    }
  } else {
    const name = input.name ?? row.name;
    if (!name) throw new AppError('VALIDATION', 'Enter your name.', { field: 'name' });
    passwordHash = await preparePassword(input.password, [row.email, name]);
  }
  const now = deps.now();
  const at = now.toISOString();
  return inTransaction(deps.db, async (tx) => {
    // Re-read inside the transaction: a link works exactly once even if clicked twice at once.
    const fresh = await findInvitationByTokenHash(tx, row.token_hash);
    if (!fresh || fresh.accepted_at || fresh.revoked_at) throw new AppError('INVITATION_INVALID', 'This invitation has already been used.');
    const userId =
      existing?.id ??
      (await insertNewUser(tx, { email: row.email, name: (input.name ?? row.name) as string, passwordHash: passwordHash as string, now }))
        .id;
    const membership = await findMembership(tx, row.clinic_id, userId);
    const treats = row.role === 'therapist' || row.role === 'locum' ? 1 : 0;
    if (membership) await updateMembership(tx, row.clinic_id, userId, { role: row.role, treats, removed_at: null });
    else
      await insertMembership(tx, { clinic_id: row.clinic_id, user_id: userId, role: row.role, treats, created_at: at, removed_at: null });
    await updateInvitation(tx, row.id, { accepted_at: at });
    await recordAudit(tx, deps.dialect, {
      type: 'invitation.accepted',
      clinicId: row.clinic_id,
      actorUserId: userId,
      subject: { type: 'invitation', id: row.id },
      ip: input.ip,
      data: { role: row.role, newAccount: !existing },
    });
    return { userId, clinicId: row.clinic_id };
  });
}
