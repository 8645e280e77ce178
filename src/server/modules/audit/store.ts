import { type Kysely, sql } from 'kysely';
import { type AppDb, type DialectName, sqliteTransactionNow } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared.js';
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

const lastEvent = preparedQuery((db: AppDb) =>
  (db as Kysely<AuditTables>).selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1),
);

export async function chainHead(tx: AppDb): Promise<{ seq: number; hash: string }> {
  const [last] = await lastEvent(tx);
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

const insertOne = preparedQuery(
  (
    db: AppDb,
    seq: number,
    at: string,
    type: string,
    clinicId: string | null,
    actorUserId: string | null,
    subjectType: string | null,
    subjectId: string | null,
    patientId: string | null,
    ip: string | null,
    data: string,
    prevHash: string,
    hash: string,
  ) =>
    (db as Kysely<AuditTables>).insertInto('audit_events').values({
      seq,
      at,
      type,
      clinic_id: clinicId,
      actor_user_id: actorUserId,
      subject_type: subjectType,
      subject_id: subjectId,
      patient_id: patientId,
      ip,
      data,
      prev_hash: prevHash,
      hash,
    }),
);

const columnsOf = (r: AuditEventsTable) =>
  [
    r.seq,
    r.at,
    r.type,
    r.clinic_id,
    r.actor_user_id,
    r.subject_type,
    r.subject_id,
    r.patient_id,
    r.ip,
    r.data,
    r.prev_hash,
    r.hash,
  ] as const;

/**
 * SQLite with an idle writer: reads the chain's head, links the rows `link` makes from it and inserts
 * them, in one synchronous transaction. Returns false, having done nothing, when that cannot run now
 * (PostgreSQL, or a transaction open on the writer): append through `insertEvents` then.
 */
export function appendAtOnce(db: AppDb, link: (head: { seq: number; hash: string }) => AuditEventsTable[]): boolean {
  const done = sqliteTransactionNow(db, (connection) => {
    const [last] = lastEvent.now(db, connection);
    for (const r of link(last ?? { seq: 0, hash: GENESIS_HASH })) insertOne.now(db, connection, ...columnsOf(r));
  });
  return done !== undefined;
}

export async function insertEvents(tx: AppDb, dialect: DialectName, rows: AuditEventsTable[]): Promise<void> {
  if (dialect === 'sqlite') {
    // One compiled single-row statement per event: a multi-row INSERT is compiled anew for each
    // batch size and makes SQLite keep a statement journal of every page it touches (measured:
    // 45 → N µs per audited read in a batch of 20).
    for (const r of rows) await insertOne(tx, ...columnsOf(r));
    return;
  }
  // One round trip per 500 rows: 500 rows of 12 parameters stay far below PostgreSQL's 65,535 per statement.
  for (let i = 0; i < rows.length; i += 500)
    await (tx as Kysely<AuditTables>)
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
