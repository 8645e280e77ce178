import type { AccessModule, Fixture, FixtureContext } from './types.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const hourFromNow = (ms: number) => new Date(Math.floor((Date.now() + ms) / HOUR) * HOUR).toISOString();
let counter = 0;
const next = () => ++counter;

/**
 * A type, weekly hours, an exception and feeds; and one appointment per one-shot change (cancel,
 * no-show, arrived, complete), booked by the therapist for the patients fixture's patient.
 */
async function buildSchedulingFixture({ t, clinic, cookies, fixture }: FixtureContext): Promise<Fixture> {
  const therapist = clinic.members.therapist.id;
  const type = (
    await t.call('POST', '/api/scheduling/appointment-types', {
      cookie: cookies.owner,
      body: { name: '60 min massage', durationMinutes: 60, feeCents: 12000 },
    })
  ).json();
  await t.call('PUT', `/api/scheduling/therapists/${therapist}/availability`, {
    cookie: cookies.therapist,
    body: { blocks: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })) },
  });
  await t.call('PUT', `/api/scheduling/therapists/${therapist}/exceptions/2030-01-02`, { cookie: cookies.therapist, body: { blocks: [] } });
  const book = async (startsAt: string) => {
    const res = await t.call('POST', '/api/scheduling/appointments', {
      cookie: cookies.therapist,
      body: { patientId: fixture.patientId, appointmentTypeId: type.id, startsAt, allowOutsideHours: true },
    });
    if (res.statusCode !== 200) throw new Error(`scheduling fixture: ${res.body}`);
    return res.json().id as string;
  };
  const past = hourFromNow(-2 * DAY);
  const ids = {
    typeId: type.id as string,
    moveId: await book(hourFromNow(10 * DAY)),
    cancelId: await book(hourFromNow(10 * DAY + 2 * HOUR)),
    arrivedId: await book(hourFromNow(10 * DAY + 4 * HOUR)),
    noShowId: await book(past),
    completeId: await book(hourFromNow(-2 * DAY + 2 * HOUR)),
    completeStart: hourFromNow(-2 * DAY + 2 * HOUR),
  };
  for (const who of ['owner', 'therapist', 'otherClinicOwner'] as const) {
    await t.call('POST', '/api/calendar-feeds', { cookie: cookies[who], body: {} });
  }
  if (!type.id) throw new Error('scheduling fixture could not be built');
  return ids;
}

const FRONT_DESK_AND_THERAPIST = ['owner', 'admin', 'therapist'] as const;
const calendar = (c: { members: { therapist: { id: string } } }) => c.members.therapist.id;

