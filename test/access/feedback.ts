import type { AccessModule, Fixture, FixtureContext } from './types.js';

const HOUR = 60 * 60 * 1000;
const pastHour = (ms: number) => new Date(Math.floor((Date.now() - ms) / HOUR) * HOUR).toISOString();

const LICENSED = {
  resourceType: 'Questionnaire',
  url: 'https://licensed.example/Questionnaire/access-test',
  version: '1',
  status: 'active',
  language: 'en',
  item: [{ linkId: 'q1', text: 'Question one', type: 'integer' }],
};

/**
 * A completed session of the patients fixture's patient, with feedback consent of its own (the
 * consent rules withdraw theirs), a link, and an answer with a low "felt safe" (so an alert exists).
 */
async function buildFeedbackFixture({ t, cookies, fixture }: FixtureContext): Promise<Fixture> {
  const consent = await t.call('POST', `/api/patients/${fixture.patientId}/consents`, {
    cookie: cookies.therapist,
    body: { type: 'feedback', givenBy: { kind: 'patient' }, method: 'verbal', attested: true },
  });
  const completed = async (startsAt: string) => {
    const booked = await t.call('POST', '/api/scheduling/appointments', {
      cookie: cookies.therapist,
      body: { patientId: fixture.patientId, appointmentTypeId: fixture.typeId, startsAt, allowOutsideHours: true },
    });
    const id = booked.json().id as string;
    const done = await t.call('POST', `/api/scheduling/appointments/${id}/complete`, {
      cookie: cookies.therapist,
      body: { actualEndAt: new Date(Date.parse(startsAt) + HOUR).toISOString() },
    });
    if (done.statusCode !== 200) throw new Error(`feedback fixture: ${booked.body} ${done.body}`);
    return id;
  };
  const appointmentId = await completed(pastHour(3 * 24 * HOUR));
  const unanswered = await completed(pastHour(3 * 24 * HOUR + 2 * HOUR));
  const requested = await t.call('POST', '/api/feedback/requests', {
    cookie: cookies.therapist,
    body: { appointmentId, delivery: 'in_clinic' },
  });
  const link = requested.json().link as string | undefined;
  const token = link?.split('/feedback/')[1];
  await t.call('POST', `/api/feedback/${token}`, { body: { answers: [{ linkId: 'safe', value: 0 }] } });
  const trajectory = (await t.call('GET', `/api/patients/${fixture.patientId}/feedback`, { cookie: cookies.therapist })).json();
  const alertId = trajectory.alerts?.[0]?.id as string | undefined;
  if (consent.statusCode !== 200 || !appointmentId || !token || !alertId)
    throw new Error(`feedback fixture: ${requested.body} ${JSON.stringify(trajectory)}`);
  return { feedbackAppointmentId: unanswered, alertId };
}

export const feedbackAccess: AccessModule = {
  name: 'feedback',
  fixture: buildFeedbackFixture,
  rules: [
    // Instruments and the automatic email are the owner's choice (another clinic's owner: their own clinic).
    { method: 'GET', url: '/api/feedback/questionnaires', allowed: ['owner', 'otherClinicOwner'] },
    { method: 'POST', url: '/api/feedback/questionnaires', allowed: ['owner', 'otherClinicOwner'], body: () => ({ resource: LICENSED }) },
    { method: 'GET', url: '/api/feedback/settings', allowed: ['owner', 'otherClinicOwner'] },
    { method: 'PUT', url: '/api/feedback/settings', allowed: ['owner', 'otherClinicOwner'], body: () => ({ automaticEmail: false }) },
    // Asking for feedback on a session: the treating therapist.
    {
      method: 'POST',
      url: '/api/feedback/requests',
      allowed: ['therapist'],
      body: (_c, f) => ({ appointmentId: f.feedbackAppointmentId, delivery: 'in_clinic' }),
    },
    // What the patient said: the treating therapist only; the front desk, counts only.
    {
      method: 'GET',
      url: '/api/patients/:patientId/feedback',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/feedback`,
    },
    {
      method: 'GET',
      url: '/api/patients/:patientId/feedback/counts',
      allowed: ['owner', 'admin', 'therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/feedback/counts`,
    },
    {
      method: 'POST',
      url: '/api/feedback/alerts/:alertId/resolve',
      allowed: ['therapist'],
      path: (_c, f) => `/api/feedback/alerts/${f.alertId}/resolve`,
      body: () => ({ note: 'Spoke with the patient; agreed on a check-in before each area.' }),
    },
    // Each person who treats sees their own open alerts and private summary (never anyone else's).
    { method: 'GET', url: '/api/feedback/alerts', allowed: ['owner', 'therapist', 'locum', 'otherClinicOwner'] },
    { method: 'GET', url: '/api/feedback/summary', allowed: ['owner', 'therapist', 'locum', 'otherClinicOwner'] },
    // The token is the credential: answered on its merits (an unknown token is 410 for everyone).
    { method: 'GET', url: '/api/feedback/:token', allowed: [], public: true },
    {
      method: 'POST',
      url: '/api/feedback/:token',
      allowed: [],
      public: true,
      body: () => ({ answers: [{ linkId: 'safe', value: 4 }] }),
    },
  ],
};
