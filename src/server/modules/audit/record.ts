import { type AppDb, type DialectName, inTransaction } from '../../platform/db/index.js';
import { hashRow } from './chain.js';
import type { AuditEvent } from './events.js';
import { chainHead, insertEvent, lockChain } from './store.js';

/**
 * Appends one event to the hash-chained log inside the caller's transaction, so the event and
 * the change it describes commit or roll back together. `tx` must be a transaction handle.
 */
export async function recordAudit(tx: AppDb, dialect: DialectName, event: AuditEvent, now: Date = new Date()): Promise<void> {
  if (!tx.isTransaction) throw new Error('recordAudit must run inside the transaction of the change it records');
  await lockChain(tx, dialect);
  const head = await chainHead(tx);
  const row = {
    seq: head.seq + 1,
    at: now.toISOString(),
    type: event.type,
    clinic_id: event.clinicId ?? null,
    actor_user_id: event.actorUserId ?? null,
    subject_type: event.subject?.type ?? null,
    subject_id: event.subject?.id ?? null,
    patient_id: event.patientId ?? null,
    ip: event.ip ?? null,
    data: JSON.stringify(event.data ?? {}),
    prev_hash: head.hash,
  };
  await insertEvent(tx, { ...row, hash: hashRow(row) });
}

/** For events that accompany no other change (a failed sign-in, for example). */
export async function recordAuditAlone(db: AppDb, dialect: DialectName, event: AuditEvent) {
  await inTransaction(db, (tx) => recordAudit(tx, dialect, event));
}
