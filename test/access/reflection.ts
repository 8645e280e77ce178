import type { AccessModule } from './types.js';

const WHO_TREATS = ['owner', 'therapist', 'locum', 'otherClinicOwner'] as const;

/**
 * The therapist's private room. Routes take no user id, so "allowed" means "may keep their own";
 * the privacy test (test/reflection.test.ts) checks that no one ever sees another's.
 */
export const reflectionAccess: AccessModule = {
  name: 'reflection',
  rules: [
    {
      method: 'POST',
      url: '/api/reflection/check-ins',
      allowed: [...WHO_TREATS],
      body: () => ({ presence: 7, attention: 6, pulls: ['tired'] }),
    },
    { method: 'GET', url: '/api/reflection/check-ins', allowed: [...WHO_TREATS] },
    { method: 'GET', url: '/api/reflection/signals', allowed: [...WHO_TREATS] },
    // The journal is each member's own; before set-up there is nothing to add to, edit or delete.
    { method: 'GET', url: '/api/reflection/journal/key', allowed: [...WHO_TREATS, 'admin'] },
    { method: 'GET', url: '/api/reflection/journal/identifiers', allowed: [...WHO_TREATS, 'admin'] }, // their own patients only (none for an admin)
    { method: 'GET', url: '/api/reflection/journal/entries', allowed: [...WHO_TREATS, 'admin'] },
    {
      method: 'POST',
      url: '/api/reflection/journal/entries',
      allowed: [],
      body: () => ({ kind: 'free', iv: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAA' }),
    },
    {
      method: 'PUT',
      url: '/api/reflection/journal/key',
      allowed: [...WHO_TREATS, 'admin'], // each sets up their own journal
      body: () => ({
        kdf: 'PBKDF2-SHA256',
        iterations: 310000,
        salt: 'AA==',
        wrappedKey: 'AA==',
        wrappedKeyIv: 'AA==',
        recoveryWrappedKey: 'AA==',
        recoveryWrappedKeyIv: 'AA==',
      }),
    },
    // After the rule above each of them has a journal, so each may change their own passphrase and keep a learning plan.
    {
      method: 'PUT',
      url: '/api/reflection/journal/key/passphrase',
      allowed: [...WHO_TREATS, 'admin'],
      body: () => ({ iterations: 310000, salt: 'AA==', wrappedKey: 'AA==', wrappedKeyIv: 'AA==', previousWrappedKey: 'AA==' }),
    },
    { method: 'GET', url: '/api/reflection/learning-plan', allowed: [...WHO_TREATS, 'admin'] },
    {
      method: 'PUT',
      url: '/api/reflection/learning-plan',
      allowed: [...WHO_TREATS, 'admin'],
      body: () => ({ iv: 'AAAAAAAAAAAAAAAA', ciphertext: 'AAAA', basedOn: null }), // each creates their first plan
    },
    {
      method: 'PUT',
      url: '/api/reflection/journal/entries/:entryId',
      allowed: [],
      path: () => '/api/reflection/journal/entries/none',
      body: () => ({ kind: 'free', iv: 'AAAA', ciphertext: 'AAAA', basedOn: '2026-01-01T00:00:00.000Z' }),
    },
    {
      method: 'POST',
      url: '/api/reflection/journal/entries/:entryId/delete',
      allowed: [],
      path: () => '/api/reflection/journal/entries/none/delete',
    },
    { method: 'GET', url: '/api/reflection/needs/questionnaire', allowed: [...WHO_TREATS, 'admin'] }, // the wording is not private (the mentor was removed above)
    { method: 'GET', url: '/api/reflection/needs/assessments', allowed: [...WHO_TREATS] },
    {
      method: 'POST',
      url: '/api/reflection/needs/assessments',
      allowed: [...WHO_TREATS],
      body: () => ({ answers: { 'caretaking.1': 2 } }),
    },
    { method: 'PUT', url: '/api/reflection/needs/settings', allowed: [...WHO_TREATS], body: () => ({ cadence: 'monthly' }) },
    { method: 'GET', url: '/api/reflection/self-care-plan', allowed: [...WHO_TREATS] },
    {
      method: 'PUT',
      url: '/api/reflection/self-care-plan',
      allowed: [...WHO_TREATS],
      body: () => ({ caretaking: 'Sunday calls with my sister', basedOn: null }), // each saves their first plan
    },
    // Nothing to dismiss in a fresh clinic: everyone is refused, on role (403) or on merit (404).
    { method: 'POST', url: '/api/reflection/signals/dismiss', allowed: [], body: () => ({ key: 'running_over:nobody' }) },
    // The relationship-log fixture gave the therapist a gift signal to mark as reflected on; no one else has it.
    {
      method: 'POST',
      url: '/api/reflection/signals/reflected',
      allowed: ['therapist'],
      body: (_c, f) => ({ key: `repeated_gifts:${f.patientId}` }),
    },
    { method: 'GET', url: '/api/reflection/signal-settings', allowed: [...WHO_TREATS] },
    {
      method: 'PUT',
      url: '/api/reflection/signal-settings',
      allowed: [...WHO_TREATS],
      body: () => ({ overrunMinutes: 10, window: 6, overrunCount: 4, outsideHoursCount: 3, visitsIn30Days: 8, basedOn: null }),
    },
    {
      // Only one's own check-ins, for a patient id given: the same for every patient, known or not.
      method: 'GET',
      url: '/api/reflection/presence/:patientId',
      allowed: [...WHO_TREATS],
      path: (_c, f) => `/api/reflection/presence/${f.patientId}`,
    },
    {
      method: 'GET',
      url: '/api/reflection/check-ins/trend',
      allowed: [...WHO_TREATS],
      path: () => '/api/reflection/check-ins/trend?from=2026-01-01&to=2026-12-31&by=weekday',
    },
  ],
};
