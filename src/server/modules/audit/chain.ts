import { createHash } from 'node:crypto';
import type { AuditEventsTable } from './tables.js';

export const GENESIS_HASH = '0'.repeat(64);

type Hashed = Omit<AuditEventsTable, 'hash'>;

/** The hash of a row covers every column and the previous row's hash, so any edit breaks the chain. */
export function hashRow(row: Hashed): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.type,
    row.clinic_id,
    row.actor_user_id,
    row.subject_type,
    row.subject_id,
    row.patient_id,
    row.ip,
    row.data,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainProblem {
  seq: number;
  problem: 'changed' | 'missing-before' | 'out-of-order';
  message: string;
}

/**
 * Checks rows given in ascending `seq` order, continuing from `previous` (the last row already
 * checked, or undefined at the start of the log). Pure, so it is tested without a database.
 */
export function checkChain(rows: AuditEventsTable[], previous: { seq: number; hash: string } | undefined): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev = previous ?? { seq: 0, hash: GENESIS_HASH };
  for (const row of rows) {
    if (row.seq !== prev.seq + 1) {
      problems.push({
        seq: row.seq,
        problem: 'missing-before',
        message: `rows ${prev.seq + 1}–${row.seq - 1} are missing (deleted) before row ${row.seq}`,
      });
    } else if (row.prev_hash !== prev.hash) {
      problems.push({
        seq: row.seq,
        problem: 'out-of-order',
        message: `row ${row.seq} does not follow row ${prev.seq}: rows were reordered, replaced or the previous row was changed`,
      });
    }
    if (hashRow(row) !== row.hash) {
      problems.push({ seq: row.seq, problem: 'changed', message: `row ${row.seq} was changed after it was written` });
    }
    prev = { seq: row.seq, hash: row.hash };
  }
  return problems;
}
