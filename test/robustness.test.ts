import { expect, it } from 'vitest';
import { verifyAudit } from '../src/server/modules/audit/index.js';
import { ACCESS_MODULES } from './access/index.js';
import type { Fixture, Who } from './access/types.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

/** Values that have broken web applications before: each must get a clear 4xx, never a 5xx. */
const NAUGHTY: unknown[] = [
  null,
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '‮reversed',
  "'; DROP TABLE patients; --",
  '<script>alert(1)</script>',
  '%00%27',
  '../../etc/passwd',
  'x'.repeat(100_000),
  '😀'.repeat(500),
  -1,
  0,
  1e308,
  -0.5,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  [null],
  {},
  { $gt: '' },
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '0000-00-00',
];

/** Every field of a body replaced, one at a time, by every naughty value; plus whole-body shapes. */
function variants(body: unknown): unknown[] {
  const out: unknown[] = [[], 'text', 42, null, { unexpected: true }];
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const key of Object.keys(body)) for (const value of NAUGHTY) out.push({ ...(body as object), [key]: value });
  }
  return out;
}

describeEachDialect('robustness: bad input never breaks the server', ({ db }) => {
  it('answers every route with naughty bodies and ids with a 4xx (or a 2xx it can stand behind), never a 5xx', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookies: Partial<Record<Who, string>> = {};
    for (const role of ['admin', 'therapist', 'locum', 'mentor'] as const) cookies[role] = await t.signIn(clinic.members[role]);
    cookies.owner = await t.signIn(clinic.owner);
    const other = await buildClinic(db());
    cookies.otherClinicOwner = await t.signIn(other.owner);
    const fixture: Fixture = {};
    for (const m of ACCESS_MODULES) if (m.fixture) Object.assign(fixture, await m.fixture({ t, clinic, cookies, fixture }));
    const failures: string[] = [];
    let requests = 0;
    for (const rule of ACCESS_MODULES.flatMap((m) => m.rules)) {
      if (rule.url === '/api/auth/logout' || rule.url === '/api/me/password') continue; // would end the sessions used here
      const who = rule.allowed.find((w) => w !== 'anonymous' && w !== 'otherClinicOwner') ?? 'owner';
      const cookie = cookies[who];
      const base = rule.path ? rule.path(clinic, fixture) : rule.url.replace(':token', 'x'.repeat(43));
      const paramIds = ['%00', 'x'.repeat(5000), "1' OR '1'='1", '..%2F..%2Fetc', other.id];
      const urls = [base, ...paramIds.map((id) => base.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, id))];
      const bodies = rule.method === 'GET' ? [undefined] : variants(rule.body?.(clinic, fixture) ?? {});
      for (const url of new Set(urls)) {
        for (const body of url === base ? bodies : [rule.body?.(clinic, fixture) ?? {}]) {
          const res = await t.call(rule.method, url, { cookie, body: rule.method === 'GET' ? undefined : body });
          requests++;
          if (res.statusCode >= 500)
            failures.push(
              `${who} ${rule.method} ${url.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 160)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(500);
    expect((await verifyAudit(db().db)).ok).toBe(true);
    await t.close();
  }, 300_000);
});
