import { describe, expect, it } from 'vitest';
import { checkChain, GENESIS_HASH, hashRow } from './chain.js';
import type { AuditEventsTable } from './tables.js';

function chain(n: number): AuditEventsTable[] {
  const rows: AuditEventsTable[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
      type: 'auth.login',
      clinic_id: 'c1',
      actor_user_id: `u${seq}`,
      subject_type: 'user',
      subject_id: `u${seq}`,
      patient_id: null,
      ip: '127.0.0.1',
      data: '{}',
      prev_hash: prev,
    };
    const row = { ...base, hash: hashRow(base) };
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('accepts an intact chain, in one pass or in batches', () => {
    const rows = chain(10);
    expect(checkChain(rows, undefined)).toEqual([]);
    const first = rows.slice(0, 4);
    const last = first[3] as AuditEventsTable;
    expect(checkChain(rows.slice(4), { seq: last.seq, hash: last.hash })).toEqual([]);
  });

  it('names a changed row', () => {
    const rows = chain(5);
    rows[2] = { ...(rows[2] as AuditEventsTable), data: '{"tampered":true}' };
    expect(checkChain(rows, undefined)).toEqual([expect.objectContaining({ seq: 3, problem: 'changed' })]);
  });

  it('names the row after a deleted one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(checkChain(rows, undefined)).toEqual([expect.objectContaining({ seq: 3, problem: 'missing-before' })]);
  });

  it('detects two rows swapped even when their numbers are swapped back', () => {
    const rows = chain(5);
    const a = rows[1] as AuditEventsTable;
    const b = rows[2] as AuditEventsTable;
    // Swap contents but keep seq in order, as an attacker reordering events would.
    rows[1] = { ...b, seq: 2 };
    rows[2] = { ...a, seq: 3 };
    const problems = checkChain(rows, undefined);
    expect(problems.map((p) => p.seq)).toContain(2);
    expect(problems.some((p) => p.problem === 'out-of-order')).toBe(true);
  });

  it('detects a deleted first row', () => {
    expect(checkChain(chain(3).slice(1), undefined)).toEqual([expect.objectContaining({ seq: 2, problem: 'missing-before' })]);
  });
});
