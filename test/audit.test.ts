import { expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import { recordAccess, verifyAudit } from '../src/server/modules/audit/index.js';
import { openDatabase } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';
import { DIALECTS, describeEachDialect, freshDatabase } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';
import { pgUrlFor } from './support/pg.js';
import { startServerProcess } from './support/server-process.js';

describeEachDialect('audit log', ({ db }) => {
  it('records security events in order with the actor, and verify-audit detects a changed, deleted or reordered row', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.owner);
    await t.call('POST', '/api/auth/login', { body: { email: clinic.owner.email, password: 'wrong-password-here' } });
    await t.call('POST', '/api/clinic/invitations', { cookie, body: { email: 'audited@example.test', role: 'mentor' } });
    await t.call('PATCH', `/api/clinic/members/${clinic.members.mentor.id}`, { cookie, body: { role: 'admin' } });
    const events = await db().db.selectFrom('audit_events').selectAll().where('clinic_id', '=', clinic.id).orderBy('seq').execute();
    expect(events.map((e) => e.type)).toEqual(['auth.login', 'invitation.created', 'membership.role_changed']);
    expect(events.every((e) => e.actor_user_id === clinic.owner.id)).toBe(true);
    const failed = await db()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('type', '=', 'auth.login_failed')
      .where('actor_user_id', '=', clinic.owner.id)
      .execute();
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(await db().db.selectFrom('audit_events').selectAll().execute())).not.toContain('wrong-password-here');

    expect((await verifyAudit(db().db)).ok).toBe(true);
    const target = events[1];
    if (!target) throw new Error('no event');
    // Changed
    await db().db.updateTable('audit_events').set({ data: '{"role":"owner"}' }).where('seq', '=', target.seq).execute();
    let result = await verifyAudit(db().db);
    expect(result.problems).toEqual([expect.objectContaining({ seq: target.seq, problem: 'changed' })]);
    await db().db.updateTable('audit_events').set({ data: target.data }).where('seq', '=', target.seq).execute();
    expect((await verifyAudit(db().db)).ok).toBe(true);
    // Reordered: swap the contents of two rows, keeping their numbers
    const [a, b] = events.slice(1, 3);
    if (!a || !b) throw new Error('no events');
    const { seq: _sa, ...restA } = a;
    const { seq: _sb, ...restB } = b;
    await db().db.updateTable('audit_events').set(restB).where('seq', '=', a.seq).execute();
    await db().db.updateTable('audit_events').set(restA).where('seq', '=', b.seq).execute();
    result = await verifyAudit(db().db);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.seq)).toContain(a.seq);
    await db().db.updateTable('audit_events').set(restA).where('seq', '=', a.seq).execute();
    await db().db.updateTable('audit_events').set(restB).where('seq', '=', b.seq).execute();
    expect((await verifyAudit(db().db)).ok).toBe(true);
    // Deleted
    await db().db.deleteFrom('audit_events').where('seq', '=', target.seq).execute();
    result = await verifyAudit(db().db);
    expect(result.problems).toEqual([expect.objectContaining({ seq: target.seq + 1, problem: 'missing-before' })]);
    // Put it back: later tests in this suite verify the same chain.
    await db().db.insertInto('audit_events').values(target).execute();
    expect((await verifyAudit(db().db)).ok).toBe(true);
    await t.close();
  });

  it('rolls the audit event back with a change that fails', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.owner);
    const before = (await verifyAudit(db().db)).rows;
    // The last owner cannot be demoted: the use case fails after validation, nothing is written.
    expect((await t.call('PATCH', `/api/clinic/members/${clinic.owner.id}`, { cookie, body: { role: 'mentor' } })).statusCode).toBe(409);
    expect((await verifyAudit(db().db)).rows).toBe(before);
    await t.close();
  });

  it('records concurrent reads in order, each once, on one unbroken chain (batched commits)', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const body = { legalFirstName: 'Batch', legalLastName: 'Reader', dateOfBirth: '1980-02-03' };
    const patientId = (await t.call('POST', '/api/patients', { cookie, body })).json().id as string;
    const before = (await verifyAudit(db().db)).rows;
    const direct = Array.from({ length: 60 }, (_, i) =>
      recordAccess(db().db, db().dialect, { type: 'patient.viewed', clinicId: clinic.id, patientId, data: { order: i } }),
    );
    const charts = Array.from({ length: 30 }, () => t.call('GET', `/api/patients/${patientId}`, { cookie }));
    await Promise.all(direct);
    expect((await Promise.all(charts)).map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    const result = await verifyAudit(db().db);
    expect(result.ok).toBe(true);
    expect(result.rows).toBe(before + 90);
    const rows = await db()
      .db.selectFrom('audit_events')
      .select(['seq', 'data'])
      .where('patient_id', '=', patientId)
      .where('type', '=', 'patient.viewed')
      .orderBy('seq')
      .execute();
    const order = rows.map((r) => JSON.parse(r.data).order).filter((o) => o !== undefined);
    expect(order).toEqual(Array.from({ length: 60 }, (_, i) => i));
    await t.close();
  });

  it('fails every read of a batch whose audit cannot be written, and writes none of it', async () => {
    const clinic = await buildClinic(db());
    const before = (await verifyAudit(db().db)).rows;
    await db().db.schema.alterTable('audit_events').renameTo('audit_events_away').execute();
    try {
      const reads = Array.from({ length: 5 }, () => recordAccess(db().db, db().dialect, { type: 'patient.viewed', clinicId: clinic.id }));
      const settled = await Promise.allSettled(reads);
      expect(settled.map((s) => s.status)).toEqual(Array(5).fill('rejected'));
    } finally {
      await db().db.schema.alterTable('audit_events_away').renameTo('audit_events').execute();
    }
    expect((await verifyAudit(db().db)).rows).toBe(before);
    await recordAccess(db().db, db().dialect, { type: 'patient.viewed', clinicId: clinic.id });
    expect((await verifyAudit(db().db)).ok).toBe(true);
  });

  it('runs migrations idempotently', async () => {
    expect(await migrate(db().db, db().dialect, ALL_MIGRATIONS)).toEqual([]);
  });

  it('indexes the log only as its reads need: by patient (the access report); by seq, its key', async () => {
    // Every index is paid for by every audited read (decision 0007, session 13): add one with its query.
    const { db: handle, dialect } = db();
    const names =
      dialect === 'sqlite'
        ? await handle
            .selectFrom('sqlite_master')
            .select('name')
            .where('type', '=', 'index')
            .where('tbl_name', '=', 'audit_events')
            .where('sql', 'is not', null)
            .execute()
        : await handle
            .selectFrom('pg_indexes')
            .select('indexname as name')
            .where('tablename', '=', 'audit_events')
            .where('indexname', 'not like', '%_pkey')
            .execute();
    expect(names.map((r) => r.name)).toEqual(['audit_events_patient']);
  });
});

