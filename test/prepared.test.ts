import { expect, it } from 'vitest';
import { inTransaction, postgresPoolOf } from '../src/server/platform/db/index.js';
import { preparedQuery } from '../src/server/platform/db/prepared.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';

const userEmail = preparedQuery((db, id: string) => db.selectFrom('users').select('email').where('id', '=', id));

describeEachDialect('compiled queries (platform/db/prepared.ts)', ({ dialect, db }) => {
  it('answer the same through Kysely, at once, and inside a transaction, for each new value', async () => {
    const clinic = await buildClinic(db());
    const ids = [clinic.owner.id, clinic.members.therapist.id, clinic.members.admin.id];
    for (const id of ids) {
      const expected = await db().db.selectFrom('users').select('email').where('id', '=', id).execute();
      expect(await userEmail(db().db, id)).toEqual(expected);
      expect(await inTransaction(db().db, (tx) => userEmail(tx, id))).toEqual(expected);
    }
    expect(await userEmail(db().db, 'nobody')).toEqual([]);
  });

  it.runIf(dialect === 'postgres')('are prepared by name on PostgreSQL, so the server plans them once per connection', async () => {
    const clinic = await buildClinic(db());
    const pool = postgresPoolOf(db().db);
    if (!pool) throw new Error('no pool');
    // Every connection of the pool that ran it holds it; ask each connection in turn by holding them all.
    for (let i = 0; i < 12; i++) await userEmail(db().db, clinic.owner.id);
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    try {
      const names = await Promise.all(
        clients.map(async (c) =>
          (await c.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map((r) => r.statement),
        ),
      );
      expect(names.flat().some((s) => s.includes('"users"') && s.includes('"email"'))).toBe(true);
    } finally {
      for (const c of clients) c.release();
    }
    // A transaction handle keeps to its own connection (no pool): the statement runs inside it.
    expect(await inTransaction(db().db, async (tx) => postgresPoolOf(tx))).toBeUndefined();
  });
});
