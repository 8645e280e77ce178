import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared.js';
import type { ClinicsTable, ClinicTables, InvitationsTable, MembershipsTable } from './tables.js';

// Clinic-scoped reads join users and sessions (owned by auth): read-only, lower rank.
interface AuthView {
  users: { id: string; name: string; email: string; locale: string; totp_secret: string | null; disabled_at: string | null };
  sessions: {
    id: string;
    user_id: string;
    clinic_id: string | null;
    last_seen_at: string;
    expires_at: string;
    revoked_at: string | null;
    locked_at: string | null;
  };
}
const own = (db: AppDb) => db as Kysely<ClinicTables & AuthView>;

/**
 * The hot path of every authenticated request, as one indexed query compiled once: the session,
 * its user, and the user's active memberships (one row each; one row with null clinic if none).
 */
export const sessionWithMemberships = preparedQuery((db: AppDb, sessionId: string) =>
  own(db)
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('memberships as m', (join) => join.onRef('m.user_id', '=', 's.user_id').on('m.removed_at', 'is', null))
    .leftJoin('clinics as c', 'c.id', 'm.clinic_id')
    .select([
      's.id',
      's.user_id',
      's.clinic_id as session_clinic_id',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      's.locked_at',
      'u.email',
      'u.name',
      'u.locale',
      'u.totp_secret',
      'u.disabled_at',
      'm.clinic_id',
      'm.role',
      'm.treats',
      'c.name as clinic_name',
      'c.require_totp',
    ])
    .where('s.id', '=', sessionId)
    .orderBy('m.created_at'),
);

export async function insertClinic(db: AppDb, row: ClinicsTable) {
  await own(db).insertInto('clinics').values(row).execute();
}

export function findClinic(db: AppDb, id: string) {
  return own(db).selectFrom('clinics').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateClinic(db: AppDb, id: string, patch: Partial<Omit<ClinicsTable, 'id'>>) {
  await own(db).updateTable('clinics').set(patch).where('id', '=', id).execute();
}

export async function countClinics(db: AppDb): Promise<number> {
  const row = await own(db)
    .selectFrom('clinics')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertMembership(db: AppDb, row: MembershipsTable) {
  await own(db).insertInto('memberships').values(row).execute();
}

/** Active memberships of one user, with the clinic's name and policy: one indexed query. */
export function membershipsOf(db: AppDb, userId: string) {
  return own(db)
    .selectFrom('memberships')
    .innerJoin('clinics', 'clinics.id', 'memberships.clinic_id')
    .select(['memberships.clinic_id', 'memberships.role', 'memberships.treats', 'clinics.name', 'clinics.require_totp'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.removed_at', 'is', null)
    .orderBy('memberships.created_at')
    .execute();
}

export function findMembership(db: AppDb, clinicId: string, userId: string) {
  return own(db).selectFrom('memberships').selectAll().where('clinic_id', '=', clinicId).where('user_id', '=', userId).executeTakeFirst();
}

export async function updateMembership(db: AppDb, clinicId: string, userId: string, patch: Partial<MembershipsTable>) {
  await own(db).updateTable('memberships').set(patch).where('clinic_id', '=', clinicId).where('user_id', '=', userId).execute();
}

export function membersOf(db: AppDb, clinicId: string) {
  return own(db)
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.totp_secret',
      'memberships.role',
      'memberships.treats',
      'memberships.created_at',
    ])
    .where('memberships.clinic_id', '=', clinicId)
    .where('memberships.removed_at', 'is', null)
    .orderBy('users.name')
    .execute();
}

export async function countOwners(db: AppDb, clinicId: string): Promise<number> {
  const row = await own(db)
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('clinic_id', '=', clinicId)
    .where('role', '=', 'owner')
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertInvitation(db: AppDb, row: InvitationsTable) {
  await own(db).insertInto('invitations').values(row).execute();
}

export function findInvitationByTokenHash(db: AppDb, tokenHash: string) {
  return own(db)
    .selectFrom('invitations')
    .innerJoin('clinics', 'clinics.id', 'invitations.clinic_id')
    .selectAll('invitations')
    .select('clinics.name as clinic_name')
    .where('invitations.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function findInvitation(db: AppDb, clinicId: string, id: string) {
  return own(db).selectFrom('invitations').selectAll().where('clinic_id', '=', clinicId).where('id', '=', id).executeTakeFirst();
}

export function invitationsOf(db: AppDb, clinicId: string) {
  return own(db).selectFrom('invitations').selectAll().where('clinic_id', '=', clinicId).orderBy('created_at', 'desc').limit(200).execute();
}

export async function updateInvitation(db: AppDb, id: string, patch: Partial<InvitationsTable>) {
  await own(db).updateTable('invitations').set(patch).where('id', '=', id).execute();
}
