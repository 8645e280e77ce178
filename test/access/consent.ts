import type { AccessModule, Fixture, FixtureContext } from './types.js';

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

async function buildConsentFixture({ t, cookies, fixture }: FixtureContext): Promise<Fixture> {
  const res = await t.call('POST', `/api/patients/${fixture.patientId}/consents`, {
    cookie: cookies.therapist,
    body: { type: 'feedback', givenBy: { kind: 'patient' }, method: 'verbal', attested: true },
  });
  const id = res.json().id;
  if (!id) throw new Error(`consent fixture: ${res.body}`);
  return { consentId: id };
}

/** Consent records are clinical: only the treating therapist reads or records them. */
export const consentAccess: AccessModule = {
  name: 'consent',
  fixture: buildConsentFixture,
  rules: [
    {
      method: 'GET',
      url: '/api/patients/:patientId/consents',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/consents`,
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/consents',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/consents`,
      body: () => ({ type: 'treatment', givenBy: { kind: 'patient' }, method: 'written', signature: SIGNATURE }),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/consents/:consentId/withdraw',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/consents/${f.consentId}/withdraw`,
      body: () => ({ reason: 'Prefers not to answer questionnaires' }),
    },
    {
      method: 'GET',
      url: '/api/patients/:patientId/consent-status',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/consent-status`,
    },
  ],
};
