import { expect, it } from 'vitest';
import { routesOf } from '../src/server/platform/http/server.js';
import { ACCESS_MODULES } from './access/index.js';
import { EVERY, type Fixture, type Who } from './access/types.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp, type TestApp } from './support/http.js';

describeEachDialect('access control: every route × every role', ({ db }) => {
  it('has a rule for every API route the app registers', async () => {
    const t = await buildTestApp(db());
    const rules = ACCESS_MODULES.flatMap((m) => m.rules);
    const registered = routesOf(t.app)
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json')
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    // A route may have several rules (the same call in different states); each route needs one.
    expect(registered).toEqual([...new Set(rules.map((r) => `${r.method} ${r.url}`))].sort());
    // What the server lets anyone call is exactly what the rules call public.
    const declaredPublic = routesOf(t.app)
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(declaredPublic).toEqual([...new Set(rules.filter((r) => r.public).map((r) => `${r.method} ${r.url}`))].sort());
    await t.close();
  });

  it('refuses an anonymous caller of every private route with 401 before looking at what was sent', async () => {
    const t = await buildTestApp(db());
    const privateRoutes = routesOf(t.app).filter(
      (r) => r.url.startsWith('/api/') && !r.public && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json',
    );
    expect(privateRoutes.length).toBeGreaterThan(50);
    const answers = new Map<string, number>();
    for (const r of privateRoutes) {
      const url = r.url.replace(/:[A-Za-z]+/g, 'not-an-id');
      const method = r.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
      const res = await t.call(method, url, method === 'GET' ? {} : { body: { unexpected: 'x'.repeat(10) } });
      answers.set(`${r.method} ${r.url}`, res.statusCode);
    }
    expect([...answers].filter(([, status]) => status !== 401)).toEqual([]);
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
    const fixture: Fixture = {};
    for (const m of ACCESS_MODULES) if (m.fixture) Object.assign(fixture, await m.fixture({ t, clinic, cookies, fixture }));
    const failures: string[] = [];
    for (const rule of ACCESS_MODULES.flatMap((m) => m.rules)) {
      for (const who of EVERY) {
        const url = rule.path ? rule.path(clinic, fixture) : rule.url.replace(':token', 'x'.repeat(43));
        const res = await t.call(rule.method, url, { cookie: cookies[who], body: rule.body?.(clinic, fixture) ?? {} });
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        const should = rule.allowed.includes(who);
        if (should && !ok) failures.push(`${who} ${rule.method} ${url}: expected 2xx, got ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (!should && ok) failures.push(`${who} ${rule.method} ${url}: expected refusal, got ${res.statusCode}`);
        if (!rule.public && who === 'anonymous' && res.statusCode !== 401)
          failures.push(`anonymous ${rule.method} ${url}: expected 401, got ${res.statusCode} ${res.body.slice(0, 160)}`);
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
