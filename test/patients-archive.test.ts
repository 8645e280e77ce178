import { expect, it } from 'vitest';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';
import { schedulingClinic } from './support/scheduling.js';

const OMAR = { legalFirstName: 'Omar', legalLastName: 'Haddad', dateOfBirth: '1975-01-30', email: 'omar@example.test' };
const PAST = '2026-03-02T15:00:00.000Z'; // Mon 10:00 in Toronto, before the clock (2026-03-05 12:00 UTC)
const NEXT_WEEK = '2026-03-09T14:00:00.000Z';

type Summary = {
  id: string;
  displayName: string;
  archived: { at: string; byName: string | null; reason: string; note: string | null } | null;
};

async function auditOf(database: Parameters<typeof verifyAudit>[0], patientId: string) {
  return database
    .selectFrom('audit_events')
    .select(['type', 'data', 'actor_user_id'])
    .where('patient_id', '=', patientId)
    .where('type', 'in', ['patient.archived', 'patient.restored'])
    .orderBy('seq')
    .execute();
}

describeEachDialect('archiving a patient', ({ db }) => {
  it('keeps every record, takes the patient out of lists, charts and booking, and restores them as they were', async () => {
    const s = await schedulingClinic(db());
    const { t, therapist, admin, patientId } = s;
    const omar = (await t.call('POST', '/api/patients', { cookie: therapist, body: OMAR })).json().id as string;
    const past = (await s.book(PAST)).json();
    await t.call('POST', `/api/scheduling/appointments/${past.id}/complete`, { cookie: therapist, body: {} });
    const chartBefore = (await t.call('GET', `/api/patients/${patientId}`, { cookie: therapist })).json();

    const archived = await t.call('POST', `/api/patients/${patientId}/archive`, {
      cookie: therapist,
      body: { reason: 'moved_away', note: '  Moved to Halifax in March.  ' },
    });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json()).toEqual({
      id: patientId,
      archived: {
        at: '2026-03-05T12:00:00.000Z',
        byName: s.clinic.members.therapist.name,
        reason: 'moved_away',
        note: 'Moved to Halifax in March.',
      },
    });

    // Gone from the current list, for the therapist and the front desk; found in the archived list.
    for (const cookie of [therapist, admin]) {
      const current = (await t.call('GET', '/api/patients', { cookie })).json();
      expect(current.patients.map((p: Summary) => p.id)).toEqual([omar]);
      expect(current.patients[0].archived).toBeNull();
      const list = (await t.call('GET', '/api/patients?status=archived', { cookie })).json();
      expect(list.total).toBe(1);
      expect(list.patients[0]).toMatchObject({ id: patientId, displayName: 'Em Côté', archived: { reason: 'moved_away' } });
    }
    expect((await t.call('GET', '/api/patients?status=archived&q=halifax', { cookie: admin })).json().total).toBe(0);
    expect((await t.call('GET', '/api/patients?status=archived&q=cote', { cookie: admin })).json().total).toBe(1);
    expect((await t.call('GET', '/api/patients?status=gone', { cookie: admin })).statusCode).toBe(400);

    // Nothing opens, changes or books an archived patient.
    expect((await t.call('GET', `/api/patients/${patientId}`, { cookie: therapist })).statusCode).toBe(404);
    expect((await t.call('PATCH', `/api/patients/${patientId}`, { cookie: admin, body: { pronouns: 'they/them' } })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/patients/${patientId}/feedback`, { cookie: therapist })).statusCode).toBe(404);
    const booking = await s.book(NEXT_WEEK);
    expect(booking.statusCode).toBe(404);
    const appointments = await db().db.selectFrom('appointments').select('id').where('patient_id', '=', patientId).execute();
    expect(appointments).toEqual([{ id: past.id }]); // kept, and nothing new

    // Restored by the front desk: the chart is exactly as it was.
    const restored = await t.call('POST', `/api/patients/${patientId}/restore`, { cookie: admin });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toEqual({ id: patientId, archived: null });
    const chartAfter = (await t.call('GET', `/api/patients/${patientId}`, { cookie: therapist })).json();
    expect(chartAfter.clinical).toEqual(chartBefore.clinical);
    expect({ ...chartAfter.patient }).toEqual({ ...chartBefore.patient });
    expect((await t.call('GET', '/api/patients?status=archived', { cookie: admin })).json().total).toBe(0);
    expect((await s.book(NEXT_WEEK)).statusCode).toBe(200);

    // Both acts are audited; the note (free text) is not copied into the log.
    const events = await auditOf(db().db, patientId);
    expect(events.map((e) => [e.type, JSON.parse(e.data), e.actor_user_id])).toEqual([
      ['patient.archived', { reason: 'moved_away' }, s.therapistId],
      ['patient.restored', { archivedOn: '2026-03-05' }, s.clinic.members.admin.id],
    ]);
    expect(JSON.stringify(events)).not.toContain('Halifax');
    expect((await verifyAudit(db().db)).ok).toBe(true);
    await t.close();
  });

  it('asks for upcoming appointments to be cancelled first; past visits do not stand in the way', async () => {
    const s = await schedulingClinic(db());
    const { t, therapist, patientId } = s;
    expect((await s.book(PAST)).statusCode).toBe(200);
    const upcoming = (await s.book(NEXT_WEEK)).json();
    expect((await s.book('2026-03-10T14:00:00.000Z')).statusCode).toBe(200);
    const refused = await t.call('POST', `/api/patients/${patientId}/archive`, { cookie: therapist, body: { reason: 'care_completed' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe(
      'This patient has 2 upcoming appointments. Cancel them first: an archived patient cannot be booked or seen in the calendar.',
    );
    const row = await db().db.selectFrom('patients').select('archived_at').where('id', '=', patientId).executeTakeFirstOrThrow();
    expect(row.archived_at).toBeNull();
    expect(await auditOf(db().db, patientId)).toEqual([]);

    await t.call('POST', `/api/scheduling/appointments/${upcoming.id}/cancel`, { cookie: therapist, body: { reason: 'Moving' } });
    const one = await t.call('POST', `/api/patients/${patientId}/archive`, { cookie: therapist, body: { reason: 'care_completed' } });
    expect(one.json().message).toMatch(/^This patient has an upcoming appointment\. Cancel it first/);
    const all = await t.call('GET', `/api/patients/${patientId}/appointments`, { cookie: therapist });
    for (const a of all.json().upcoming) {
      if (a.status === 'booked')
        await t.call('POST', `/api/scheduling/appointments/${a.id}/cancel`, { cookie: therapist, body: { reason: 'Moving' } });
    }
    const done = await t.call('POST', `/api/patients/${patientId}/archive`, { cookie: therapist, body: { reason: 'care_completed' } });
    expect(done.statusCode, done.body).toBe(200);
    await t.close();
  });

  it('refuses bad input with a clear message and changes nothing; a second archive or restore changes nothing either', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const other = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const id = (await t.call('POST', '/api/patients', { cookie: therapist, body: OMAR })).json().id as string;
    const archive = (body: unknown, cookie = therapist, patient = id) =>
      t.call('POST', `/api/patients/${patient}/archive`, { cookie, body });
    const cases: [unknown, number, string][] = [
      [{}, 400, 'reason'],
      [{ reason: 'bored' }, 400, 'reason'],
      [{ reason: 'other' }, 400, 'note'],
      [{ reason: 'other', note: '   ' }, 400, 'note'],
      [{ reason: 'duplicate', note: 'x'.repeat(501) }, 400, 'note'],
      [{ reason: 'duplicate', extra: true }, 400, ''],
    ];
    for (const [body, status, field] of cases) {
      const res = await archive(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      if (field) expect(res.json().field, JSON.stringify(body)).toBe(field);
      expect(res.json().message.length).toBeGreaterThan(10);
    }
    expect((await archive({ reason: 'duplicate' }, therapist, 'no-such-patient')).statusCode).toBe(404);
    expect((await archive({ reason: 'duplicate' }, await t.signIn(other.owner))).statusCode).toBe(404);
    expect((await t.call('GET', `/api/patients/${id}`, { cookie: therapist })).statusCode).toBe(200);
    expect(await auditOf(db().db, id)).toEqual([]);

    // Restoring a current patient, and archiving twice: the first act stands.
    expect((await t.call('POST', `/api/patients/${id}/restore`, { cookie: therapist })).json()).toEqual({ id, archived: null });
    const first = (await archive({ reason: 'other', note: 'Asked us to close the file' })).json();
    const second = await archive({ reason: 'duplicate' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first);
    expect(first.archived).toMatchObject({ reason: 'other', note: 'Asked us to close the file' });
    expect((await auditOf(db().db, id)).map((e) => e.type)).toEqual(['patient.archived']);
    await t.close();
  });

  it('lets a therapist archive only a patient no colleague is still treating; the front desk decides otherwise', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const admin = await t.signIn(clinic.members.admin);
    const owner = await t.signIn(clinic.owner);
    const id = (await t.call('POST', '/api/patients', { cookie: therapist, body: OMAR })).json().id as string;
    // The owner also treats this patient (a shared patient; coverage and transfers add these later).
    await db()
      .db.insertInto('therapeutic_relationships')
      .values({
        id: crypto.randomUUID(),
        clinic_id: clinic.id,
        patient_id: id,
        therapist_user_id: clinic.owner.id,
        started_on: '2026-01-01',
        status: 'active',
        patient_goals: null,
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const refused = await t.call('POST', `/api/patients/${id}/archive`, { cookie: therapist, body: { reason: 'moved_away' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe(
      `${clinic.owner.name} still treats this patient. Archiving would hide them from everyone: the clinic's owner or front desk can decide.`,
    );
    expect((await t.call('GET', '/api/patients', { cookie: therapist })).json().total).toBe(1);
    const byAdmin = await t.call('POST', `/api/patients/${id}/archive`, { cookie: admin, body: { reason: 'moved_away' } });
    expect(byAdmin.json().archived).toMatchObject({ byName: clinic.members.admin.name });
    // The therapist still sees their archived patient, to restore them.
    expect((await t.call('GET', '/api/patients?status=archived', { cookie: therapist })).json().total).toBe(1);
    expect((await t.call('GET', '/api/patients?status=archived', { cookie: owner })).json().total).toBe(1);
    expect((await t.call('POST', `/api/patients/${id}/restore`, { cookie: therapist })).statusCode).toBe(200);
    await t.close();
  });

  it('closes the links a patient was sent: an intake link of an archived patient is refused', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const id = (await t.call('POST', '/api/patients', { cookie: therapist, body: OMAR })).json().id as string;
    const link = (await t.call('POST', `/api/patients/${id}/intake-links`, { cookie: therapist, body: { delivery: 'copy' } })).json().link;
    const token = String(link).split('/intake/')[1];
    expect((await t.call('GET', `/api/intake/${token}`)).statusCode).toBe(200);
    await t.call('POST', `/api/patients/${id}/archive`, { cookie: therapist, body: { reason: 'chose_another_clinic' } });
    expect((await t.call('GET', `/api/intake/${token}`)).statusCode).toBe(410);
    await t.call('POST', `/api/patients/${id}/restore`, { cookie: therapist });
    expect((await t.call('GET', `/api/intake/${token}`)).statusCode).toBe(200);
    await t.close();
  });
});
