import { expect, it } from 'vitest';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

const TODAY = '2026-11-25';

describeEachDialect('the relationship log: gifts and contact outside clinic channels', ({ db }) => {
  it('lets the treating therapist document gifts and contacts, audited with the patient, and never deletes them', async () => {
    const t = await buildTestApp(db());
    t.clock.set(new Date(`${TODAY}T15:00:00Z`));
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const patientId = (
      await t.call('POST', '/api/patients', {
        cookie: therapist,
        body: { legalFirstName: 'Nora', legalLastName: 'Lindqvist', dateOfBirth: '1970-02-02' },
      })
    ).json().id;
    const at = `/api/patients/${patientId}`;

    const gift = await t.call('POST', `${at}/gifts`, {
      cookie: therapist,
      body: {
        givenOn: '2026-11-20',
        direction: 'from_patient',
        description: 'Box of chocolates',
        approxValueCents: 2500,
        outcome: 'accepted',
        note: 'Thanked her; said small tokens are fine but not needed',
      },
    });
    expect(gift.statusCode).toBe(200);
    expect(gift.json()).toMatchObject({
      givenOn: '2026-11-20',
      direction: 'from_patient',
      approxValueCents: 2500,
      outcome: 'accepted',
      loggedBy: { userId: clinic.members.therapist.id, isYou: true },
      enteredInError: null,
    });
    const declined = await t.call('POST', `${at}/gifts`, {
      cookie: therapist,
      body: { givenOn: '2026-11-24', direction: 'from_patient', description: 'Concert tickets', outcome: 'declined' },
    });
    expect(declined.json()).toMatchObject({ approxValueCents: null, note: null, outcome: 'declined' });
    const contact = await t.call('POST', `${at}/contacts`, {
      cookie: therapist,
      body: {
        contactOn: '2026-11-22',
        channel: 'text_message',
        direction: 'from_patient',
        initiatedBy: 'patient',
        note: 'Asked to reschedule',
      },
    });
    expect(contact.statusCode).toBe(200);
    expect(contact.json()).toMatchObject({ channel: 'text_message', initiatedBy: 'patient', direction: 'from_patient' });

    // Bad input: a clear 400 naming the field, and nothing written.
    const future = await t.call('POST', `${at}/gifts`, {
      cookie: therapist,
      body: { givenOn: '2026-12-01', direction: 'from_patient', description: 'Scarf', outcome: 'accepted' },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().field).toBe('givenOn');
    const negative = await t.call('POST', `${at}/gifts`, {
      cookie: therapist,
      body: { givenOn: TODAY, direction: 'from_patient', description: 'Scarf', approxValueCents: -5, outcome: 'accepted' },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.body).toContain('approxValueCents');
    const noDescription = await t.call('POST', `${at}/gifts`, {
      cookie: therapist,
      body: { givenOn: TODAY, direction: 'from_patient', description: '  ', outcome: 'accepted' },
    });
    expect(noDescription.statusCode).toBe(400);
    expect(noDescription.body).toContain('Say briefly what the gift was.');
    const badChannel = await t.call('POST', `${at}/contacts`, {
      cookie: therapist,
      body: { contactOn: TODAY, channel: 'carrier_pigeon', direction: 'from_patient', initiatedBy: 'patient' },
    });
    expect(badChannel.statusCode).toBe(400);
    expect(badChannel.body).toContain('channel');

    let log = (await t.call('GET', `${at}/relationship-log`, { cookie: therapist })).json();
    expect(log.gifts.map((g: { description: string }) => g.description)).toEqual(['Concert tickets', 'Box of chocolates']);
    expect(log.contacts).toHaveLength(1);

    // Not deleted: marked as entered in error, with a reason; only once, and it stays on file.
    const noReason = await t.call('POST', `${at}/gifts/${gift.json().id}/entered-in-error`, { cookie: therapist, body: { reason: '' } });
    expect(noReason.statusCode).toBe(400);
    const marked = await t.call('POST', `${at}/gifts/${gift.json().id}/entered-in-error`, {
      cookie: therapist,
      body: { reason: 'This was another client' },
    });
    expect(marked.statusCode).toBe(200);
    const again = await t.call('POST', `${at}/gifts/${gift.json().id}/entered-in-error`, { cookie: therapist, body: { reason: 'Again' } });
    expect(again.statusCode).toBe(409);
    const wrongKind = await t.call('POST', `${at}/contacts/${gift.json().id}/entered-in-error`, {
      cookie: therapist,
      body: { reason: 'Oops' },
    });
    expect(wrongKind.statusCode).toBe(404);
    log = (await t.call('GET', `${at}/relationship-log`, { cookie: therapist })).json();
    expect(log.gifts).toHaveLength(2);
    expect(log.gifts.find((g: { id: string }) => g.id === gift.json().id).enteredInError).toEqual({
      at: `${TODAY}T15:00:00.000Z`,
      reason: 'This was another client',
    });

    const events = await db()
      .db.selectFrom('audit_events')
      .select(['type', 'patient_id', 'data'])
      .where('patient_id', '=', patientId)
      .orderBy('seq')
      .execute();
    const types = events.map((e) => e.type);
    expect(types.filter((x) => x === 'gift.logged')).toHaveLength(2);
    expect(types).toContain('contact.logged');
    expect(types).toContain('relationship_log.entered_in_error');
    expect(types.filter((x) => x === 'relationship_log.viewed')).toHaveLength(2);
    // The audit says what happened, never the gift's description or the note.
    expect(JSON.stringify(events)).not.toMatch(/chocolates|reschedule|another client/i);
    expect((await verifyAudit(db().db)).ok).toBe(true);
    await t.close();
  });

  it('keeps the log from the owner, the front desk and other therapists', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const therapist = await t.signIn(clinic.members.therapist);
    const patientId = (
      await t.call('POST', '/api/patients', {
        cookie: therapist,
        body: { legalFirstName: 'Olu', legalLastName: 'Adeyemi', dateOfBirth: '1990-09-09' },
      })
    ).json().id;
    const today = new Date().toISOString().slice(0, 10);
    await t.call('POST', `/api/patients/${patientId}/gifts`, {
      cookie: therapist,
      body: { givenOn: today, direction: 'from_patient', description: 'Handmade mug', outcome: 'accepted' },
    });
    for (const who of [clinic.owner, clinic.members.admin, clinic.members.locum, clinic.members.mentor]) {
      const cookie = await t.signIn(who);
      const res = await t.call('GET', `/api/patients/${patientId}/relationship-log`, { cookie });
      expect([403, 404], who.role).toContain(res.statusCode);
      expect(res.body).not.toContain('Handmade mug');
      const write = await t.call('POST', `/api/patients/${patientId}/gifts`, {
        cookie,
        body: { givenOn: today, direction: 'from_patient', description: 'Pen', outcome: 'accepted' },
      });
      expect([403, 404], who.role).toContain(write.statusCode);
    }
    const chart = await t.call('GET', `/api/patients/${patientId}`, { cookie: await t.signIn(clinic.owner) });
    expect(chart.body).not.toContain('Handmade mug');
    await t.close();
  });
});
