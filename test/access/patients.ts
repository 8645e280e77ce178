import type { AccessModule, Fixture, FixtureContext } from './types.js';

const NEW_PATIENT = { legalFirstName: 'Robin', legalLastName: 'Access', dateOfBirth: '1980-04-02', phone: '416-555-0199' };

/** The therapist registers a patient with an SDM and a vulnerability factor, through the API. */
async function buildPatientFixture({ t, cookies }: FixtureContext): Promise<Fixture> {
  const therapistCookie = cookies.therapist as string;
  const patient = (await t.call('POST', '/api/patients', { cookie: therapistCookie, body: NEW_PATIENT })).json();
  const chart = (await t.call('GET', `/api/patients/${patient.id}`, { cookie: therapistCookie })).json();
  const sdm = (
    await t.call('POST', `/api/patients/${patient.id}/substitute-decision-makers`, {
      cookie: therapistCookie,
      body: { name: 'Sam Guardian', relationship: 'guardian' },
    })
  ).json();
  const factor = (
    await t.call('POST', `/api/patients/${patient.id}/vulnerability`, {
      cookie: therapistCookie,
      body: { kind: 'mental_health', source: 'patient_reported', notedOn: '2026-01-01' },
    })
  ).json();
  // Archiving and restoring act on a patient of their own, so the other routes keep a current one.
  const toArchive = (
    await t.call('POST', '/api/patients', { cookie: therapistCookie, body: { ...NEW_PATIENT, legalLastName: 'Archive' } })
  ).json();
  if (!patient.id || !chart.clinical?.relationships?.[0]?.id || !sdm.id || !factor.id || !toArchive.id)
    throw new Error('fixture could not be built');
  return {
    patientId: patient.id,
    relationshipId: chart.clinical.relationships[0].id,
    sdmId: sdm.id,
    factorId: factor.id,
    archivePatientId: toArchive.id,
  };
}

export const patientsAccess: AccessModule = {
  name: 'patients',
  fixture: buildPatientFixture,
  rules: [
    // Patients: the front desk sees demographics; only the treating therapist sees or changes clinical parts.
    { method: 'GET', url: '/api/patients', allowed: ['owner', 'admin', 'therapist', 'otherClinicOwner'] },
    {
      method: 'POST',
      url: '/api/patients',
      allowed: ['owner', 'admin', 'therapist'],
      body: (c) => ({ ...NEW_PATIENT, therapistUserId: c.members.therapist.id }),
    },
    {
      method: 'GET',
      url: '/api/patients/:patientId',
      allowed: ['owner', 'admin', 'therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}`,
    },
    {
      method: 'PATCH',
      url: '/api/patients/:patientId',
      allowed: ['owner', 'admin', 'therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}`,
      body: () => ({ pronouns: 'she/her' }),
    },
    // Both are idempotent: after the owner archives (or restores), the others' calls change nothing
    // but still pass the access rule, so a leak to any other role fails whatever the state.
    {
      method: 'POST',
      url: '/api/patients/:patientId/archive',
      allowed: ['owner', 'admin', 'therapist'],
      path: (_c, f) => `/api/patients/${f.archivePatientId}/archive`,
      body: () => ({ reason: 'moved_away' }),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/restore',
      allowed: ['owner', 'admin', 'therapist'],
      path: (_c, f) => `/api/patients/${f.archivePatientId}/restore`,
    },
    {
      method: 'GET',
      url: '/api/patients/:patientId/access-report',
      allowed: ['owner', 'therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/access-report`,
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/substitute-decision-makers',
      allowed: ['owner', 'admin', 'therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/substitute-decision-makers`,
      body: () => ({ name: 'Pat Parent', relationship: 'parent' }),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/substitute-decision-makers/:sdmId/remove',
      allowed: ['owner'], // the first allowed caller removes it; later callers find nothing
      path: (_c, f) => `/api/patients/${f.patientId}/substitute-decision-makers/${f.sdmId}/remove`,
    },
    {
      method: 'PATCH',
      url: '/api/patients/:patientId/relationships/:relationshipId',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/relationships/${f.relationshipId}`,
      body: () => ({ patientGoals: 'Garden again without pain' }),
    },
    {
      method: 'PUT',
      url: '/api/patients/:patientId/relationships/:relationshipId/plan',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/relationships/${f.relationshipId}/plan`,
      body: () => ({ areas: ['neck'], techniques: ['myofascial release'], frequency: 'weekly for 6 weeks', reviewDate: '2030-01-15' }),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/vulnerability',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/vulnerability`,
      body: () => ({ kind: 'pain', source: 'patient_reported', notedOn: '2026-01-10', safeguard: 'prefers each step explained' }),
    },
    {
      method: 'GET',
      url: '/api/patients/:patientId/health-history',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/health-history`,
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/intake-links',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/intake-links`,
      body: () => ({ delivery: 'copy' }),
    },
    // The token is the credential: answered on its merits (an unknown token is 410 for everyone).
    { method: 'GET', url: '/api/intake/:token', allowed: [], public: true },
    {
      method: 'POST',
      url: '/api/intake/:token',
      allowed: [],
      public: true,
      body: () => ({ conditions: [], medications: [], allergies: [], contraindications: [] }),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/vulnerability/:factorId/end',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/vulnerability/${f.factorId}/end`,
    },
  ],
};
