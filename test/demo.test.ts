import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GeneratedClinic, generateClinic } from '../scripts/generate.js';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { fhirProblems } from '../src/server/modules/feedback/fhir-schema.js';
import { computeAlerts } from '../src/server/modules/feedback/index.js';
import { describeEachDialect } from './support/db.js';
import { buildTestApp, type TestApp } from './support/http.js';

describeEachDialect('generated demo clinic', ({ db }) => {
  let clinic: GeneratedClinic;
  let t: TestApp;

  beforeAll(async () => {
    clinic = await generateClinic(db(), {
      therapists: 2,
      patients: 24,
      appointments: 400,
      drafts: 3,
      seed: 7,
      feedback: { answeredShare: 0.7 },
    });
    t = await buildTestApp(db());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const count = async (query: ReturnType<typeof sql<{ n: number | string }>>) => Number((await query.execute(db().db)).rows[0]?.n);

  it('writes the clinic it was asked for', async () => {
    expect(await count(sql`select count(*) as n from users`)).toBe(3);
    expect(await count(sql`select count(*) as n from patients where clinic_id = ${clinic.clinicId}`)).toBe(24);
    expect(await count(sql`select count(*) as n from appointments where clinic_id = ${clinic.clinicId}`)).toBe(400);
    expect(await count(sql`select count(*) as n from consents where type = 'treatment'`)).toBe(24);
    expect(await count(sql`select count(*) as n from notes where status = 'draft'`)).toBe(3);
    expect(clinic.counts.appointments).toBe(400);
    expect(clinic.therapists.map((x) => x.patientIds.length)).toEqual([12, 12]);
  });

  it('never double-books a therapist and keeps to weekday hours 9–17 in Toronto', async () => {
    const overlaps = await count(sql`select count(*) as n from appointments a join appointments b
      on a.therapist_user_id = b.therapist_user_id and a.id < b.id and a.starts_at < b.ends_at and b.starts_at < a.ends_at`);
    expect(overlaps).toBe(0);
    const rows = (await sql<{ starts_at: string; ends_at: string }>`select starts_at, ends_at from appointments`.execute(db().db)).rows;
    const wall = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Toronto',
      hourCycle: 'h23',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const r of rows) {
      const start = wall.formatToParts(new Date(r.starts_at));
      const end = wall.formatToParts(new Date(r.ends_at));
      const minutes = (p: Intl.DateTimeFormatPart[]) =>
        Number(p.find((x) => x.type === 'hour')?.value) * 60 + Number(p.find((x) => x.type === 'minute')?.value);
      expect(['Sat', 'Sun']).not.toContain(start.find((x) => x.type === 'weekday')?.value);
      expect(minutes(start)).toBeGreaterThanOrEqual(9 * 60);
      expect(minutes(end)).toBeLessThanOrEqual(17 * 60);
    }
  });

  it('writes every note on a completed appointment of the same patient and therapist', async () => {
    const wrong = await count(sql`select count(*) as n from notes n join appointments a on a.id = n.appointment_id
      where a.status <> 'completed' or a.patient_id <> n.patient_id or a.therapist_user_id <> n.therapist_user_id`);
    expect(wrong).toBe(0);
    const orphans = await count(
      sql`select count(*) as n from notes n left join appointments a on a.id = n.appointment_id where a.id is null`,
    );
    expect(orphans).toBe(0);
    const signed = await count(
      sql`select count(*) as n from notes where status = 'signed' and signed_at is not null and signed_by = therapist_user_id`,
    );
    expect(signed).toBeGreaterThan(100);
  });

  it('lets a generated therapist sign in and work: today, a chart, a search, signing a draft', async () => {
    const therapist = clinic.therapists[0];
    if (!therapist) throw new Error('no therapist');
    const cookie = await t.signIn({ email: therapist.email, password: clinic.password });
    const today = await t.call('GET', '/api/scheduling/today', { cookie });
    expect(today.statusCode).toBe(200);
    const patientId = therapist.patientIds[0] as string;
    const chart = await t.call('GET', `/api/patients/${patientId}`, { cookie });
    expect(chart.statusCode).toBe(200);
    expect(chart.json().clinical.relationships[0].therapistUserId).toBe(therapist.id);
    const name = chart.json().patient.legalLastName as string;
    const found = await t.call('GET', `/api/patients?q=${encodeURIComponent(name)}`, { cookie });
    expect(found.statusCode).toBe(200);
    expect(found.json().patients.map((p: { id: string }) => p.id)).toContain(patientId);
    const day = await t.call('GET', `/api/scheduling/day?date=${clinic.lastFullDay}&therapistId=${therapist.id}`, { cookie });
    expect(day.statusCode).toBe(200);
    expect(day.json().appointments.length).toBeGreaterThan(0);
    const draft = clinic.drafts.find((d) => d.therapistIndex === 0) ?? clinic.drafts[0];
    if (!draft) throw new Error('no draft');
    const signer = clinic.therapists[draft.therapistIndex] as (typeof clinic.therapists)[number];
    const signerCookie = signer === therapist ? cookie : await t.signIn({ email: signer.email, password: clinic.password });
    const signed = await t.call('POST', `/api/patients/${draft.patientId}/notes/${draft.noteId}/sign`, { cookie: signerCookie });
    expect(signed.statusCode, signed.body).toBe(200);
    const owner = await t.signIn({ email: clinic.owner.email, password: clinic.password });
    expect((await t.call('GET', `/api/patients/${patientId}`, { cookie: owner })).statusCode).toBe(200);
  });

  it('answers feedback on signed sessions after consent, as the module stores it, for the alert pass to look at', async () => {
    const responses = await count(sql`select count(*) as n from feedback_responses where clinic_id = ${clinic.clinicId}`);
    const signed = await count(sql`select count(*) as n from notes where status = 'signed'`);
    expect(responses).toBeGreaterThan(signed * 0.5);
    expect(responses).toBeLessThan(signed * 0.9);
    // Each response: one spent request, a signed session of the same patient and therapist, after feedback consent.
    const wrong = await count(sql`select count(*) as n from feedback_responses r
      join feedback_requests q on q.id = r.request_id
      join appointments a on a.id = r.appointment_id
      join notes n on n.appointment_id = a.id
      where q.used_at is null or q.appointment_id <> a.id or a.patient_id <> r.patient_id or a.therapist_user_id <> r.therapist_user_id
        or n.status <> 'signed' or r.authored_at < a.starts_at
        or not exists (select 1 from consents c where c.patient_id = r.patient_id and c.type = 'feedback' and c.given_at <= a.starts_at)`);
    expect(wrong).toBe(0);
    const rows = (await sql<{ resource: string }>`select resource from feedback_response_resources limit 20`.execute(db().db)).rows;
    for (const r of rows) expect(fhirProblems('QuestionnaireResponse', JSON.parse(r.resource))).toEqual([]);
    expect(await count(sql`select count(*) as n from feedback_alert_queue`)).toBe(responses);

    const raised = await computeAlerts({ db: db().db, dialect: db().dialect, now: () => new Date() }, clinic.clinicId);
    expect(await count(sql`select count(*) as n from feedback_alerts`)).toBe(raised);
    expect(await count(sql`select count(*) as n from feedback_alert_queue`)).toBe(0);
    const therapist = clinic.therapists[0];
    if (!therapist) throw new Error('no therapist');
    const cookie = await t.signIn({ email: therapist.email, password: clinic.password });
    const patientId = (
      await sql<{
        patient_id: string;
      }>`select patient_id from feedback_responses where therapist_user_id = ${therapist.id} limit 1`.execute(db().db)
    ).rows[0]?.patient_id;
    const trajectory = await t.call('GET', `/api/patients/${patientId}/feedback`, { cookie });
    expect(trajectory.statusCode, trajectory.body).toBe(200);
    expect(trajectory.json().entries.length).toBe(
      await count(sql`select count(*) as n from feedback_responses where patient_id = ${patientId ?? ''}`),
    );
  });

  it('leaves the audit chain intact', async () => {
    const result = await verifyAudit(db().db);
    expect(result.ok).toBe(true);
    expect(result.rows).toBeGreaterThan(3);
  });
});