it.runIf(DIALECTS.includes('postgres'))(
  'keeps one unbroken chain when two server processes write to one PostgreSQL at once',
  async () => {
    const seed = await freshDatabase('postgres');
    const dbName = (await seed.db.selectNoFrom((eb) => eb.fn<string>('current_database').as('name')).executeTakeFirstOrThrow()).name;
    const url = pgUrlFor(dbName);
    const one = await startServerProcess({ DATABASE_URL: url });
    const two = await startServerProcess({ DATABASE_URL: url });
    try {
      const setup = await fetch(`${one.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clinicName: 'Two Rooms',
          name: 'Rae Owner',
          email: 'rae@example.test',
          password: 'Copper-Meadow-Signal-73',
        }),
      });
      expect(setup.status).toBe(200);
      const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const perProcess = 60;
      const write = (base: string, i: number) =>
        // Invitations insert fresh rows: no row lock serialises them, only the audit chain's own lock.
        fetch(`${base}/api/clinic/invitations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ email: `person-${i}@${base.split(':').pop()}.example.test`, role: 'therapist' }),
        }).then((r) => r.status);
      const statuses = await Promise.all([
        ...Array.from({ length: perProcess }, (_, i) => write(one.url, i)),
        ...Array.from({ length: perProcess }, (_, i) => write(two.url, i)),
      ]);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const check = openDatabase({ kind: 'postgres', url, max: 1 });
      const result = await verifyAudit(check.db);
      await check.close();
      expect(result.problems).toEqual([]);
      expect(result.rows).toBe(2 + 2 * perProcess); // setup + login + every invitation
    } finally {
      await one.stop();
      await two.stop();
      await seed.close();
    }
  },
  120_000,
);
