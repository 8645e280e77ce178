import { randomInt } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/platform/config.js';
import type { DatabaseHandle } from '../../src/server/platform/db/index.js';
import type { Mailer } from '../../src/server/platform/mail/index.js';

export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function testClock(start = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (at) => {
      current = at.getTime();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

/** The real app on a test database, driven through Fastify's inject (no socket). */
export async function buildTestApp(
  database: DatabaseHandle,
  opts: { clock?: TestClock; env?: Record<string, string>; mailer?: Mailer } = {},
) {
  const clock = opts.clock ?? testClock();
  const config = loadConfig({ LOG_LEVEL: 'silent', ATTUNE_DATA_DIR: '.test-data', ...opts.env });
  const { app, mailer } = await buildApp({ config, database, now: clock.now, ...(opts.mailer ? { mailer: opts.mailer } : {}) });
  await app.ready();
  // Each test app speaks from its own address, so per-address throttling in one test cannot
  // spill into another test sharing the database.
  const remoteAddress = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

  async function call(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options: { cookie?: string | undefined; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    const hasBody = method !== 'GET' && method !== 'DELETE';
    if (hasBody && !('content-type' in headers)) headers['content-type'] = 'application/json';
    return app.inject({
      method,
      remoteAddress,
      url,
      headers,
      ...(hasBody ? { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body ?? {}) } : {}),
    });
  }

  /** Signs in and returns the cookie header to send with later requests. */
  async function signIn(user: { email: string; password: string }, totp?: string): Promise<string> {
    const res = await call('POST', '/api/auth/login', { body: { email: user.email, password: user.password, ...(totp ? { totp } : {}) } });
    if (res.statusCode !== 200 || res.json().status !== 'signed-in') {
      throw new Error(`sign-in failed for ${user.email}: ${res.statusCode} ${res.body}`);
    }
    return cookieFrom(res);
  }

  return { app, clock, config, mailer, call, signIn, close: () => app.close() };
}

export function cookieFrom(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'attune_session');
  if (!cookie) throw new Error(`no session cookie in response: ${res.statusCode} ${res.body}`);
  return `attune_session=${cookie.value}`;
}
