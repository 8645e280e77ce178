import { Writable } from 'node:stream';
import pino from 'pino';
import { expect, it } from 'vitest';
import { loggerOptions } from '../src/server/platform/logger.js';
import { describeEachDialect } from './support/db.js';
import { buildClinic } from './support/factories.js';
import { buildTestApp } from './support/http.js';

describeEachDialect('web security', ({ db }) => {
  it('sends security headers, including a strict CSP and nosniff, on API and page responses', async () => {
    const t = await buildTestApp(db());
    for (const url of ['/api/health', '/api/me', '/', '/settings/security', '/api/nowhere']) {
      const res = await t.call('GET', url);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options'], url).toBeDefined();
    }
    await t.close();
  });

  it('refuses state-changing requests from another site with 403, and changes nothing', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.owner);
    const attempts: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of attempts) {
      const res = await t.call('PATCH', '/api/clinic/settings', { cookie, body: { name: 'Hijacked' }, headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error).toBe('CROSS_ORIGIN');
    }
    const settings = await t.call('GET', '/api/clinic/settings', { cookie });
    expect(settings.json().name).toBe(clinic.name);
    // The same request from our own pages goes through.
    const own = await t.call('PATCH', '/api/clinic/settings', {
      cookie,
      body: { name: 'Renamed' },
      headers: { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' },
    });
    expect(own.statusCode).toBe(200);
    await t.close();
  });

  it('serves the OpenAPI document generated from the contracts, and readable docs', async () => {
    const t = await buildTestApp(db());
    const spec = (await t.call('GET', '/api/openapi.json')).json();
    expect(spec.openapi).toBe('3.0.3');
    const login = spec.paths['/api/auth/login'].post;
    expect(Object.keys(login.requestBody.content['application/json'].schema.properties)).toEqual(['email', 'password', 'totp']);
    expect(spec.paths['/api/health'].get).toBeDefined();
    const docs = await t.call('GET', '/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    await t.close();
  });

  it('refuses text with a NUL character on both databases, naming the field', async () => {
    const t = await buildTestApp(db());
    const clinic = await buildClinic(db());
    const cookie = await t.signIn(clinic.owner);
    const res = await t.call('PATCH', '/api/clinic/settings', { cookie, body: { name: 'Calm\u0000Hands' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('name');
    expect((await t.call('GET', '/api/clinic/members/%00', { cookie })).statusCode).toBeLessThan(500);
    expect((await t.call('GET', '/api/clinic/settings', { cookie })).json().name).toBe(clinic.name);
    await t.close();
  });

  it('answers unknown API routes with JSON 404', async () => {
    const t = await buildTestApp(db());
    const res = await t.call('GET', '/api/does-not-exist');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('NOT_FOUND');
    await t.close();
  });
});

it('keeps passwords, codes, tokens and cookies out of the logs', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = pino(loggerOptions('info'), sink);
  log.info({ password: 'Secret-Password-1', body: { password: 'Secret-Password-2', totp: '123456' } }, 'login');
  log.info({ req: { method: 'GET', url: '/api/invitations/abcdefghijklmnopqrstuvwxyz0123456789', id: '1' } }, 'request');
  log.info({ user: { token: 'tok-secret', newPassword: 'Secret-Password-3' } }, 'nested');
  const out = lines.join('');
  expect(out).not.toContain('Secret-Password');
  expect(out).not.toContain('123456');
  expect(out).not.toContain('tok-secret');
  expect(out).not.toContain('abcdefghijklmnop');
  expect(out).toContain('[redacted]');
});
