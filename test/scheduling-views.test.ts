import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from './support/db.js';
import { schedulingClinic } from './support/scheduling.js';

describeEachDialect('scheduling: calendar views, time zones and the private feed', ({ db, dialect }) => {
  it('shows the treating therapist their day with safeguards and plans due; the front desk sees names only', async () => {
    const { t, clinic, therapist, admin, owner, therapistId, patientId, book } = await schedulingClinic(db(), '2026-03-09T12:00:00.000Z');
    await t.call('POST', `/api/patients/${patientId}/vulnerability`, {
      cookie: therapist,
      body: {
        kind: 'mental_health',
        source: 'patient_reported',
        notedOn: '2026-03-02',
        note: 'Anxiety',
        safeguard: 'prefers each step explained',
      },
    });
    const rel = (await t.call('GET', `/api/patients/${patientId}`, { cookie: therapist })).json().clinical.relationships[0].id;
    await t.call('PUT', `/api/patients/${patientId}/relationships/${rel}/plan`, {
      cookie: therapist,
      body: { areas: ['neck'], techniques: ['Swedish'], frequency: 'weekly', reviewDate: '2026-03-01' },
    });
    await book('2026-03-09T17:00:00Z'); // 13:00
    await book('2026-03-09T14:00:00Z'); // 10:00
    const cancelled = (await book('2026-03-09T19:00:00Z')).json();
    await t.call('POST', `/api/scheduling/appointments/${cancelled.id}/cancel`, { cookie: therapist, body: { reason: 'Unwell' } });
    await book('2026-03-10T14:00:00Z'); // tomorrow

    const today = await t.call('GET', '/api/scheduling/today', { cookie: therapist });
    expect(today.statusCode).toBe(200);
    const body = today.json();
    expect(body.date).toBe('2026-03-09');
    expect(body.appointments.map((a: { localStart: string }) => a.localStart)).toEqual(['10:00', '13:00']);
    expect(body.appointments[0]).toMatchObject({
      patientName: 'Em Côté',
      typeName: '60 min massage',
      status: 'booked',
      safeguards: ['prefers each step explained'],
    });
    expect(body.plansDueForReview).toEqual([{ patientId, patientName: 'Em Côté', relationshipId: rel, reviewDate: '2026-03-01' }]);

    const day = await t.call('GET', `/api/scheduling/day?date=2026-03-09&therapistId=${therapistId}`, { cookie: admin });
    expect(day.statusCode).toBe(200);
    expect(day.json().appointments.map((a: { status: string }) => a.status)).toEqual(['booked', 'booked', 'cancelled']);
    expect(day.json().hours).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(day.body).toContain('Em Côté');
    for (const raw of [
      day.body,
      (await t.call('GET', `/api/scheduling/week?date=2026-03-09&therapistId=${therapistId}`, { cookie: owner })).body,
    ]) {
      expect(raw).not.toContain('prefers each step');
      expect(raw).not.toContain('Anxiety');
      expect(raw).not.toContain('safeguard');
      expect(raw).not.toContain('mental_health');
    }
    // The owner treats too: their own day has no one else's safeguards; the admin has no calendar of their own.
    expect((await t.call('GET', '/api/scheduling/today', { cookie: owner })).json().appointments).toEqual([]);
    expect((await t.call('GET', '/api/scheduling/today', { cookie: admin })).statusCode).toBe(403);
    expect(
      (await t.call('GET', `/api/scheduling/day?date=2026-03-09&therapistId=${clinic.owner.id}`, { cookie: therapist })).statusCode,
    ).toBe(403);

    const week = (await t.call('GET', '/api/scheduling/week?date=2026-03-11', { cookie: therapist })).json();
    expect(week.weekStart).toBe('2026-03-09');
    expect(week.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
      '2026-03-15',
    ]);
    expect(week.days.map((d: { appointments: unknown[] }) => d.appointments.length)).toEqual([3, 1, 0, 0, 0, 0, 0]);

    const views = await db()
      .db.selectFrom('audit_events')
      .select(['actor_user_id', 'data'])
      .where('clinic_id', '=', clinic.id)
      .where('type', '=', 'calendar.viewed')
      .execute();
    expect(views).toHaveLength(5); // today ×2 (therapist, owner), day, week (owner), week (therapist)
    expect(views.some((v) => v.actor_user_id === clinic.members.admin.id)).toBe(true);
    await t.close();
  });

  it('keeps wall-clock hours and day boundaries right across the 2026 clock changes in Toronto', async () => {
    const { t, therapist, owner, therapistId, book } = await schedulingClinic(db());
    // Sunday 8 March: clocks spring forward; 09:00 is 13:00Z (it was 14:00Z a week before).
    expect((await book('2026-03-08T13:00:00Z')).json()).toMatchObject({ localStart: '09:00', outsideHours: false });
    expect((await book('2026-03-01T13:00:00Z')).json().error).toBe('OUTSIDE_HOURS'); // 08:00 EST
    expect((await book('2026-03-01T14:00:00Z')).json()).toMatchObject({ localStart: '09:00', outsideHours: false });
    // Late evening appointments fall on the right local day.
    expect((await book('2026-03-08T04:30:00Z', { allowOutsideHours: true })).json().localDate).toBe('2026-03-07'); // 23:30 EST
    expect((await book('2026-03-09T03:30:00Z', { allowOutsideHours: true })).json()).toMatchObject({
      localDate: '2026-03-08',
      localStart: '23:30',
    });
    const march8 = (await t.call('GET', '/api/scheduling/day?date=2026-03-08', { cookie: therapist })).json();
    expect(march8.appointments.map((a: { startsAt: string }) => a.startsAt)).toEqual([
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T03:30:00.000Z',
    ]);
    // Sunday 1 November: clocks fall back; 09:00 is 14:00Z again, and the day lasts 25 hours.
    expect((await book('2026-11-01T13:00:00Z')).json().error).toBe('OUTSIDE_HOURS');
    expect((await book('2026-11-01T14:00:00Z')).json()).toMatchObject({ localStart: '09:00', outsideHours: false });
    expect((await book('2026-11-02T04:30:00Z', { allowOutsideHours: true })).json()).toMatchObject({
      localDate: '2026-11-01',
      localStart: '23:30',
    });
    expect((await book('2026-11-01T04:30:00Z', { allowOutsideHours: true })).json()).toMatchObject({
      localDate: '2026-11-01',
      localStart: '00:30',
    });
    const nov1 = (await t.call('GET', `/api/scheduling/day?date=2026-11-01&therapistId=${therapistId}`, { cookie: owner })).json();
    expect(nov1.appointments.map((a: { localStart: string }) => a.localStart)).toEqual(['00:30', '09:00', '23:30']);
    const week = (await t.call('GET', '/api/scheduling/week?date=2026-03-08', { cookie: therapist })).json();
    expect(week.weekStart).toBe('2026-03-02');
    expect(week.days[5].appointments).toHaveLength(1); // Saturday the 7th, 23:30
    expect(week.days[6].appointments).toHaveLength(2);
    // Another clinic time zone moves the wall clock, not the stored instants.
    expect((await t.call('PUT', '/api/scheduling/settings', { cookie: owner, body: { timeZone: 'America/Vancouver' } })).statusCode).toBe(
      200,
    );
    const inVancouver = (await t.call('GET', '/api/scheduling/day?date=2026-03-08', { cookie: therapist })).json();
    expect(inVancouver.timeZone).toBe('America/Vancouver');
    expect(inVancouver.appointments.map((a: { localStart: string }) => a.localStart)).toEqual(['06:00', '20:30']);
    await t.close();
  });

  it('serves a private iCalendar feed: no names unless asked, CRLF and folded lines, revoked means gone', async () => {
    const { t, clinic, therapist, admin, book } = await schedulingClinic(db(), '2026-03-05T12:00:00.000Z');
    const longName = `Massothérapie – séance prolongée avec évaluation posturale et plan de soins détaillé ${'é'.repeat(20)}`;
    const longType = (
      await t.call('POST', '/api/scheduling/appointment-types', {
        cookie: admin,
        body: { name: longName, durationMinutes: 90, feeCents: 15000 },
      })
    ).json();
    await book('2026-03-09T14:00:00Z');
    await book('2026-03-10T14:00:00Z', { appointmentTypeId: longType.id });
    const gone = (await book('2026-03-11T14:00:00Z')).json();
    await t.call('POST', `/api/scheduling/appointments/${gone.id}/cancel`, { cookie: therapist, body: { reason: 'Unwell' } });
    await book('2025-12-01T15:00:00Z', { allowOutsideHours: true }); // more than 30 days back
    await book('2026-10-01T14:00:00Z'); // more than 180 days ahead

    expect((await t.call('GET', '/api/calendar-feeds', { cookie: therapist })).json()).toMatchObject({ active: false });
    const created = (await t.call('POST', '/api/calendar-feeds', { cookie: therapist, body: {} })).json();
    expect(created.path).toMatch(/^\/api\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(created.url.endsWith(created.path)).toBe(true);
    const token = created.path.slice('/api/calendar-feeds/'.length, -'.ics'.length);
    const stored = await db().db.selectFrom('calendar_feeds').selectAll().where('clinic_id', '=', clinic.id).execute();
    expect(JSON.stringify(stored)).not.toContain(token); // only the hash is kept

    const feed = await t.call('GET', created.path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = feed.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line ends in CRLF
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).not.toBe(text); // the long summary was folded
    expect(unfolded).toContain(`SUMMARY:Appointment – ${longName}`);
    expect(unfolded).toContain('SUMMARY:Appointment – 60 min massage');
    expect(unfolded).toContain('DTSTART:20260309T140000Z\r\nDTEND:20260309T150000Z');
    expect(unfolded).toContain('DTSTART:20260310T140000Z\r\nDTEND:20260310T153000Z');
    expect(unfolded).toMatch(/UID:[0-9a-f-]{36}@attune/);
    expect(unfolded).toMatch(/DTSTAMP:20260305T120000Z/);
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(2); // not the cancelled one, nor those out of range
    expect(text).not.toContain('Côté');
    expect(text).not.toContain('Em ');

    // Recreating with names: the old address stops working.
    const named = (await t.call('POST', '/api/calendar-feeds', { cookie: therapist, body: { includeNames: true } })).json();
    expect((await t.call('GET', created.path)).statusCode).toBe(404);
    expect((await t.call('GET', named.path)).body.replace(/\r\n /g, '')).toContain('SUMMARY:Em Côté – 60 min massage');
    expect((await t.call('GET', '/api/calendar-feeds', { cookie: therapist })).json()).toMatchObject({
      active: true,
      includeNames: true,
      lastFetchedAt: '2026-03-05T12:00:00.000Z',
    });
    expect((await t.call('POST', '/api/calendar-feeds/revoke', { cookie: therapist })).statusCode).toBe(200);
    expect((await t.call('GET', named.path)).statusCode).toBe(404);
    expect((await t.call('POST', '/api/calendar-feeds/revoke', { cookie: therapist })).statusCode).toBe(404);
    expect((await t.call('GET', `/api/calendar-feeds/${'x'.repeat(43)}.ics`)).statusCode).toBe(404);
    const events = await db()
      .db.selectFrom('audit_events')
      .select('type')
      .where('clinic_id', '=', clinic.id)
      .where('type', 'like', 'calendar_feed.%')
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual([
      'calendar_feed.created',
      'calendar_feed.created',
      'calendar_feed.fetched',
      'calendar_feed.fetched',
      'calendar_feed.revoked',
    ]);
    await t.close();
  });

  it('keeps the day view fast with 250,000 appointments in the table', async () => {
    const { t, clinic, therapist, therapistId, patientId, typeId } = await schedulingClinic(db(), '2026-03-05T12:00:00.000Z');
    const base = Date.parse('2024-01-01T14:00:00Z');
    if (dialect === 'sqlite') {
      const raw = db().sqlite;
      if (!raw) throw new Error('no sqlite handle');
      const insert = raw.prepare(
        `insert into appointments (id, clinic_id, patient_id, therapist_user_id, appointment_type_id, type_name, fee_cents, starts_at, ends_at, status, outside_hours, created_at, created_by, updated_at)
         values (?, ?, ?, ?, ?, '60 min massage', 12000, ?, ?, 'booked', 0, ?, ?, ?)`,
      );
      raw.transaction(() => {
        for (let i = 0; i < 250_000; i++) {
          const start = new Date(base + i * 3_600_000).toISOString();
          const end = new Date(base + i * 3_600_000 + 3_000_000).toISOString();
          insert.run(crypto.randomUUID(), clinic.id, patientId, therapistId, typeId, start, end, start, therapistId, start);
        }
      })();
      raw.exec('analyze');
    } else {
      await sql`insert into appointments (id, clinic_id, patient_id, therapist_user_id, appointment_type_id, type_name, fee_cents, starts_at, ends_at, status, outside_hours, created_at, created_by, updated_at)
        select md5(random()::text || g), ${clinic.id}, ${patientId}, ${therapistId}, ${typeId}, '60 min massage', 12000,
               to_char(timestamp '2024-01-01 14:00' + g * interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
               to_char(timestamp '2024-01-01 14:50' + g * interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
               'booked', 0, '2024-01-01T00:00:00.000Z', ${therapistId}, '2024-01-01T00:00:00.000Z'
        from generate_series(0, 249999) g`.execute(db().db);
      await sql`analyze appointments`.execute(db().db);
    }
    // The day's query is one bounded range scan of the calendar index.
    const plan = await sql<Record<string, string>>`${sql.raw(dialect === 'sqlite' ? 'explain query plan' : 'explain')}
      select * from appointments where clinic_id = ${clinic.id} and therapist_user_id = ${therapistId}
      and starts_at >= '2026-03-09T04:00:00.000Z' and starts_at < '2026-03-10T04:00:00.000Z'`.execute(db().db);
    expect(JSON.stringify(plan.rows)).toContain('appointments_calendar');
    await t.call('GET', '/api/scheduling/day?date=2026-03-09', { cookie: therapist }); // warm up
    const started = performance.now();
    const day = await t.call('GET', '/api/scheduling/day?date=2026-03-09', { cookie: therapist });
    const ms = performance.now() - started;
    expect(day.json().appointments).toHaveLength(24);
    expect(ms).toBeLessThan(250);
    await t.close();
  }, 120_000);
});