export const schedulingAccess: AccessModule = {
  name: 'scheduling',
  fixture: buildSchedulingFixture,
  rules: [
    // The clinic's time zone: everyone who books reads it; the owner sets it (another clinic's owner, their own).
    { method: 'GET', url: '/api/scheduling/settings', allowed: [...FRONT_DESK_AND_THERAPIST, 'otherClinicOwner'] },
    {
      method: 'PUT',
      url: '/api/scheduling/settings',
      allowed: ['owner', 'otherClinicOwner'],
      body: () => ({ timeZone: 'America/Toronto' }),
    },
    // Appointment types: the owner and admins manage them; everyone who books lists them.
    { method: 'GET', url: '/api/scheduling/appointment-types', allowed: [...FRONT_DESK_AND_THERAPIST, 'otherClinicOwner'] },
    {
      method: 'POST',
      url: '/api/scheduling/appointment-types',
      allowed: ['owner', 'admin', 'otherClinicOwner'],
      body: () => ({ name: `Assessment ${next()}`, durationMinutes: 30, feeCents: 6000 }),
    },
    {
      method: 'PATCH',
      url: '/api/scheduling/appointment-types/:typeId',
      allowed: ['owner', 'admin'],
      path: (_c, f) => `/api/scheduling/appointment-types/${f.typeId}`,
      body: () => ({ feeCents: 12500 }),
    },
    // Availability: a therapist their own; the owner and admins anyone's.
    {
      method: 'GET',
      url: '/api/scheduling/therapists/:therapistId/availability',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (c) => `/api/scheduling/therapists/${calendar(c)}/availability`,
    },
    {
      method: 'PUT',
      url: '/api/scheduling/therapists/:therapistId/availability',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (c) => `/api/scheduling/therapists/${calendar(c)}/availability`,
      body: () => ({ blocks: [{ weekday: 1, start: '09:00', end: '12:00' }] }),
    },
    {
      method: 'PUT',
      url: '/api/scheduling/therapists/:therapistId/exceptions/:date',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (c) => `/api/scheduling/therapists/${calendar(c)}/exceptions/2030-01-03`,
      body: () => ({ blocks: [{ start: '10:00', end: '14:00' }] }),
    },
    {
      method: 'POST',
      url: '/api/scheduling/therapists/:therapistId/exceptions/:date/remove',
      allowed: ['owner'], // the first allowed caller removes it; later callers find nothing
      path: (c) => `/api/scheduling/therapists/${calendar(c)}/exceptions/2030-01-02/remove`,
    },
    // Appointments: the front desk for any therapist; a therapist in their own calendar, for their own patients.
    {
      method: 'POST',
      url: '/api/scheduling/appointments',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      body: (c, f) => ({
        patientId: f.patientId,
        therapistUserId: c.members.therapist.id,
        appointmentTypeId: f.typeId,
        startsAt: hourFromNow(20 * DAY + next() * HOUR),
        allowOutsideHours: true,
      }),
    },
    {
      method: 'POST',
      url: '/api/scheduling/appointments/:appointmentId/move',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (_c, f) => `/api/scheduling/appointments/${f.moveId}/move`,
      body: () => ({ startsAt: hourFromNow(11 * DAY), allowOutsideHours: true }),
    },
    {
      method: 'POST',
      url: '/api/scheduling/appointments/:appointmentId/cancel',
      allowed: ['owner'], // one-shot: later callers are told it is already cancelled
      path: (_c, f) => `/api/scheduling/appointments/${f.cancelId}/cancel`,
      body: () => ({ reason: 'Patient asked to reschedule' }),
    },
    {
      method: 'POST',
      url: '/api/scheduling/appointments/:appointmentId/no-show',
      allowed: ['owner'],
      path: (_c, f) => `/api/scheduling/appointments/${f.noShowId}/no-show`,
    },
    {
      method: 'POST',
      url: '/api/scheduling/appointments/:appointmentId/arrived',
      allowed: ['owner'],
      path: (_c, f) => `/api/scheduling/appointments/${f.arrivedId}/arrived`,
    },
    {
      method: 'POST',
      url: '/api/scheduling/appointments/:appointmentId/complete',
      allowed: ['owner'],
      path: (_c, f) => `/api/scheduling/appointments/${f.completeId}/complete`,
      body: (_c, f) => ({ actualEndAt: new Date(Date.parse(f.completeStart as string) + 65 * 60_000).toISOString() }),
    },
    // A patient's appointments: the same people as the calendar (the treating therapist, the front desk).
    {
      method: 'GET',
      url: '/api/patients/:patientId/appointments',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (_c, f) => `/api/patients/${f.patientId}/appointments`,
    },
    // Fees and payment: the treating therapist and the front desk; the history the same.
    {
      method: 'POST',
      url: '/api/scheduling/appointments/:appointmentId/fee-adjustment',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (_c, f) => `/api/scheduling/appointments/${f.moveId}/fee-adjustment`,
      body: () => ({ kind: 'discount', amountCents: 1000, reason: 'Access test' }),
    },
    {
      method: 'POST',
      url: '/api/scheduling/appointments/:appointmentId/payment',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (_c, f) => `/api/scheduling/appointments/${f.moveId}/payment`,
      body: () => ({ status: 'paid' }),
    },
    {
      method: 'GET',
      url: '/api/scheduling/appointments/:appointmentId/fee-history',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (_c, f) => `/api/scheduling/appointments/${f.moveId}/fee-history`,
    },
    // Calendar views: a therapist their own; the owner and admins anyone's. Today: one's own, for those who treat.
    {
      method: 'GET',
      url: '/api/scheduling/day',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (c) => `/api/scheduling/day?date=2030-01-07&therapistId=${calendar(c)}`,
    },
    {
      method: 'GET',
      url: '/api/scheduling/week',
      allowed: [...FRONT_DESK_AND_THERAPIST],
      path: (c) => `/api/scheduling/week?date=2030-01-07&therapistId=${calendar(c)}`,
    },
    { method: 'GET', url: '/api/scheduling/today', allowed: ['owner', 'therapist', 'otherClinicOwner'] },
    // The private calendar feed: one's own, for those who treat; the .ics address is its own credential.
    { method: 'GET', url: '/api/calendar-feeds', allowed: ['owner', 'therapist', 'otherClinicOwner'] },
    {
      method: 'POST',
      url: '/api/calendar-feeds',
      allowed: ['owner', 'therapist', 'otherClinicOwner'],
      body: () => ({ includeNames: false }),
    },
    { method: 'POST', url: '/api/calendar-feeds/revoke', allowed: ['owner', 'therapist', 'otherClinicOwner'] },
    { method: 'GET', url: '/api/calendar-feeds/:token.ics', allowed: [], public: true },
  ],
};
