import { hashPassword, insertNewUser } from '../../src/server/modules/auth/index.js';
import { findClinic, insertMembership } from '../../src/server/modules/clinic/index.js';
import { type DatabaseHandle, inTransaction } from '../../src/server/platform/db/index.js';
import type { Role } from '../../src/shared/auth/contract.js';

export const TEST_PASSWORD = 'Quiet-Harbour-Lantern-58';
let cachedHash: Promise<string> | undefined;
const passwordHash = () => {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
};

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface BuiltUser {
  id: string;
  email: string;
  name: string;
  password: string;
  role: Role;
}

export interface BuiltClinic {
  id: string;
  name: string;
  owner: BuiltUser;
  members: Record<Exclude<Role, 'owner'>, BuiltUser>;
}

/** A user with a known password, not yet in any clinic. */
export async function buildUser(db: DatabaseHandle, overrides: { email?: string; name?: string } = {}): Promise<BuiltUser> {
  const tag = unique();
  const email = overrides.email ?? `person-${tag}@example.test`;
  const name = overrides.name ?? `Person ${tag}`;
  const user = await inTransaction(db.db, async (tx) =>
    insertNewUser(tx, { email, name, passwordHash: await passwordHash(), now: new Date() }),
  );
  return { id: user.id, email, name, password: TEST_PASSWORD, role: 'therapist' };
}

/** A clinic of its own for one test: an owner and one member of every other role. */
export async function buildClinic(db: DatabaseHandle, name = `Clinic ${unique()}`): Promise<BuiltClinic> {
  const id = crypto.randomUUID();
  const at = new Date().toISOString();
  await db.db.insertInto('clinics').values({ id, name, require_totp: 0, created_at: at, updated_at: at }).execute();
  const add = async (role: Role): Promise<BuiltUser> => {
    const user = await buildUser(db);
    await insertMembership(db.db, {
      clinic_id: id,
      user_id: user.id,
      role,
      treats: role === 'therapist' || role === 'locum' || role === 'owner' ? 1 : 0,
      created_at: at,
      removed_at: null,
    });
    return { ...user, role };
  };
  const owner = await add('owner');
  const members = { admin: await add('admin'), therapist: await add('therapist'), locum: await add('locum'), mentor: await add('mentor') };
  if (!(await findClinic(db.db, id))) throw new Error('clinic was not created');
  return { id, name, owner, members };
}

export async function addMember(db: DatabaseHandle, clinicId: string, user: BuiltUser, role: Role) {
  await insertMembership(db.db, {
    clinic_id: clinicId,
    user_id: user.id,
    role,
    treats: 1,
    created_at: new Date().toISOString(),
    removed_at: null,
  });
}
