import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type { PresenceCheckInsTable, ReflectionTables } from './tables.js';

const own = (db: AppDb) => db as Kysely<ReflectionTables>;

export async function insertCheckIn(db: AppDb, row: PresenceCheckInsTable) {
  await own(db).insertInto('presence_checkins').values(row).execute();
}

/** Always filtered by the owner of the rows: there is no query here that reads another user's. */
export function checkInsOf(db: AppDb, userId: string, clinicId: string, from: string, to: string) {
  return own(db)
    .selectFrom('presence_checkins')
    .selectAll()
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .where('local_date', '>=', from)
    .where('local_date', '<=', to)
    .orderBy('at')
    .execute();
}

export function recentCheckIns(db: AppDb, userId: string, clinicId: string, limit: number) {
  return own(db)
    .selectFrom('presence_checkins')
    .selectAll()
    .where('user_id', '=', userId)
    .where('clinic_id', '=', clinicId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}
