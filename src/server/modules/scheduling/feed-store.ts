import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import type { CalendarFeedsTable, SchedulingTables } from './tables.js';

const own = (db: AppDb) => db as Kysely<SchedulingTables>;

export function activeFeed(db: AppDb, clinicId: string, therapistUserId: string) {
  return own(db)
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeFeeds(db: AppDb, clinicId: string, therapistUserId: string, at: string): Promise<number> {
  const r = await own(db)
    .updateTable('calendar_feeds')
    .set({ revoked_at: at })
    .where('clinic_id', '=', clinicId)
    .where('therapist_user_id', '=', therapistUserId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertFeed(db: AppDb, row: CalendarFeedsTable) {
  await own(db).insertInto('calendar_feeds').values(row).execute();
}

export function feedByTokenHash(db: AppDb, tokenHash: string) {
  return own(db)
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchFeed(db: AppDb, id: string, at: string) {
  await own(db).updateTable('calendar_feeds').set({ last_fetched_at: at }).where('id', '=', id).execute();
}
