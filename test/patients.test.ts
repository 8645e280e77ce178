import { expect, it } from 'vitest';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

const EMILIE = {
  legalFirstName: 'Émilie',
  legalLastName: 'Côté',
  preferredName: 'Em',
  pronouns: 'she/her',
  dateOfBirth: '1988-07-14',
  email: 'Emilie.Cote@example.test',
  phone: '(416) 555-0142',
  emergencyContactName: 'Luc Côté',
  emergencyContactPhone: '416-555-0143',
  emergencyContactRelationship: 'brother',
  preferredLanguage: 'fr',
};

describeEachDialect('patients, the relationship and vulnerability', ({ db }) => {
  it('registers a patient for the treating therapist, who sees the clinical chart; the front desk sees demographics only', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const admin = await t.signIn(clinic.members.admin);
    const created = await t.call('POST', '/api/patients', { cookie: therapist, body: EMILIE });
    expect(created.statusCode).toBe(200);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ displayName: 'Em Côté', legalName: 'Émilie Côté', minor: false });

    const chart = (await t.call('GET', `/api/patients/${id}`, { cookie: therapist })).json();
    expect(chart.patient).toMatchObject({
      email: 'emilie.cote@example.test',
      preferredLanguage: 'fr',
      needsSubstituteDecisionMaker: false,
    });
    const relationship = chart.clinical.relationships[0];
    expect(relationship).toMatchObject({ therapistUserId: clinic.members.therapist.id, status: 'active', plan: null });

    await t.call('PATCH', `/api/patients/${id}/relationships/${relationship.id}`, {
      cookie: therapist,
      body: { patientGoals: 'Lift my grandchild without shoulder pain' },
    });
    const plan = await t.call('PUT', `/api/patients/${id}/relationships/${relationship.id}/plan`, {
      cookie: therapist,
      body: {
        areas: ['shoulder', 'upper back'],
        techniques: ['Swedish', 'trigger point'],
        frequency: 'weekly for 6 weeks',
        reviewDate: '2026-01-01',
      },
    });
    expect(plan.statusCode).toBe(200);
    await t.call('POST', `/api/patients/${id}/vulnerability`, {
      cookie: therapist,
      body: {
        kind: 'mental_health',
        source: 'patient_reported',
        notedOn: '2026-03-02',
        note: 'Anxiety; told us at intake',
        safeguard: 'prefers each step explained',
        audience: 'treating_therapist',
      },
    });
    const full = (await t.call('GET', `/api/patients/${id}`, { cookie: therapist })).json();
    expect(full.clinical.relationships[0].patientGoals).toBe('Lift my grandchild without shoulder pain');
    expect(full.clinical.relationships[0].plan).toMatchObject({ areas: ['shoulder', 'upper back'], frequency: 'weekly for 6 weeks' });
    expect(full.clinical.relationships[0].planReviewDue).toBe(true); // review date has passed
    expect(full.clinical.safeguards).toEqual(['prefers each step explained']);

    const front = await t.call('GET', `/api/patients/${id}`, { cookie: admin });
    expect(front.statusCode).toBe(200);
    expect(front.json().clinical).toBeNull();
    expect(front.body).not.toContain('Anxiety');
    expect(front.body).not.toContain('grandchild');
    expect(front.body).not.toContain('prefers each step');
    expect(
      (
        await t.call('POST', `/api/patients/${id}/vulnerability`, {
          cookie: admin,
          body: { kind: 'pain', source: 'therapist_assessed', notedOn: '2026-03-02' },
        })
      ).statusCode,
    ).toBe(403);
    await t.close();
  });

  it('a new plan keeps the old one; plans change only inside an active relationship', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const id = (await t.call('POST', '/api/patients', { cookie: therapist, body: EMILIE })).json().id;
    const rel = (await t.call('GET', `/api/patients/${id}`, { cookie: therapist })).json().clinical.relationships[0].id;
    const plan = { areas: ['neck'], techniques: ['Swedish'], frequency: 'every two weeks', reviewDate: '2027-02-01' };
    await t.call('PUT', `/api/patients/${id}/relationships/${rel}/plan`, { cookie: therapist, body: plan });
    await t.call('PUT', `/api/patients/${id}/relationships/${rel}/plan`, { cookie: therapist, body: { ...plan, frequency: 'weekly' } });
    const plans = await db().db.selectFrom('treatment_plans').selectAll().where('relationship_id', '=', rel).execute();
    expect(plans).toHaveLength(2);
    expect(plans.filter((p) => p.superseded_at === null)).toHaveLength(1);
    expect(
      (await t.call('PATCH', `/api/patients/${id}/relationships/${rel}`, { cookie: therapist, body: { status: 'transferred' } }))
        .statusCode,
    ).toBe(400);
    await t.call('PATCH', `/api/patients/${id}/relationships/${rel}`, { cookie: therapist, body: { status: 'ended' } });
    expect((await t.call('PUT', `/api/patients/${id}/relationships/${rel}/plan`, { cookie: therapist, body: plan })).statusCode).toBe(409);
    // An ended relationship still opens the chart (records are kept), read-only for plans.
    expect((await t.call('GET', `/api/patients/${id}`, { cookie: therapist })).json().clinical.relationships[0].status).toBe('ended');
    await t.close();
  });

  it('finds patients by name without accents, by email and by phone digits, and shows a therapist only their own', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const owner = await t.signIn(clinic.owner);
    await t.call('POST', '/api/patients', { cookie: therapist, body: EMILIE });
    await t.call('POST', '/api/patients', {
      cookie: owner,
      body: { legalFirstName: 'Omar', legalLastName: 'Haddad', dateOfBirth: '1975-01-30', phone: '647 555 0101' },
    });
    const search = async (cookie: string, q: string) =>
      (await t.call('GET', `/api/patients?q=${encodeURIComponent(q)}`, { cookie }))
        .json()
        .patients.map((p: { legalName: string }) => p.legalName);
    expect(await search(therapist, 'emilie cote')).toEqual(['Émilie Côté']);
    expect(await search(therapist, 'CÔTÉ')).toEqual(['Émilie Côté']);
    expect(await search(therapist, 'emilie.cote@')).toEqual(['Émilie Côté']);
    expect(await search(therapist, '555-0142')).toEqual(['Émilie Côté']);
    expect(await search(therapist, 'haddad')).toEqual([]); // the owner's patient, not theirs
    expect(await search(owner, 'haddad')).toEqual(['Omar Haddad']);
    expect(await search(owner, '%')).toHaveLength(2); // wildcards are not special
    const page = (await t.call('GET', '/api/patients?limit=1&offset=1', { cookie: owner })).json();
    expect(page.total).toBe(2);
    expect(page.patients).toHaveLength(1);
    const locum = await t.signIn(clinic.members.locum);
    expect((await t.call('GET', '/api/patients', { cookie: locum })).statusCode).toBe(403);
    await t.close();
  });

  it('flags a minor or a patient not capable until a substitute decision-maker is on file, and derives age vulnerability', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const child = (
      await t.call('POST', '/api/patients', {
        cookie: therapist,
        body: { legalFirstName: 'Noa', legalLastName: 'Young', dateOfBirth: '2016-05-05' },
      })
    ).json();
    expect(child.minor).toBe(true);
    let chart = (await t.call('GET', `/api/patients/${child.id}`, { cookie: therapist })).json();
    expect(chart.patient.needsSubstituteDecisionMaker).toBe(true);
    expect(chart.clinical.vulnerability.map((f: { kind: string }) => f.kind)).toContain('age_child');
    expect(chart.patient.retentionUntil).toBe('2044-05-05'); // 10 years after the 18th birthday
    await t.call('POST', `/api/patients/${child.id}/substitute-decision-makers`, {
      cookie: therapist,
      body: { name: 'Ada Young', relationship: 'parent', phone: '416-555-0111' },
    });
    chart = (await t.call('GET', `/api/patients/${child.id}`, { cookie: therapist })).json();
    expect(chart.patient.needsSubstituteDecisionMaker).toBe(false);
    expect(chart.patient.substituteDecisionMakers[0]).toMatchObject({ name: 'Ada Young', relationship: 'parent' });

    const adult = (await t.call('POST', '/api/patients', { cookie: therapist, body: { ...EMILIE, capable: false } })).json();
    expect((await t.call('GET', `/api/patients/${adult.id}`, { cookie: therapist })).json().patient.needsSubstituteDecisionMaker).toBe(
      true,
    );
    await t.close();
  });

  it('audits every view and change, and the access report lists who opened the record', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const admin = await t.signIn(clinic.members.admin);
    const id = (await t.call('POST', '/api/patients', { cookie: therapist, body: EMILIE })).json().id;
    await t.call('GET', `/api/patients/${id}`, { cookie: therapist });
    await t.call('GET', `/api/patients/${id}`, { cookie: admin });
    await t.call('PATCH', `/api/patients/${id}`, { cookie: admin, body: { phone: '416-555-0177' } });
    const report = await t.call('GET', `/api/patients/${id}/access-report`, { cookie: therapist });
    expect(report.statusCode).toBe(200);
    const entries = report.json().entries as { who: string; action: string; role: string }[];
    expect(
      entries
        .filter((e) => e.action === 'viewed the record')
        .map((e) => e.who)
        .sort(),
    ).toEqual([clinic.members.admin.name, clinic.members.therapist.name].sort());
    expect(entries.some((e) => e.action === 'changed contact or personal details' && e.role === 'admin')).toBe(true);
    expect(entries[0]?.action).toBe('produced this access report');
    expect((await t.call('GET', `/api/patients/${id}/access-report`, { cookie: admin })).statusCode).toBe(403);
    const rows = await db().db.selectFrom('audit_events').selectAll().where('patient_id', '=', id).execute();
    expect(JSON.stringify(rows)).not.toContain('555-0177'); // which fields changed, not their values
    expect((await verifyAudit(db().db)).ok).toBe(true);
    await t.close();
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const admin = await t.signIn(clinic.members.admin);
    const before = await db()
      .db.selectFrom('patients')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('clinic_id', '=', clinic.id)
      .executeTakeFirstOrThrow();
    const cases: [unknown, string][] = [
      [{ ...EMILIE, dateOfBirth: '1988-02-30' }, 'dateOfBirth'],
      [{ ...EMILIE, dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
      [{ ...EMILIE, dateOfBirth: '14/07/1988' }, 'dateOfBirth'],
      [{ ...EMILIE, legalLastName: '   ' }, 'legalLastName'],
      [{ ...EMILIE, legalFirstName: 'x'.repeat(121) }, 'legalFirstName'],
      [{ ...EMILIE, phone: 'call me' }, 'phone'],
      [{ ...EMILIE, email: 'nope' }, 'email'],
      [{ ...EMILIE, therapistUserId: clinic.members.mentor.id }, 'therapistUserId'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', '/api/patients', { cookie: therapist, body });
      expect(res.statusCode, field).toBe(field === 'therapistUserId' ? 403 : 400);
      expect(res.json().field, JSON.stringify(res.json())).toBe(field);
    }
    // The front desk must name who treats; a mentor does not treat.
    expect((await t.call('POST', '/api/patients', { cookie: admin, body: EMILIE })).json().field).toBe('therapistUserId');
    expect(
      (await t.call('POST', '/api/patients', { cookie: admin, body: { ...EMILIE, therapistUserId: clinic.members.mentor.id } })).statusCode,
    ).toBe(400);
    expect(
      (await t.call('POST', '/api/patients', { cookie: therapist, body: { ...EMILIE, address: 'x'.repeat(1024 * 1024) } })).statusCode,
    ).toBe(413);
    expect((await t.call('GET', '/api/patients/00000000-0000-0000-0000-000000000000', { cookie: therapist })).statusCode).toBe(404);
    const after = await db()
      .db.selectFrom('patients')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('clinic_id', '=', clinic.id)
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await t.close();
  });
});
