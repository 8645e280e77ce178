import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type { ClinicsTable, ClinicTables, InvitationsTable, MembershipsTable } from './tables.js';

// Clinic-scoped reads join users (owned by auth) for names and emails: read-only, lower rank.
interface UsersView {
  users: { id: string; name: string; email: string; totp_secret: string | null };
}
const own = (db: AppDb) => db as Kysely<ClinicTables & UsersView>;

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
