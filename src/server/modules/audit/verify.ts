import type { AppDb } from '../../platform/db/index.js';
import { type ChainProblem, checkChain } from './chain.js';
import { eventsAfter } from './store.js';

export interface AuditVerification {
  ok: boolean;
  rows: number;
  head: { seq: number; hash: string } | null;
  problems: ChainProblem[];
}

/** Walks the whole log in batches; memory stays flat however long the log grows. */
export async function verifyAudit(db: AppDb, batchSize = 5000): Promise<AuditVerification> {
  let previous: { seq: number; hash: string } | undefined;
  let rows = 0;
  const problems: ChainProblem[] = [];
  for (;;) {
    const batch = await eventsAfter(db, previous?.seq ?? 0, batchSize);
    if (batch.length === 0) break;
    problems.push(...checkChain(batch, previous));
    rows += batch.length;
    const last = batch[batch.length - 1];
    if (!last) break;
    previous = { seq: last.seq, hash: last.hash };
  }
  return { ok: problems.length === 0, rows, head: previous ?? null, problems };
}
