import { expect, it } from 'vitest';
import { routesOf } from '../src/server/platform/http/server.js';
import type { Role } from '../src/shared/auth/contract.js';
import { describeEachDialect } from './support/db.js';
import { type BuiltClinic, buildClinic } from './support/factories.js';
import { buildTestApp, type TestApp } from './support/http.js';

type Who = Role | 'anonymous' | 'otherClinicOwner';
const EVERY: Who[] = ['owner', 'admin', 'therapist', 'locum', 'mentor', 'otherClinicOwner', 'anonymous'];
const MEMBERS: Who[] = ['owner', 'admin', 'therapist', 'locum', 'mentor', 'otherClinicOwner'];

/** Records of the clinic under test that routes act on (a patient of the therapist, and its parts). */
interface Fixture {
  patientId: string;
  relationshipId: string;
  sdmId: string;
  factorId: string;
}

interface Rule {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  /** Who gets a 2xx. Everyone else must get 401 (anonymous), 403 (wrong role) or 404 (not theirs). */
  allowed: Who[];
  body?: (c: BuiltClinic, f: Fixture) => unknown;
  path?: (c: BuiltClinic, f: Fixture) => string;
  /** Routes that anyone may call, answered on their merits (not by role). */
  public?: true;
}

/**
 * Every API route, who may use it, and a body that would succeed for an allowed caller. A route
 * missing from this table fails the test, so new routes cannot skip the access review.
 */
const RULES: Rule[] = [
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
  { method: 'POST', url: '/api/me/clinic', allowed: ['owner', 'admin', 'therapist', 'locum', 'mentor'], body: (c) => ({ clinicId: c.id }) },
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
    method: 'POST',
    url: '/api/patients/:patientId/vulnerability/:factorId/end',
    allowed: ['therapist'],
    path: (_c, f) => `/api/patients/${f.patientId}/vulnerability/${f.factorId}/end`,
  },
  // Last: it ends the sessions the rows above use.
  { method: 'POST', url: '/api/auth/logout', allowed: EVERY, public: true },
];

const NEW_PATIENT = { legalFirstName: 'Robin', legalLastName: 'Access', dateOfBirth: '1980-04-02', phone: '416-555-0199' };

/** The therapist registers a patient with an SDM and a vulnerability factor, through the API. */
async function buildFixture(t: TestApp, therapistCookie: string): Promise<Fixture> {
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
  if (!patient.id || !chart.clinical?.relationships?.[0]?.id || !sdm.id || !factor.id) throw new Error('fixture could not be built');
  return { patientId: patient.id, relationshipId: chart.clinical.relationships[0].id, sdmId: sdm.id, factorId: factor.id };
}

describeEachDialect('access control: every route × every role', ({ db }) => {
  it('has a rule for every API route the app registers', async () => {
    const t = await buildTestApp(db());
    const registered = routesOf(t.app)
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(registered).toEqual(RULES.map((r) => `${r.method} ${r.url}`).sort());
    await t.close();
  });

  it('grants each route to exactly the roles its rule names and refuses everyone else', async () => {
    const t: TestApp = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const other = await buildClinic(db());
    const cookies: Partial<Record<Who, string>> = {};
    for (const role of ['admin', 'therapist', 'locum', 'mentor'] as const) cookies[role] = await t.signIn(clinic.members[role]);
    cookies.owner = await t.signIn(clinic.owner);
    cookies.otherClinicOwner = await t.signIn(other.owner);
    const fixture = await buildFixture(t, cookies.therapist as string);
    const failures: string[] = [];
    for (const rule of RULES) {
      for (const who of EVERY) {
        const url = rule.path ? rule.path(clinic, fixture) : rule.url.replace(':token', 'x'.repeat(43));
        const res = await t.call(rule.method, url, { cookie: cookies[who], body: rule.body?.(clinic, fixture) ?? {} });
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        const should = rule.allowed.includes(who);
        if (should && !ok) failures.push(`${who} ${rule.method} ${url}: expected 2xx, got ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (!should && ok) failures.push(`${who} ${rule.method} ${url}: expected refusal, got ${res.statusCode}`);
        if (!rule.public && who === 'anonymous' && res.statusCode !== 401)
          failures.push(`anonymous ${rule.method} ${url}: expected 401, got ${res.statusCode}`);
        if (res.statusCode >= 500) failures.push(`${who} ${rule.method} ${url}: server error ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    await t.close();
  });

  it("never shows one clinic's people, invitations or settings to another clinic", async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const other = await buildClinic(db());
    const owner = await t.signIn(clinic.owner);
    await t.call('POST', '/api/clinic/invitations', { cookie: owner, body: { email: 'secret-invitee@example.test', role: 'therapist' } });
    const outsider = await t.signIn(other.owner);
    const members = JSON.stringify((await t.call('GET', '/api/clinic/members', { cookie: outsider })).json());
    const invitations = JSON.stringify((await t.call('GET', '/api/clinic/invitations', { cookie: outsider })).json());
    const settings = (await t.call('GET', '/api/clinic/settings', { cookie: outsider })).json();
    expect(members).not.toContain(clinic.owner.email);
    expect(members).not.toContain(clinic.members.therapist.email);
    expect(invitations).not.toContain('secret-invitee');
    expect(settings.name).toBe(other.name);
    // Acting on another clinic's member by id finds nothing.
    const cross = await t.call('PATCH', `/api/clinic/members/${clinic.members.therapist.id}`, {
      cookie: outsider,
      body: { role: 'admin' },
    });
    expect(cross.statusCode).toBe(404);
    const removeCross = await t.call('POST', `/api/clinic/members/${clinic.members.therapist.id}/remove`, { cookie: outsider });
    expect(removeCross.statusCode).toBe(404);
    await t.close();
  });
});
