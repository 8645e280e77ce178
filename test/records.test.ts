import { expect, it } from 'vitest';
import { describeEachDialect } from './support/db.js';
import { type BuiltClinic, buildClinic } from './support/factories.js';
import { buildTestApp, type TestApp } from './support/http.js';

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const HOUR = 3_600_000;

/** A therapist's patient, consented to treatment, with an appointment that has arrived. */
async function setting(t: TestApp, clinic: BuiltClinic, { consent = true } = {}) {
  const therapist = await t.signIn(clinic.members.therapist);
  const owner = await t.signIn(clinic.owner);
  const patientId = (
    await t.call('POST', '/api/patients', {
      cookie: therapist,
      body: { legalFirstName: 'Iris', legalLastName: 'Moreau', dateOfBirth: '1970-10-10' },
    })
  ).json().id;
  if (consent) {
    await t.call('POST', `/api/patients/${patientId}/consents`, {
      cookie: therapist,
      body: { type: 'treatment', givenBy: { kind: 'patient' }, method: 'written', signature: SIGNATURE },
    });
  }
  const type = (
    await t.call('POST', '/api/scheduling/appointment-types', {
      cookie: owner,
      body: { name: '60 min', durationMinutes: 60, feeCents: 11000 },
    })
  ).json();
  let n = 0;
  const book = async () => {
    const res = await t.call('POST', '/api/scheduling/appointments', {
      cookie: therapist,
      body: {
        patientId,
        appointmentTypeId: type.id,
        startsAt: new Date(Math.floor(Date.now() / HOUR) * HOUR - ++n * 26 * HOUR).toISOString(),
        allowOutsideHours: true,
      },
    });
    if (res.statusCode !== 200) throw new Error(res.body);
    return res.json().id as string;
  };
  return { therapist, owner, patientId, book };
}

