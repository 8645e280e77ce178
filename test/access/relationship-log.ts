import type { AccessModule, Fixture, FixtureContext } from './types.js';

const TODAY = () => new Date().toISOString().slice(0, 10);
const GIFT = () => ({
  givenOn: TODAY(),
  direction: 'from_patient',
  description: 'Homemade jam',
  approxValueCents: 800,
  outcome: 'accepted',
});
const CONTACT = () => ({ contactOn: TODAY(), channel: 'social_media', direction: 'from_patient', initiatedBy: 'patient' });

/** The treating therapist logs two gifts and a contact (so their boundary signals have something to show). */
async function buildRelationshipLogFixture({ t, cookies, fixture }: FixtureContext): Promise<Fixture> {
  const cookie = cookies.therapist as string;
  const at = `/api/patients/${fixture.patientId}`;
  const gift = (await t.call('POST', `${at}/gifts`, { cookie, body: GIFT() })).json();
  await t.call('POST', `${at}/gifts`, { cookie, body: { ...GIFT(), description: 'Flowers' } });
  const contact = (await t.call('POST', `${at}/contacts`, { cookie, body: CONTACT() })).json();
  if (!gift.id || !contact.id) throw new Error('relationship-log fixture could not be built');
  return { giftId: gift.id, contactId: contact.id };
}

/**
 * Gifts and contact outside clinic channels are relationship records (health information): the
 * treating therapist only. The owner and admin (front desk) are refused, as are everyone else.
 */
export const relationshipLogAccess: AccessModule = {
  name: 'relationship-log',
  fixture: buildRelationshipLogFixture,
  rules: [
    {
      method: 'GET',
      url: '/api/patients/:patientId/relationship-log',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/relationship-log`,
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/gifts',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/gifts`,
      body: () => GIFT(),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/contacts',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/contacts`,
      body: () => CONTACT(),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/gifts/:entryId/entered-in-error',
      allowed: ['therapist'], // the first allowed caller marks it; no one else may
      path: (_c, f) => `/api/patients/${f.patientId}/gifts/${f.giftId}/entered-in-error`,
      body: () => ({ reason: 'Logged on the wrong client' }),
    },
    {
      method: 'POST',
      url: '/api/patients/:patientId/contacts/:entryId/entered-in-error',
      allowed: ['therapist'],
      path: (_c, f) => `/api/patients/${f.patientId}/contacts/${f.contactId}/entered-in-error`,
      body: () => ({ reason: 'Logged on the wrong client' }),
    },
  ],
};
