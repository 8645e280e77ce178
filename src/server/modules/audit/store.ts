import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../platform/db/index.js';
import { GENESIS_HASH } from './chain.js';
import type { AuditEventsTable, AuditTables } from './tables.js';

const APPEND_LOCK_KEY = 74_115_001;

/**
 * Serialises appends to the chain. On PostgreSQL an advisory lock held to the end of the
 * transaction keeps the chain linear when several Attune processes write at once; on SQLite the
 * single writer connection already serialises transactions.
 */
export async function lockChain(tx: Kysely<AuditTables>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`.execute(tx);
}

export async function chainHead(tx: Kysely<AuditTables>): Promise<{ seq: number; hash: string }> {
  const last = await tx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

export async function insertEvents(tx: Kysely<AuditTables>, rows: AuditEventsTable[]): Promise<void> {
  // 500 rows of 12 parameters stay far below SQLite's 32,766 and PostgreSQL's 65,535 per statement.
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('audit_events')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function eventsAfter(db: Kysely<AuditTables>, afterSeq: number, limit: number) {
  return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export async function listEvents(
  db: Kysely<AuditTables>,
  filter: { clinicId: string; patientId?: string; types?: readonly string[]; since?: string; limit: number },
) {
  let q = db.selectFrom('audit_events').selectAll().where('clinic_id', '=', filter.clinicId);
  if (filter.patientId) q = q.where('patient_id', '=', filter.patientId);
  if (filter.types?.length) q = q.where('type', 'in', filter.types);
  if (filter.since) q = q.where('at', '>=', filter.since);
  return q.orderBy('seq', 'desc').limit(filter.limit).execute();
}