describeEachDialect('treatment records', ({ db }) => {
  it('writes a SOAP note with pain before and after, signs and locks it, and amends it keeping the original', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const { therapist, patientId, book } = await setting(t, clinic);
    const appointmentId = await book();
    await t.call('POST', `/api/scheduling/appointments/${appointmentId}/arrived`, { cookie: therapist });
    const url = `/api/patients/${patientId}/notes`;
    const created = await t.call('POST', url, {
      cookie: therapist,
      body: {
        appointmentId,
        subjective: 'Right shoulder ache after gardening',
        areasTreated: ['right shoulder', 'upper back'],
        techniques: ['Swedish'],
        pressure: 'moderate',
        painBefore: 7,
      },
    });
    expect(created.statusCode).toBe(200);
    const note = created.json();
    expect(note).toMatchObject({ status: 'draft', appointmentId, current: { painBefore: 7, painAfter: null, pressure: 'moderate' } });
    expect((await t.call('POST', url, { cookie: therapist, body: { appointmentId } })).statusCode).toBe(409); // one note per appointment

    const edited = await t.call('PATCH', `${url}/${note.id}`, {
      cookie: therapist,
      body: { painAfter: 3, assessment: 'Responded well', homeCare: 'Pendulum swings' },
    });
    expect(edited.json().current).toMatchObject({ painBefore: 7, painAfter: 3, homeCare: 'Pendulum swings' });
    const signed = await t.call('POST', `${url}/${note.id}/sign`, { cookie: therapist });
    expect(signed.statusCode).toBe(200);
    expect(signed.json().status).toBe('signed');
    expect(signed.json().signedAt).toBeTruthy();

    const locked = await t.call('PATCH', `${url}/${note.id}`, { cookie: therapist, body: { painAfter: 1 } });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().message).toContain('amendment');
    expect(
      (await t.call('POST', `${url}/${note.id}/amendments`, { cookie: therapist, body: { painAfter: 3, reason: 'no change' } })).statusCode,
    ).toBe(400);
    expect((await t.call('POST', `${url}/${note.id}/amendments`, { cookie: therapist, body: { painAfter: 2 } })).statusCode).toBe(400); // reason required
    t.clock.advance(60_000);
    const amended = await t.call('POST', `${url}/${note.id}/amendments`, {
      cookie: therapist,
      body: { painAfter: 2, reason: 'Typed 3, patient said 2' },
    });
    expect(amended.statusCode).toBe(200);
    const viewed = (await t.call('GET', `${url}/${note.id}`, { cookie: therapist })).json();
    expect(viewed.original.painAfter).toBe(3);
    expect(viewed.current.painAfter).toBe(2);
    expect(viewed.amendments).toEqual([
      expect.objectContaining({
        reason: 'Typed 3, patient said 2',
        amendedByName: clinic.members.therapist.name,
        changes: { painAfter: 2 },
      }),
    ]);
    const row = await db().db.selectFrom('notes').selectAll().where('id', '=', note.id).executeTakeFirstOrThrow();
    expect(row.pain_after).toBe(3); // the signed row itself never changed

    const measures = (await t.call('GET', `/api/patients/${patientId}/measures`, { cookie: therapist })).json();
    expect(measures.pain).toEqual([expect.objectContaining({ noteId: note.id, before: 7, after: 2 })]); // as amended
    const audit = await db()
      .db.selectFrom('audit_events')
      .select('type')
      .where('patient_id', '=', patientId)
      .where('type', 'like', 'note.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.type)).toEqual(['note.created', 'note.updated', 'note.signed', 'note.amended', 'note.viewed']);
    await t.close();
  });

  it('refuses to sign a note that records a sensitive area without written consent for that session, and says what is missing', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const { therapist, patientId, book } = await setting(t, clinic);
    const earlier = await book();
    const today = await book();
    const url = `/api/patients/${patientId}/notes`;
    // Written consent exists, but for another session.
    await t.call('POST', `/api/patients/${patientId}/consents`, {
      cookie: therapist,
      body: {
        type: 'sensitive_area',
        areas: ['gluteal'],
        givenBy: { kind: 'patient' },
        method: 'written',
        signature: SIGNATURE,
        appointmentId: earlier,
      },
    });
    const note = (
      await t.call('POST', url, {
        cookie: therapist,
        body: { appointmentId: today, subjective: 'Hip pain', areasTreated: ['left gluteus medius', 'Upper inner thigh'] },
      })
    ).json();
    const refused = await t.call('POST', `${url}/${note.id}/sign`, { cookie: therapist });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toBe('CONSENT_REQUIRED');
    expect(refused.json().message).toContain('missing for: upper inner thigh, gluteal.');
    expect((await t.call('GET', `${url}/${note.id}`, { cookie: therapist })).json().status).toBe('draft');
    await t.call('POST', `/api/patients/${patientId}/consents`, {
      cookie: therapist,
      body: {
        type: 'sensitive_area',
        areas: ['gluteal', 'upper_inner_thigh'],
        givenBy: { kind: 'patient' },
        method: 'written',
        signature: SIGNATURE,
        appointmentId: today,
      },
    });
    expect((await t.call('POST', `${url}/${note.id}/sign`, { cookie: therapist })).statusCode).toBe(200);
    await t.close();
  });

  it('refuses to sign without consent to treatment, or an empty note; refuses notes for cancelled or other patients’ appointments', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const { therapist, patientId, book } = await setting(t, clinic, { consent: false });
    const url = `/api/patients/${patientId}/notes`;
    const empty = (await t.call('POST', url, { cookie: therapist, body: { appointmentId: await book() } })).json();
    expect((await t.call('POST', `${url}/${empty.id}/sign`, { cookie: therapist })).statusCode).toBe(400);
    await t.call('PATCH', `${url}/${empty.id}`, { cookie: therapist, body: { subjective: 'Feels better' } });
    const noConsent = await t.call('POST', `${url}/${empty.id}/sign`, { cookie: therapist });
    expect(noConsent.statusCode).toBe(409);
    expect(noConsent.json().message).toContain('has not given consent to treatment');

    const cancelled = await book();
    await t.call('POST', `/api/scheduling/appointments/${cancelled}/cancel`, { cookie: therapist, body: { reason: 'Patient unwell' } });
    expect((await t.call('POST', url, { cookie: therapist, body: { appointmentId: cancelled } })).statusCode).toBe(409);
    const other = (
      await t.call('POST', '/api/patients', {
        cookie: therapist,
        body: { legalFirstName: 'Otto', legalLastName: 'Other', dateOfBirth: '1960-01-01' },
      })
    ).json().id;
    expect(
      (await t.call('POST', `/api/patients/${other}/notes`, { cookie: therapist, body: { appointmentId: await book() } })).statusCode,
    ).toBe(404);
    expect((await t.call('POST', url, { cookie: therapist, body: { appointmentId: await book(), painBefore: 11 } })).statusCode).toBe(400);
    expect(
      (await t.call('POST', url, { cookie: therapist, body: { appointmentId: await book(), subjective: 'x'.repeat(10_001) } })).statusCode,
    ).toBe(400);
    await t.close();
  });

  it('keeps the record 10 years after the last completed visit', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const { therapist, patientId, book } = await setting(t, clinic);
    const created = (await t.call('GET', `/api/patients/${patientId}`, { cookie: therapist })).json().patient.retentionUntil;
    const appointmentId = await book();
    const appointment = await db()
      .db.selectFrom('appointments')
      .select('starts_at')
      .where('id', '=', appointmentId)
      .executeTakeFirstOrThrow();
    const actualEndAt = new Date(Date.parse(appointment.starts_at) + 3_600_000).toISOString();
    expect(
      (await t.call('POST', `/api/scheduling/appointments/${appointmentId}/complete`, { cookie: therapist, body: { actualEndAt } }))
        .statusCode,
    ).toBe(200);
    const after = (await t.call('GET', `/api/patients/${patientId}`, { cookie: therapist })).json().patient.retentionUntil;
    const visitYear = Number(appointment.starts_at.slice(0, 4));
    expect(after.slice(0, 4)).toBe(String(visitYear + 10));
    expect(after <= created).toBe(true); // the visit was before today's registration date
    await t.close();
  });

  it('never lets the front desk open a note, and records PSFS over time', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const { therapist, owner, patientId, book } = await setting(t, clinic);
    const admin = await t.signIn(clinic.members.admin);
    const note = (
      await t.call('POST', `/api/patients/${patientId}/notes`, {
        cookie: therapist,
        body: { appointmentId: await book(), subjective: 'Private words' },
      })
    ).json();
    for (const cookie of [admin, owner]) {
      const res = await t.call('GET', `/api/patients/${patientId}/notes/${note.id}`, { cookie });
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('Private words');
      expect((await t.call('GET', `/api/patients/${patientId}/notes`, { cookie })).statusCode).toBe(403);
    }
    const psfs = (activities: { activity: string; score: number }[], takenOn = '2026-01-05') =>
      t.call('POST', `/api/patients/${patientId}/psfs`, { cookie: therapist, body: { takenOn, occasion: 'intake', activities } });
    expect((await psfs([{ activity: 'Gardening', score: 2 }])).statusCode).toBe(400);
    expect(
      (
        await psfs([
          { activity: 'a', score: 11 },
          { activity: 'b', score: 1 },
          { activity: 'c', score: 1 },
        ])
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await psfs(
          [
            { activity: 'a', score: 1 },
            { activity: 'b', score: 1 },
            { activity: 'c', score: 1 },
          ],
          '2999-01-01',
        )
      ).statusCode,
    ).toBe(400);
    const first = await psfs([
      { activity: 'Gardening', score: 2 },
      { activity: 'Lifting my grandson', score: 3 },
      { activity: 'Sleeping on my right side', score: 4 },
    ]);
    expect(first.json().average).toBe(3);
    const measures = (await t.call('GET', `/api/patients/${patientId}/measures`, { cookie: therapist })).json();
    expect(measures.psfs).toHaveLength(1);
    await t.close();
  });

  it('offers the built-in SOAP template and the clinic’s own, which the front desk edits', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const owner = await t.signIn(clinic.owner);
    const therapist = await t.signIn(clinic.members.therapist);
    const created = (
      await t.call('POST', '/api/note-templates', {
        cookie: owner,
        body: { name: 'Prenatal', subjective: 'Weeks pregnant', objective: '', assessment: '', plan: '' },
      })
    ).json();
    expect(
      (
        await t.call('POST', '/api/note-templates', {
          cookie: therapist,
          body: { name: 'Mine', subjective: '', objective: '', assessment: '', plan: '' },
        })
      ).statusCode,
    ).toBe(403);
    const names = (await t.call('GET', '/api/note-templates', { cookie: therapist })).json().templates.map((x: { name: string }) => x.name);
    expect(names).toEqual(['SOAP (standard)', 'Prenatal']);
    expect(
      (
        await t.call('PUT', '/api/note-templates/built-in-soap', {
          cookie: owner,
          body: { name: 'x', subjective: '', objective: '', assessment: '', plan: '' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await t.call('PUT', `/api/note-templates/${created.id}`, {
          cookie: owner,
          body: { name: 'Prenatal care', subjective: '', objective: '', assessment: '', plan: '', active: false },
        })
      ).statusCode,
    ).toBe(200);
    await t.close();
  });

  it('lets a note follow the built-in template or one the clinic still offers, and refuses any other', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const other = await buildClinic(db());
    const { therapist, owner, patientId, book } = await setting(t, clinic);
    const template = (body: Record<string, unknown>, cookie = owner) =>
      t.call('POST', '/api/note-templates', { cookie, body: { subjective: '', objective: '', assessment: '', plan: '', ...body } });
    const prenatal = (await template({ name: 'Prenatal', subjective: 'Weeks pregnant' })).json();
    const retired = (await template({ name: 'Old intake', active: false })).json();
    const elsewhere = (await template({ name: 'Theirs' }, await t.signIn(other.owner))).json();
    const appointmentId = await book();
    const url = `/api/patients/${patientId}/notes`;
    const start = (templateId: string) => t.call('POST', url, { cookie: therapist, body: { appointmentId, templateId } });
    for (const [id, status] of [
      ['nope', 404],
      [elsewhere.id, 404],
      [retired.id, 409],
    ] as const) {
      const res = await start(id);
      expect(res.statusCode, id).toBe(status);
      expect(res.json().field).toBe('templateId');
    }
    const note = await start(prenatal.id);
    expect(note.statusCode, note.body).toBe(200);
    expect(note.json().templateId).toBe(prenatal.id);
    const edit = (templateId: string) => t.call('PATCH', `${url}/${note.json().id}`, { cookie: therapist, body: { templateId } });
    expect((await edit(elsewhere.id)).statusCode).toBe(404);
    expect((await edit(retired.id)).statusCode).toBe(409);
    expect((await edit('built-in-soap')).json().templateId).toBe('built-in-soap');
    // A template the clinic stops offering stays on a draft that already follows it.
    expect((await edit(prenatal.id)).statusCode).toBe(200);
    await t.call('PUT', `/api/note-templates/${prenatal.id}`, {
      cookie: owner,
      body: { name: 'Prenatal', subjective: 'Weeks pregnant', objective: '', assessment: '', plan: '', active: false },
    });
    expect(
      (await t.call('PATCH', `${url}/${note.json().id}`, { cookie: therapist, body: { templateId: prenatal.id, plan: 'Rest' } }))
        .statusCode,
    ).toBe(200);
    await t.close();
  });
});
