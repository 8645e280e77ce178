import { afterAll, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../src/server/migrations.js';
import type { DatabaseHandle } from '../src/server/platform/db/index.js';
import { migrate } from '../src/server/platform/db/migrator.js';
import { DIALECTS, describeEachDialect, freshDatabase } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';
import { schedulingClinic } from './support/scheduling.js';

const plan = (reviewDate: string) => ({ areas: ['neck'], techniques: ['Swedish'], frequency: 'weekly', reviewDate });

describeEachDialect('plans due for review on the therapist’s day', ({ db }) => {
  it('lists the 20 most overdue plans first and says more are due; superseded and ended ones are not due', async () => {
    const { t, therapist, patientId } = await schedulingClinic(db(), '2026-03-09T12:00:00.000Z');
    const relationshipOf = async (id: string) =>
      (await t.call('GET', `/api/patients/${id}`, { cookie: therapist })).json().clinical.relationships[0].id as string;
    // The first patient's plan was due, then replaced by one due later: only the new one counts.
    const firstRel = await relationshipOf(patientId);
    await t.call('PUT', `/api/patients/${patientId}/relationships/${firstRel}/plan`, { cookie: therapist, body: plan('2026-01-01') });
    await t.call('PUT', `/api/patients/${patientId}/relationships/${firstRel}/plan`, { cookie: therapist, body: plan('2026-12-01') });
    const due: { patientId: string; reviewDate: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const body = { legalFirstName: `Due${i}`, legalLastName: 'Review', dateOfBirth: '1970-01-01' };
      const id = (await t.call('POST', '/api/patients', { cookie: therapist, body })).json().id as string;
      const reviewDate = `2026-02-${String(28 - i).padStart(2, '0')}`; // later patients are more overdue
      await t.call('PUT', `/api/patients/${id}/relationships/${await relationshipOf(id)}/plan`, {
        cookie: therapist,
        body: plan(reviewDate),
      });
      due.push({ patientId: id, reviewDate });
    }
    // An ended relationship's plan is no longer on the day.
    const ended = due.pop();
    if (!ended) throw new Error('no plans');
    const endedRel = await relationshipOf(ended.patientId);
    const end = await t.call('PATCH', `/api/patients/${ended.patientId}/relationships/${endedRel}`, {
      cookie: therapist,
      body: { status: 'ended' },
    });
    expect(end.statusCode).toBe(200);

    const today = (await t.call('GET', '/api/scheduling/today', { cookie: therapist })).json();
    const expected = [...due].sort((a, b) => a.reviewDate.localeCompare(b.reviewDate)).slice(0, 20);
    expect(today.plansDueForReview.map((p: { patientId: string }) => p.patientId)).toEqual(expected.map((p) => p.patientId));
    expect(today.morePlansDue).toBe(true);
    // With the rest reviewed, exactly twenty remain due: none are said to be missing.
    for (const p of [...due].sort((a, b) => a.reviewDate.localeCompare(b.reviewDate)).slice(20)) {
      const rel = await relationshipOf(p.patientId);
      await t.call('PUT', `/api/patients/${p.patientId}/relationships/${rel}/plan`, { cookie: therapist, body: plan('2026-12-24') });
    }
    const after = (await t.call('GET', '/api/scheduling/today', { cookie: therapist })).json();
    expect(after.plansDueForReview).toHaveLength(20);
    expect(after.morePlansDue).toBe(false);
    await t.close();
  });
});

// A clinic that existed before plans carried their therapist: the migration fills it in.
const made: DatabaseHandle[] = [];
afterAll(async () => {
  for (const handle of made) await handle.close();
});

for (const dialect of DIALECTS) {
  it(`[${dialect}] gives plans written before the therapist was on the plan row their relationship’s therapist`, async () => {
    const last = ALL_MIGRATIONS.findIndex((m) => m.id === 'patients/005-plans-by-therapist');
    expect(last).toBeGreaterThan(0);
    const database = await freshDatabase(dialect, { migrations: ALL_MIGRATIONS.slice(0, last) });
    made.push(database);
    const t = await buildTestApp(database);
    const clinic = await buildClinic(database);
    const therapist = await t.signIn(clinic.members.therapist);
    const body = { legalFirstName: 'Before', legalLastName: 'Migration', dateOfBirth: '1966-06-06' };
    const id = (await t.call('POST', '/api/patients', { cookie: therapist, body })).json().id as string;
    const relationship = await database.db
      .selectFrom('therapeutic_relationships')
      .select('id')
      .where('patient_id', '=', id)
      .executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    await database.db
      .insertInto('treatment_plans')
      .values({
        id: crypto.randomUUID(),
        relationship_id: relationship.id,
        areas: '[]',
        techniques: '[]',
        frequency: 'weekly',
        review_date: '2026-01-01',
        notes: null,
        created_at: at,
        created_by: clinic.members.therapist.id,
        superseded_at: null,
      })
      .execute();
    await t.close();

    expect(await migrate(database.db, dialect, ALL_MIGRATIONS)).toContain('patients/005-plans-by-therapist');
    const rows = await database.db.selectFrom('treatment_plans').select('therapist_user_id').execute();
    expect(rows).toEqual([{ therapist_user_id: clinic.members.therapist.id }]);
  });
}
