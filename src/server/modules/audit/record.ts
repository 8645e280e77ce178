import { type AppDb, type DialectName, inTransaction } from '../../platform/db/index.js';
import { atTurnEnd } from '../../platform/turn.js';
import { hashRow } from './chain.js';
import type { AuditEvent, AuditEventType } from './events.js';
import { appendAtOnce, chainHead, insertEvents, lockChain } from './store.js';
import type { AuditEventsTable } from './tables.js';

/**
 * Appends one event to the hash-chained log inside the caller's transaction, so the event and
 * the change it describes commit or roll back together. `tx` must be a transaction handle.
 */
export async function recordAudit(tx: AppDb, dialect: DialectName, event: AuditEvent, now: Date = new Date()): Promise<void> {
  if (!tx.isTransaction) throw new Error('recordAudit must run inside the transaction of the change it records');
  await appendEvents(tx, dialect, [{ event, at: now }]);
}

/**
 * Appends several events (a batch job's, say) in the order given, inside the caller's transaction,
 * with one chain lock and one insert per 500 rows.
 */
export async function recordAudits(tx: AppDb, dialect: DialectName, events: AuditEvent[], now: Date = new Date()): Promise<void> {
  if (!tx.isTransaction) throw new Error('recordAudits must run inside the transaction of the change it records');
  if (events.length === 0) return;
  await appendEvents(
    tx,
    dialect,
    events.map((event) => ({ event, at: now })),
  );
}

/** Links events onto the chain in the order given. */
async function appendEvents(tx: AppDb, dialect: DialectName, events: Array<{ event: AuditEvent; at: Date }>): Promise<void> {
  await lockChain(tx, dialect);
  await insertEvents(tx, dialect, linked(await chainHead(tx), events));
}

/** The rows that put `events` on the chain after `head`, each hashing the one before. */
function linked(head: { seq: number; hash: string }, events: Array<{ event: AuditEvent; at: Date }>): AuditEventsTable[] {
  const rows: AuditEventsTable[] = [];
  let prev = head;
  for (const { event, at } of events) {
    const row = {
      seq: prev.seq + 1,
      at: at.toISOString(),
      type: event.type,
      clinic_id: event.clinicId ?? null,
      actor_user_id: event.actorUserId ?? null,
      subject_type: event.subject?.type ?? null,
      subject_id: event.subject?.id ?? null,
      patient_id: event.patientId ?? null,
      ip: event.ip ?? null,
      data: JSON.stringify(event.data ?? {}),
      prev_hash: prev.hash,
    };
    const hash = hashRow(row);
    rows.push({ ...row, hash });
    prev = { seq: row.seq, hash };
  }
  return rows;
}

interface PendingAccess {
  event: AuditEvent;
  at: Date;
  done: (error?: unknown) => void;
}

/** Rows per INSERT: 11 parameters each stays far below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_BATCH = 500;
const accessQueues = new WeakMap<object, { pending: PendingAccess[]; flushing: boolean }>();

/**
 * Records a read of health information (a chart opened, notes listed) that changes nothing else.
 * The promise settles once the event is committed, so the caller answers only after the access is
 * on record, as with `recordAudit`. Reads arriving while a batch commits wait for the next batch:
 * under load many reads share one transaction (group commit) instead of queueing one transaction
 * each behind the single writer, which is what made an audited read cost several plain ones.
 * On SQLite every commit also empties the read-only connection's page cache, so fewer, larger
 * commits make the reads themselves cheaper.
 */
export function recordAccess(db: AppDb, dialect: DialectName, event: AuditEvent, now: Date = new Date()): Promise<void> {
  if (db.isTransaction) return recordAudit(db, dialect, event, now);
  let queue = accessQueues.get(db);
  if (!queue) {
    queue = { pending: [], flushing: false };
    accessQueues.set(db, queue);
  }
  const q = queue;
  return new Promise<void>((resolve, reject) => {
    q.pending.push({ event, at: now, done: (error) => (error === undefined ? resolve() : reject(error)) });
    if (!q.flushing) {
      q.flushing = true;
      // Not at once: after this turn of the event loop, so the reads whose requests arrived in the
      // same turn share the commit. (Flushing at once gave batches of one over real sockets: each
      // commit finished before the next request was read, and each emptied the reader's cache.)
      atTurnEnd(() => void flushAccess(db, dialect, q));
    }
  });
}

async function flushAccess(db: AppDb, dialect: DialectName, queue: { pending: PendingAccess[]; flushing: boolean }) {
  try {
    while (queue.pending.length > 0) {
      const batch = queue.pending.splice(0, MAX_BATCH);
      try {
        // On SQLite with an idle writer, one synchronous transaction; otherwise through the queue.
        if (!appendAtOnce(db, (head) => linked(head, batch))) await inTransaction(db, (tx) => appendEvents(tx, dialect, batch));
        for (const p of batch) p.done();
      } catch (error) {
        // Nobody is told their read was recorded when it was not: each caller fails, and answers 500.
        for (const p of batch) p.done(error ?? new Error('audit batch failed'));
      }
    }
  } finally {
    queue.flushing = false;
  }
}

/** Who is reading, for which clinic, from where: what every read of health information records. */
export interface Reader {
  clinicId: string;
  actorUserId: string;
  ip: string | null;
}

/**
 * Records that `reader` read part of one patient's record (a chart, their consents, their notes).
 * The subject is the patient unless something narrower was read (one note, one appointment).
 * Same guarantee as `recordAccess`: settles once the event is committed.
 */
export function recordPatientRead(
  deps: { db: AppDb; dialect: DialectName },
  reader: Reader,
  type: AuditEventType,
  patientId: string,
  detail: { subject?: { type: string; id: string }; data?: AuditEvent['data'] } = {},
): Promise<void> {
  return recordAccess(deps.db, deps.dialect, {
    type,
    clinicId: reader.clinicId,
    actorUserId: reader.actorUserId,
    patientId,
    subject: detail.subject ?? { type: 'patient', id: patientId },
    ip: reader.ip,
    data: detail.data,
  });
}

/** For events that accompany no other change (a failed sign-in, for example). */
export async function recordAuditAlone(db: AppDb, dialect: DialectName, event: AuditEvent) {
  await inTransaction(db, (tx) => recordAudit(tx, dialect, event));
}
