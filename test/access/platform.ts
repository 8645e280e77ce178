import type { AccessModule } from './types.js';
import { EVERY, MEMBERS } from './types.js';

/** Setup, sign-in, the account and the clinic's own administration. */
export const platformAccess: AccessModule = {
  name: 'platform',
  rules: [
    { method: 'GET', url: '/api/health', allowed: EVERY, public: true },
    { method: 'GET', url: '/api/setup', allowed: EVERY, public: true },
    { method: 'POST', url: '/api/setup', allowed: [], public: true }, // always 409 once set up
    { method: 'POST', url: '/api/auth/login', allowed: [], public: true }, // by credentials only
    { method: 'GET', url: '/api/invitations/:token', allowed: [], public: true }, // by token only
    { method: 'POST', url: '/api/invitations/:token/accept', allowed: [], public: true },
    { method: 'GET', url: '/api/me', allowed: MEMBERS },
    { method: 'PATCH', url: '/api/me', allowed: MEMBERS, body: () => ({ locale: 'en' }) },
    {
      method: 'POST',
      url: '/api/me/password',
      allowed: [],
      body: () => ({ currentPassword: 'wrong-wrong-wrong', newPassword: 'Amber-Field-Sparrow-31' }),
    },
    {
      method: 'POST',
      url: '/api/me/clinic',
      allowed: ['owner', 'admin', 'therapist', 'locum', 'mentor'],
      body: (c) => ({ clinicId: c.id }),
    },
    { method: 'POST', url: '/api/me/totp/enrol', allowed: MEMBERS },
    { method: 'POST', url: '/api/me/totp/confirm', allowed: [], body: () => ({ code: '000000' }) },
    { method: 'POST', url: '/api/me/totp/disable', allowed: [], body: () => ({ password: 'wrong-wrong-wrong' }) },
    { method: 'GET', url: '/api/clinic/settings', allowed: ['owner', 'admin', 'otherClinicOwner'] },
    { method: 'PATCH', url: '/api/clinic/settings', allowed: ['owner', 'otherClinicOwner'], body: () => ({ name: 'Renamed clinic' }) },
    { method: 'GET', url: '/api/clinic/members', allowed: ['owner', 'admin', 'otherClinicOwner'] },
    {
      method: 'PATCH',
      url: '/api/clinic/members/:userId',
      allowed: ['owner'],
      path: (c) => `/api/clinic/members/${c.members.mentor.id}`,
      body: () => ({ role: 'mentor' }),
    },
    {
      method: 'POST',
      url: '/api/clinic/members/:userId/remove',
      allowed: ['owner'],
      path: (c) => `/api/clinic/members/${c.members.mentor.id}/remove`,
    },
    { method: 'GET', url: '/api/clinic/invitations', allowed: ['owner', 'admin', 'otherClinicOwner'] },
    {
      method: 'POST',
      url: '/api/clinic/invitations',
      allowed: ['owner', 'admin', 'otherClinicOwner'],
      body: () => ({ email: `p${Math.random()}@example.test`.replace('0.', ''), role: 'therapist' }),
    },
    {
      method: 'POST',
      url: '/api/clinic/invitations/:id/revoke',
      allowed: [],
      path: () => '/api/clinic/invitations/00000000-0000-0000-0000-000000000000/revoke',
    },
    { method: 'GET', url: '/api/clinic/security/failed-sign-ins', allowed: ['owner', 'otherClinicOwner'] },
  ],
};

/**
 * Last of all: handing the device over locks every session the other rules use (after it, even
 * the wrong password cannot take it back), and signing out ends them.
 */
export const logoutAccess: AccessModule = {
  name: 'logout',
  rules: [
    // Not locked yet: nothing to unlock, so no password is checked.
    { method: 'POST', url: '/api/auth/device/unlock', allowed: MEMBERS, body: () => ({ password: 'wrong-wrong-wrong' }) },
    { method: 'POST', url: '/api/auth/device/lock', allowed: MEMBERS },
    { method: 'POST', url: '/api/auth/device/unlock', allowed: [], body: () => ({ password: 'wrong-wrong-wrong' }) },
    { method: 'POST', url: '/api/auth/logout', allowed: EVERY, public: true },
  ],
};
