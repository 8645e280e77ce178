import type { AccessModule, Fixture, FixtureContext } from './types.js';

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const HOUR = 3_600_000;
let slot = 0;

/** Treatment consent, appointments of the therapist, draft and signed notes, and a clinic template. */
async function buildRecordsFixture({ t, cookies, fixture }: FixtureContext): Promise<Fixture> {
  const therapist = cookies.therapist as string;
  const patient = fixture.patientId as string;
  const ok = async (res: { statusCode: number; body: string; json: () => { id: string } }, what: string) => {
    if (res.statusCode !== 200) throw new Error(`records fixture (${what}): ${res.body}`);
    return res.json().id;
  };
  await ok(
    await t.call('POST', `/api/patients/${patient}/consents`, {
      cookie: therapist,
      body: { type: 'treatment', givenBy: { kind: 'patient' }, method: 'written', signature: SIGNATURE },
    }),
    'consent',
  );
  const book = async () =>
    ok(
      await t.call('POST', '/api/scheduling/appointments', {
        cookie: therapist,
        body: {
          patientId: patient,
          appointmentTypeId: fixture.typeId,
          startsAt: new Date(Math.floor(Date.now() / HOUR) * HOUR - (30 + slot++) * 24 * HOUR).toISOString(),
          allowOutsideHours: true,
        },
      }),
      'appointment',
    );
  const note = async (appointmentId: string) =>
    ok(
      await t.call('POST', `/api/patients/${patient}/notes`, {
        cookie: therapist,
        body: { appointmentId, subjective: 'Sore neck', areasTreated: ['neck'] },
      }),
      'note',
    );
  const newNoteAppointmentId = await book();
  const draftNoteId = await note(await book());
  const toSignNoteId = await note(await book());
  const signedNoteId = await note(await book());
  await ok(await t.call('POST', `/api/patients/${patient}/notes/${signedNoteId}/sign`, { cookie: therapist }), 'sign');
  const templateId = await ok(
    await t.call('POST', '/api/note-templates', {
      cookie: cookies.owner,
      body: { name: 'Sports', subjective: 's', objective: 'o', assessment: 'a', plan: 'p' },
    }),
    'template',
  );
  return { newNoteAppointmentId, draftNoteId, toSignNoteId, signedNoteId, templateId };
}

let amendment = 0;

/** Notes and measures are clinical: only the treating therapist. Templates: the clinic's front desk edits. */
export const recordsAccess: AccessModule = {
  name: 'records',
  fixture: buildRecordsFixture,
  rules: [
    { method: 'GET', url: '/api/patients/:patientId/notes', allowed: ['therapist'], path: (_c, f) => `/api/patients/${f.patientId}/notes` },
    {
      method: 'POST',
      url: '/api/patients/:patientId/notes',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/notes`,
      body: (_c, f) => ({ appointmentId: f.newNoteAppointmentId }),
    },
    {
      method: 'GET',
      url: '/api/patients/:patientId/notes/:noteId',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/notes/${f.draftNoteId}`,
    },
    {
      method: 'PATCH',
      url: '/api/patients/:patientId/notes/:noteId',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/notes/${f.draftNoteId}`,
      body: () => ({ homeCare: 'Heat, 10 minutes' }),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/notes/:noteId/sign',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/notes/${f.toSignNoteId}/sign`,
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/notes/:noteId/amendments',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/notes/${f.signedNoteId}/amendments`,
      body: () => ({ homeCare: `Stretch ${++amendment}`, reason: 'Home care was left out' }),
    },
    {
      method: 'GET',
      url: '/api/patients/:patientId/measures',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/measures`,
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/psfs',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/psfs`,
      body: () => ({
        takenOn: '2026-01-10',
        occasion: 'intake',
        activities: [
          { activity: 'Gardening', score: 3 },
          { activity: 'Lifting a child', score: 2 },
          { activity: 'Sleeping on my side', score: 5 },
        ],
      }),
    },
    { method: 'GET', url: '/api/note-templates', allowed: ['owner', 'admin', 'therapist', 'otherClinicOwner'] },
    {
      method: 'POST',
      url: '/api/note-templates',
      allowed: ['owner', 'admin', 'otherClinicOwner'],
      body: () => ({ name: 'Prenatal', subjective: 's', objective: 'o', assessment: 'a', plan: 'p' }),
    },
    {
      method: 'PUT',
      url: '/api/note-templates/:templateId',
      allowed: ['owner', 'admin'],
      path: (_c, f) => `/api/note-templates/${f.templateId}`,
      body: () => ({ name: 'Sports (edited)', subjective: 's', objective: 'o', assessment: 'a', plan: 'p' }),
    },
  ],
};
