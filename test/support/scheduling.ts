import type { DatabaseHandle } from '../../src/server/platform/db/index.js';
import { buildClinic } from './factories.js';
import { buildTestApp, testClock } from './http.js';

export const EMILIE = { legalFirstName: 'Émilie', legalLastName: 'Côté', preferredName: 'Em', dateOfBirth: '1988-07-14' };

/**
 * A clinic on America/Toronto time, the clock at `at`, one patient of the therapist, a 60-minute
 * type, and weekly hours 09:00–12:00 and 13:00–17:00 every day (a lunch break between).
 */
export async function schedulingClinic(database: DatabaseHandle, at = '2026-03-05T12:00:00.000Z') {
  const t = await buildTestApp(database, { clock: testClock(new Date(at)) });
  const clinic = await buildClinic(database);
  const therapist = await t.signIn(clinic.members.therapist);
  const admin = await t.signIn(clinic.members.admin);
  const owner = await t.signIn(clinic.owner);
  const therapistId = clinic.members.therapist.id;
  const patient = (await t.call('POST', '/api/patients', { cookie: therapist, body: EMILIE })).json();
  const type = (
    await t.call('POST', '/api/scheduling/appointment-types', {
      cookie: admin,
      body: { name: '60 min massage', durationMinutes: 60, feeCents: 12000 },
    })
  ).json();
  const hours = await t.call('PUT', `/api/scheduling/therapists/${therapistId}/availability`, {
    cookie: therapist,
    body: {
      blocks: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
        { weekday, start: '09:00', end: '12:00' },
        { weekday, start: '13:00', end: '17:00' },
      ]),
    },
  });
  if (!patient.id || !type.id || hours.statusCode !== 200) throw new Error(`scheduling setup failed: ${hours.body}`);
  const book = (startsAt: string, extra: Record<string, unknown> = {}, cookie = therapist) =>
    t.call('POST', '/api/scheduling/appointments', {
      cookie,
      body: { patientId: patient.id, appointmentTypeId: type.id, startsAt, ...extra },
    });
  return { t, clinic, therapist, admin, owner, therapistId, patientId: patient.id as string, typeId: type.id as string, book };
}
