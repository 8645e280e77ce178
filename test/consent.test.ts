import { expect, it } from 'vitest';
import { treatmentConsentInPlace } from '../src/server/modules/consent/index.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp, type TestApp } from './support/http.js';

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const ADULT = { legalFirstName: 'Dana', legalLastName: 'Reyes', dateOfBirth: '1979-09-09' };
const CHILD = { legalFirstName: 'Milo', legalLastName: 'Reyes', dateOfBirth: '2015-02-02' };

async function newPatient(t: TestApp, cookie: string, body: object) {
  const id = (await t.call('POST', '/api/patients', { cookie, body })).json().id as string;
  return id;
}

describeEachDialect('consent as a process', ({ db }) => {
  it('records written and verbal consent, refuses what is incomplete, and withdrawal stops it from then on', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const id = await newPatient(t, cookie, ADULT);
    const status = async () => (await t.call('GET', `/api/patients/${id}/consent-status`, { cookie })).json();
    expect((await status()).treatment).toEqual({ inPlace: false, message: 'Dana Reyes has not given consent to treatment yet.' });

    const post = (body: object) => t.call('POST', `/api/patients/${id}/consents`, { cookie, body });
    expect((await post({ type: 'treatment', givenBy: { kind: 'patient' }, method: 'written' })).json().field).toBe('signature');
    expect((await post({ type: 'treatment', givenBy: { kind: 'patient' }, method: 'verbal' })).json().field).toBe('attested');
    expect(
      (await post({ type: 'treatment', givenBy: { kind: 'patient' }, method: 'written', signature: 'data:image/svg+xml;base64,PHN2Zz4=' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await post({
          type: 'treatment',
          givenBy: { kind: 'patient' },
          method: 'written',
          signature: `data:image/png;base64,${'A'.repeat(400_000)}`,
        })
      ).statusCode,
    ).toBe(400);
    const written = await post({ type: 'treatment', givenBy: { kind: 'patient' }, method: 'written', signature: SIGNATURE });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({
      type: 'treatment',
      method: 'written',
      hasSignature: true,
      givenBy: { kind: 'patient', name: 'Dana Reyes' },
      active: true,
    });
    expect((await status()).treatment.inPlace).toBe(true);
    expect(await treatmentConsentInPlace(db().db, clinic.id, id)).toEqual({ inPlace: true });

    const withdrawn = await t.call('POST', `/api/patients/${id}/consents/${written.json().id}/withdraw`, {
      cookie,
      body: { reason: 'Wants to think about it' },
    });
    expect(withdrawn.statusCode).toBe(200);
    expect((await status()).treatment.inPlace).toBe(false);
    expect(
      (await t.call('POST', `/api/patients/${id}/consents/${written.json().id}/withdraw`, { cookie, body: { reason: 'again' } }))
        .statusCode,
    ).toBe(404);
    const list = (await t.call('GET', `/api/patients/${id}/consents`, { cookie })).json().consents;
    expect(list).toHaveLength(1); // kept, marked withdrawn
    expect(list[0]).toMatchObject({ active: false, withdrawnReason: 'Wants to think about it' });

    const verbal = await post({
      type: 'treatment',
      givenBy: { kind: 'patient' },
      method: 'verbal',
      attested: true,
      notes: 'Explained the plan step by step',
    });
    expect(verbal.json()).toMatchObject({ method: 'verbal', hasSignature: false });
    expect((await status()).treatment.inPlace).toBe(true);
    await t.close();
  });

  it('sensitive areas need written consent for that one session', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const id = await newPatient(t, cookie, ADULT);
    const post = (body: object) => t.call('POST', `/api/patients/${id}/consents`, { cookie, body });
    const base = { type: 'sensitive_area', givenBy: { kind: 'patient' }, areas: ['gluteal', 'upper_inner_thigh'] };
    expect((await post({ ...base, method: 'verbal', attested: true, appointmentId: 'appt-1' })).json().field).toBe('method');
    expect((await post({ ...base, method: 'written', signature: SIGNATURE })).json().field).toBe('appointmentId');
    expect((await post({ ...base, areas: ['knee'], method: 'written', signature: SIGNATURE, appointmentId: 'appt-1' })).statusCode).toBe(
      400,
    );
    expect(
      (await post({ type: 'treatment', givenBy: { kind: 'patient' }, method: 'written', signature: SIGNATURE, areas: ['breast'] })).json()
        .field,
    ).toBe('areas');
    expect((await post({ ...base, method: 'written', signature: SIGNATURE, appointmentId: 'appt-1' })).statusCode).toBe(200);
    const forAppt1 = (await t.call('GET', `/api/patients/${id}/consent-status?appointmentId=appt-1`, { cookie })).json();
    expect(forAppt1.sensitiveAreas.sort()).toEqual(['gluteal', 'upper_inner_thigh']);
    const forAppt2 = (await t.call('GET', `/api/patients/${id}/consent-status?appointmentId=appt-2`, { cookie })).json();
    expect(forAppt2.sensitiveAreas).toEqual([]);
    await t.close();
  });

  it('a minor is consented for only by a substitute decision-maker on file', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const id = await newPatient(t, cookie, CHILD);
    const post = (body: object) => t.call('POST', `/api/patients/${id}/consents`, { cookie, body });
    expect(await treatmentConsentInPlace(db().db, clinic.id, id)).toEqual({
      inPlace: false,
      message: expect.stringContaining('substitute decision-maker on file'),
    });
    const byChild = await post({ type: 'treatment', givenBy: { kind: 'patient' }, method: 'written', signature: SIGNATURE });
    expect(byChild.statusCode).toBe(400);
    expect(byChild.json().field).toBe('givenBy');
    const parent = (
      await t.call('POST', `/api/patients/${id}/substitute-decision-makers`, {
        cookie,
        body: { name: 'Rosa Reyes', relationship: 'parent' },
      })
    ).json();
    expect(
      (
        await post({
          type: 'treatment',
          givenBy: { kind: 'substitute', substituteDecisionMakerId: 'someone-else' },
          method: 'written',
          signature: SIGNATURE,
        })
      ).statusCode,
    ).toBe(400);
    const byParent = await post({
      type: 'treatment',
      givenBy: { kind: 'substitute', substituteDecisionMakerId: parent.id },
      method: 'written',
      signature: SIGNATURE,
    });
    expect(byParent.json()).toMatchObject({ givenBy: { kind: 'substitute', name: 'Rosa Reyes' } });
    expect((await treatmentConsentInPlace(db().db, clinic.id, id)).inPlace).toBe(true);
    // If that substitute is removed from the file, their consent no longer stands.
    await t.call('POST', `/api/patients/${id}/substitute-decision-makers/${parent.id}/remove`, { cookie });
    expect((await treatmentConsentInPlace(db().db, clinic.id, id)).inPlace).toBe(false);
    await t.close();
  });

  it('asks a vulnerable patient to re-confirm consent each time the plan changes', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const id = await newPatient(t, cookie, ADULT);
    const rel = (await t.call('GET', `/api/patients/${id}`, { cookie })).json().clinical.relationships[0].id;
    const plan = { areas: ['low back'], techniques: ['Swedish'], frequency: 'weekly', reviewDate: '2027-06-01' };
    const status = async () => (await t.call('GET', `/api/patients/${id}/consent-status`, { cookie })).json().plan;
    const p1 = (await t.call('PUT', `/api/patients/${id}/relationships/${rel}/plan`, { cookie, body: plan })).json();
    expect((await status()).needsReconfirmation).toBe(false); // not vulnerable
    await t.call('POST', `/api/patients/${id}/vulnerability`, {
      cookie,
      body: { kind: 'mental_health', source: 'patient_reported', notedOn: '2026-01-05' },
    });
    expect((await status()).needsReconfirmation).toBe(true);
    await t.call('POST', `/api/patients/${id}/consents`, {
      cookie,
      body: { type: 'treatment_plan', planId: p1.id, givenBy: { kind: 'patient' }, method: 'verbal', attested: true },
    });
    expect((await status()).needsReconfirmation).toBe(false);
    const p2 = (
      await t.call('PUT', `/api/patients/${id}/relationships/${rel}/plan`, { cookie, body: { ...plan, frequency: 'twice a week' } })
    ).json();
    expect(await status()).toEqual({ needsReconfirmation: true, message: expect.stringContaining('confirm their consent again') });
    // Consent to the old plan cannot be given once it is superseded.
    expect(
      (
        await t.call('POST', `/api/patients/${id}/consents`, {
          cookie,
          body: { type: 'treatment_plan', planId: p1.id, givenBy: { kind: 'patient' }, method: 'verbal', attested: true },
        })
      ).json().field,
    ).toBe('planId');
    await t.call('POST', `/api/patients/${id}/consents`, {
      cookie,
      body: { type: 'treatment_plan', planId: p2.id, givenBy: { kind: 'patient' }, method: 'verbal', attested: true },
    });
    expect((await status()).needsReconfirmation).toBe(false);
    await t.close();
  });

  it('audits every consent recorded, withdrawn and viewed, without the signature', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.members.therapist);
    const id = await newPatient(t, cookie, ADULT);
    const c = (
      await t.call('POST', `/api/patients/${id}/consents`, {
        cookie,
        body: { type: 'treatment', givenBy: { kind: 'patient' }, method: 'written', signature: SIGNATURE },
      })
    ).json();
    await t.call('GET', `/api/patients/${id}/consents`, { cookie });
    await t.call('POST', `/api/patients/${id}/consents/${c.id}/withdraw`, { cookie, body: { reason: 'changed mind' } });
    const events = await db()
      .db.selectFrom('audit_events')
      .selectAll()
      .where('patient_id', '=', id)
      .where('type', 'like', 'consent.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['consent.recorded', 'consent.viewed', 'consent.withdrawn']);
    expect(JSON.stringify(events)).not.toContain('iVBOR');
    await t.close();
  });
});
