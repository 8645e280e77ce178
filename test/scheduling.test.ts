import { expect, it } from 'vitest';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { schedulingClinic } from './support/scheduling.js';

// 2026-03-09 is a Monday; Toronto is on daylight time (UTC−4) from 8 March, so 10:00 there is 14:00Z.
const MON_10 = '2026-03-09T14:00:00.000Z';

describeEachDialect('scheduling: types, hours, booking and changes', ({ db }) => {
  it('lets the front desk manage appointment types, with kind validation; everyone who books lists them', async () => {
    const { t, therapist, admin, owner, typeId, book } = await schedulingClinic(db());
    const list = (await t.call('GET', '/api/scheduling/appointment-types', { cookie: therapist })).json();
    expect(list.types).toEqual([{ id: typeId, name: '60 min massage', durationMinutes: 60, feeCents: 12000, active: true }]);
    const cases: [unknown, string, number][] = [
      [{ name: '60 min massage', durationMinutes: 60, feeCents: 1 }, 'name', 409],
      [{ name: 'Short', durationMinutes: 4, feeCents: 1 }, 'durationMinutes', 400],
      [{ name: 'Long', durationMinutes: 481, feeCents: 1 }, 'durationMinutes', 400],
      [{ name: 'Odd', durationMinutes: 30.5, feeCents: 1 }, 'durationMinutes', 400],
      [{ name: 'Free', durationMinutes: 30, feeCents: -1 }, 'feeCents', 400],
      [{ name: 'Cents', durationMinutes: 30, feeCents: 12.5 }, 'feeCents', 400],
      [{ name: '  ', durationMinutes: 30, feeCents: 0 }, 'name', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await t.call('POST', '/api/scheduling/appointment-types', { cookie: owner, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().field).toBe(field);
    }
    const free = await t.call('POST', '/api/scheduling/appointment-types', {
      cookie: owner,
      body: { name: 'Check-in', durationMinutes: 15, feeCents: 0 },
    });
    expect(free.json()).toMatchObject({ durationMinutes: 15, feeCents: 0, active: true });
    expect(
      (
        await t.call('POST', '/api/scheduling/appointment-types', {
          cookie: therapist,
          body: { name: 'Mine', durationMinutes: 30, feeCents: 0 },
        })
      ).statusCode,
    ).toBe(403);
    const patched = await t.call('PATCH', `/api/scheduling/appointment-types/${typeId}`, {
      cookie: admin,
      body: { active: false, feeCents: 13000 },
    });
    expect(patched.json()).toMatchObject({ active: false, feeCents: 13000 });
    expect(
      (await t.call('GET', '/api/scheduling/appointment-types', { cookie: therapist })).json().types.map((x: { name: string }) => x.name),
    ).toEqual(['Check-in']);
    expect((await t.call('GET', '/api/scheduling/appointment-types?includeInactive=true', { cookie: admin })).json().types).toHaveLength(2);
    const inactive = await book(MON_10);
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().message).toContain('no longer offered');
    expect((await t.call('PATCH', '/api/scheduling/appointment-types/nope', { cookie: admin, body: { active: true } })).statusCode).toBe(
      404,
    );
    await t.close();
  });

  it('books inside the weekly hours, asks before booking outside them, and honours dated exceptions', async () => {
    const { t, therapist, admin, therapistId, book } = await schedulingClinic(db());
    const ok = await book(MON_10);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      startsAt: MON_10,
      endsAt: '2026-03-09T15:00:00.000Z',
      localDate: '2026-03-09',
      localStart: '10:00',
      localEnd: '11:00',
      status: 'booked',
      feeCents: 12000,
      patientName: 'Em Côté',
      outsideHours: false,
    });
    // 12:30 is the lunch break: the UI asks "book anyway?" and sends allowOutsideHours.
    const lunch = await book('2026-03-09T16:30:00Z');
    expect(lunch.statusCode).toBe(409);
    expect(lunch.json()).toMatchObject({ error: 'OUTSIDE_HOURS', field: 'startsAt' });
    expect(lunch.json().message).toContain('12:30');
    const anyway = await book('2026-03-09T16:30:00Z', { allowOutsideHours: true });
    expect(anyway.json().outsideHours).toBe(true);
    // 11:30–12:30 straddles the break: outside.
    expect((await book('2026-03-09T19:30:00Z')).statusCode).toBe(200); // 15:30–16:30
    expect((await book('2026-03-09T20:30:00Z')).json().error).toBe('OUTSIDE_HOURS'); // 16:30–17:30

    const base = `/api/scheduling/therapists/${therapistId}`;
    expect(
      (await t.call('PUT', `${base}/exceptions/2026-03-10`, { cookie: therapist, body: { blocks: [], note: 'Course' } })).statusCode,
    ).toBe(200);
    expect((await book('2026-03-10T14:00:00Z')).json().error).toBe('OUTSIDE_HOURS');
    await t.call('PUT', `${base}/exceptions/2026-03-11`, { cookie: admin, body: { blocks: [{ start: '18:00', end: '20:00' }] } });
    expect((await book('2026-03-11T14:00:00Z')).json().error).toBe('OUTSIDE_HOURS'); // 10:00 is not worked that day
    expect((await book('2026-03-11T22:00:00Z')).statusCode).toBe(200); // 18:00
    const availability = (await t.call('GET', `${base}/availability?from=2026-03-09`, { cookie: therapist })).json();
    expect(availability.timeZone).toBe('America/Toronto');
    expect(availability.weekly).toHaveLength(14);
    expect(availability.exceptions).toEqual([
      { date: '2026-03-10', dayOff: true, blocks: [], note: 'Course' },
      { date: '2026-03-11', dayOff: false, blocks: [{ start: '18:00', end: '20:00' }], note: null },
    ]);
    expect((await t.call('POST', `${base}/exceptions/2026-03-10/remove`, { cookie: therapist })).statusCode).toBe(200);
    expect((await t.call('POST', `${base}/exceptions/2026-03-10/remove`, { cookie: therapist })).statusCode).toBe(404);
    expect((await book('2026-03-10T14:00:00Z')).statusCode).toBe(200);

    const overlapping = await t.call('PUT', `${base}/availability`, {
      cookie: therapist,
      body: {
        blocks: [
          { weekday: 1, start: '09:00', end: '12:00' },
          { weekday: 1, start: '11:00', end: '13:00' },
        ],
      },
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().field).toBe('blocks');
    for (const bad of [
      { weekday: 8, start: '09:00', end: '10:00' },
      { weekday: 1, start: '25:00', end: '26:00' },
      { weekday: 1, start: '10:00', end: '09:00' },
    ]) {
      expect((await t.call('PUT', `${base}/availability`, { cookie: therapist, body: { blocks: [bad] } })).statusCode).toBe(400);
    }
    await t.close();
  });

  it('refuses an overlapping booking, naming the time it clashes with; a cancelled appointment frees its time', async () => {
    const { t, therapist, book } = await schedulingClinic(db());
    const first = (await book(MON_10)).json();
    const clash = await book('2026-03-09T14:30:00Z');
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toBe('CONFLICT');
    expect(clash.json().message).toContain('2026-03-09 from 10:00 to 11:00');
    expect((await book('2026-03-09T13:00:00Z')).statusCode).toBe(200); // 09:00–10:00, back to back
    expect((await book('2026-03-09T15:00:00Z')).statusCode).toBe(200); // 11:00–12:00
    await t.call('POST', `/api/scheduling/appointments/${first.id}/cancel`, { cookie: therapist, body: { reason: 'Patient unwell' } });
    expect((await book('2026-03-09T14:00:00Z')).statusCode).toBe(200);
    await t.close();
  });

  it('never lets two simultaneous bookings of one slot both succeed', async () => {
    const { t, clinic, therapistId, admin, owner, book } = await schedulingClinic(db());
    const results = await Promise.all([book(MON_10), book(MON_10)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    // Five people at once, overlapping by half an hour: exactly one wins.
    // Every pair overlaps (13:45–14:45 meets 14:30–15:30); adjacent slots would both rightly succeed.
    const starts = ['2026-03-10T14:00:00Z', '2026-03-10T14:30:00Z', '2026-03-10T13:45:00Z', '2026-03-10T14:00:00Z', '2026-03-10T14:15:00Z'];
    const many = await Promise.all(starts.map((s, i) => book(s, { therapistUserId: therapistId }, [admin, owner][i % 2])));
    expect(many.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(many.filter((r) => r.statusCode !== 200).every((r) => r.statusCode === 409)).toBe(true);
    const rows = await db().db.selectFrom('appointments').select('id').where('clinic_id', '=', clinic.id).execute();
    expect(rows).toHaveLength(2);
    await t.close();
  });

  it('moves, cancels (keeping the reason), records arrivals, no-shows and completion, and refuses impossible changes', async () => {
    const { t, admin, clinic, book, ...rest } = await schedulingClinic(db(), '2026-03-09T13:00:00.000Z');
    let therapist = rest.therapist;
    // Sessions end after inactivity: sign in again after moving the clock on.
    const later = async (at: string) => {
      t.clock.set(new Date(at));
      therapist = await t.signIn(clinic.members.therapist);
    };
    const a = (await book(MON_10)).json();
    const b = (await book('2026-03-09T17:00:00Z')).json(); // 13:00
    const act = (id: string, what: string, body: unknown = {}, cookie?: string) =>
      t.call('POST', `/api/scheduling/appointments/${id}/${what}`, { cookie: cookie ?? therapist, body });

    expect((await act(a.id, 'move', { startsAt: '2026-03-09T17:30:00Z' })).json().message).toContain('13:00 to 14:00');
    const moved = await act(a.id, 'move', { startsAt: '2026-03-09T19:00:00Z' }, admin);
    expect(moved.json()).toMatchObject({ localStart: '15:00', localEnd: '16:00', status: 'booked' });
    expect((await act(a.id, 'move', { startsAt: '2026-03-09T18:30:00Z' })).statusCode).toBe(200); // overlaps only itself

    expect((await act(b.id, 'cancel', { reason: '' })).json().field).toBe('reason');
    const cancelled = await act(b.id, 'cancel', { reason: 'Patient unwell' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Patient unwell' });
    const again = await act(b.id, 'complete');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(
      'This appointment is already cancelled, so it cannot be marked completed. If the visit is happening after all, book a new appointment.',
    );
    expect((await act(b.id, 'move', { startsAt: '2026-03-09T20:00:00Z' })).statusCode).toBe(409);
    expect((await act(b.id, 'cancel', { reason: 'twice' })).statusCode).toBe(409);

    expect((await act(a.id, 'no-show')).json().message).toContain('once the appointment time has come');
    await later('2026-03-09T18:35:00Z');
    expect((await act(a.id, 'arrived')).json()).toMatchObject({ status: 'arrived' });
    expect((await act(a.id, 'move', { startsAt: '2026-03-09T20:00:00Z' })).statusCode).toBe(409);
    expect((await act(a.id, 'no-show')).statusCode).toBe(409);
    await later('2026-03-09T19:45:00Z');
    expect((await act(a.id, 'complete', { actualEndAt: '2026-03-09T18:00:00Z' })).json().field).toBe('actualEndAt');
    expect((await act(a.id, 'complete', { actualEndAt: '2026-03-09T21:00:00Z' })).json().field).toBe('actualEndAt'); // in the future
    const done = await act(a.id, 'complete', { actualEndAt: '2026-03-09T19:40:00-00:00' });
    expect(done.json()).toMatchObject({ status: 'completed', actualEndAt: '2026-03-09T19:40:00.000Z' });
    expect((await act(a.id, 'complete')).statusCode).toBe(409);

    const c = (await book('2026-03-09T20:00:00Z', {}, therapist)).json(); // 16:00, already begun at 16:10
    await later('2026-03-09T20:10:00Z');
    expect((await act(c.id, 'no-show')).json().status).toBe('no_show');
    expect((await act(c.id, 'arrived')).json().message).toContain('already marked as a no-show');

    const rows = await db().db.selectFrom('appointments').selectAll().where('clinic_id', '=', clinic.id).orderBy('starts_at').execute();
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'completed', 'no_show']); // nothing deleted
    expect(rows[1]).toMatchObject({ actual_end_at: '2026-03-09T19:40:00.000Z', arrived_at: '2026-03-09T18:35:00.000Z' });
    const audit = await db()
      .db.selectFrom('audit_events')
      .select(['type', 'patient_id', 'data'])
      .where('clinic_id', '=', clinic.id)
      .where('type', 'like', 'appointment.%')
      .execute();
    expect(audit.filter((e) => e.type === 'appointment.booked')).toHaveLength(3);
    expect(audit.filter((e) => e.type === 'appointment.moved')).toHaveLength(2);
    expect(audit.filter((e) => e.type === 'appointment.status_changed')).toHaveLength(4);
    expect(audit.every((e) => e.patient_id === a.patientId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('Patient unwell'); // the reason stays out of the log
    expect((await verifyAudit(db().db)).ok).toBe(true);
    await t.close();
  });

  it('books only patients the actor may see, in calendars they may act on; another clinic sees nothing', async () => {
    const { t, clinic, therapist, admin, owner, therapistId, patientId, typeId, book } = await schedulingClinic(db());
    const other = await buildClinic(db());
    const outsider = await t.signIn(other.owner);
    const locum = await t.signIn(clinic.members.locum);
    // The owner's own patient is not the therapist's to book.
    const ownersPatient = (
      await t.call('POST', '/api/patients', {
        cookie: owner,
        body: { legalFirstName: 'Omar', legalLastName: 'Haddad', dateOfBirth: '1975-01-30' },
      })
    ).json();
    expect((await book(MON_10, { patientId: ownersPatient.id })).statusCode).toBe(404);
    // The front desk books anyone's patient with any therapist; a therapist cannot book a colleague.
    expect((await book(MON_10, { patientId: ownersPatient.id, therapistUserId: therapistId }, admin)).statusCode).toBe(200);
    expect((await book(MON_10, { therapistUserId: clinic.owner.id })).statusCode).toBe(403);
    expect((await book(MON_10, { therapistUserId: clinic.members.mentor.id }, admin)).statusCode).toBe(404); // a mentor has no calendar
    expect((await book(MON_10, { therapistUserId: therapistId }, locum)).statusCode).toBe(403);
    const mine = (await book('2026-03-09T13:00:00Z')).json();
    expect(
      (
        await t.call('POST', '/api/scheduling/appointments', {
          cookie: outsider,
          body: { patientId, appointmentTypeId: typeId, startsAt: MON_10 },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await t.call('POST', `/api/scheduling/appointments/${mine.id}/cancel`, { cookie: outsider, body: { reason: 'x' } })).statusCode,
    ).toBe(404);
    expect((await t.call('GET', `/api/scheduling/day?date=2026-03-09&therapistId=${therapistId}`, { cookie: outsider })).statusCode).toBe(
      404,
    );
    const otherType = (
      await t.call('POST', '/api/scheduling/appointment-types', {
        cookie: outsider,
        body: { name: 'Theirs', durationMinutes: 30, feeCents: 0 },
      })
    ).json();
    const wrongType = await book('2026-03-09T19:00:00Z', { appointmentTypeId: otherType.id });
    expect(wrongType.statusCode).toBe(404);
    expect(wrongType.json().field).toBe('appointmentTypeId');
    expect(
      (await t.call('POST', '/api/scheduling/appointments/00000000-0000-0000-0000-000000000000/arrived', { cookie: therapist })).statusCode,
    ).toBe(404);
    await t.close();
  });

  it('refuses impossible or unreasonable input with a clear 4xx and changes nothing', async () => {
    const { t, clinic, therapist, therapistId, book } = await schedulingClinic(db());
    const count = async () => (await db().db.selectFrom('appointments').select('id').where('clinic_id', '=', clinic.id).execute()).length;
    const existing = (await book(MON_10)).json();
    const before = await count();
    for (const startsAt of [
      '2026-02-30T14:00:00Z',
      '2026-03-09T25:00:00Z',
      '2026-03-09T14:60:00Z',
      '2026-03-09 14:00',
      '2026-03-09T14:00:00',
      '2026-03-09T14:00:00+15:00',
      'tomorrow',
      '',
    ]) {
      const res = await book(startsAt);
      expect(res.statusCode, startsAt).toBe(400);
      expect(res.json().field).toBe('startsAt');
    }
    for (const startsAt of ['2028-06-01T14:00:00Z', '2024-01-01T14:00:00Z', '1990-01-01T14:00:00Z', '2999-01-01T14:00:00Z']) {
      const res = await book(startsAt, { allowOutsideHours: true });
      expect(res.statusCode, startsAt).toBe(400);
      expect(res.json().field).toBe('startsAt');
    }
    expect((await book(MON_10, { patientId: 'nope', allowOutsideHours: true })).statusCode).toBe(404);
    expect((await book(MON_10, { extra: 1 })).statusCode).toBe(400);
    const huge = await t.call('POST', `/api/scheduling/appointments/${existing.id}/cancel`, {
      cookie: therapist,
      body: { reason: 'x'.repeat(1024 * 1024) },
    });
    expect(huge.statusCode).toBe(413);
    expect(
      (await t.call('POST', `/api/scheduling/appointments/${existing.id}/cancel`, { cookie: therapist, body: { reason: 'x'.repeat(501) } }))
        .statusCode,
    ).toBe(400);
    expect((await t.call('GET', `/api/scheduling/day?date=2026-02-30&therapistId=${therapistId}`, { cookie: therapist })).statusCode).toBe(
      400,
    );
    expect(
      (await t.call('PUT', `/api/scheduling/therapists/${therapistId}/exceptions/2026-02-30`, { cookie: therapist, body: { blocks: [] } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await t.call('PUT', '/api/scheduling/settings', { cookie: await t.signIn(clinic.owner), body: { timeZone: 'Mars/Olympus' } })).json()
        .field,
    ).toBe('timeZone');
    expect(await count()).toBe(before);
    const row = await db().db.selectFrom('appointments').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('booked');
    await t.close();
  });

  it('books a minor only once a substitute decision-maker has consented to treatment', async () => {
    const { t, therapist, book } = await schedulingClinic(db());
    const child = (
      await t.call('POST', '/api/patients', {
        cookie: therapist,
        body: { legalFirstName: 'Noa', legalLastName: 'Young', dateOfBirth: '2016-05-05' },
      })
    ).json();
    const refused = await book(MON_10, { patientId: child.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toBe('CONSENT_REQUIRED');
    expect(refused.json().message).toContain('substitute decision-maker');
    const sdm = (
      await t.call('POST', `/api/patients/${child.id}/substitute-decision-makers`, {
        cookie: therapist,
        body: { name: 'Ada Young', relationship: 'parent' },
      })
    ).json();
    expect((await book(MON_10, { patientId: child.id })).json().error).toBe('CONSENT_REQUIRED');
    const consent = await t.call('POST', `/api/patients/${child.id}/consents`, {
      cookie: therapist,
      body: { type: 'treatment', givenBy: { kind: 'substitute', substituteDecisionMakerId: sdm.id }, method: 'verbal', attested: true },
    });
    expect(consent.statusCode, consent.body).toBe(200);
    expect((await book(MON_10, { patientId: child.id })).statusCode).toBe(200);
    await t.close();
  });
});
