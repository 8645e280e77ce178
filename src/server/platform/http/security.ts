import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser sent on behalf of another site. Browsers send
 * Sec-Fetch-Site and Origin on such requests; tools such as curl send neither and are allowed
 * (they carry no ambient cookie unless told to). Bodies must be JSON, which a plain HTML form on
 * another site cannot send.
 */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

export function registerOriginCheck(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method)) return;
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      throw new AppError('CROSS_ORIGIN', 'This request came from another website and was refused.');
    }
    const origin = req.headers.origin;
    if (origin) {
      // req.host honours X-Forwarded-Host only when ATTUNE_TRUST_PROXY is set; URL() drops default ports.
      if (hostOf(origin) !== hostOf(`${req.protocol}://${req.host}`))
        throw new AppError('CROSS_ORIGIN', 'This request came from another website and was refused.');
    }
  });
}

const CSP_DIRECTIVES: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  // Mantine sets style attributes at run time; no inline script is ever allowed.
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

/**
 * The security headers every response carries, computed once. (@fastify/helmet rebuilt them on
 * every request, which cost ~34 µs, half of a simple request; see bench/ and decision 0002.)
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': Object.entries(CSP_DIRECTIVES)
    .map(([k, v]) => `${k} ${v}`)
    .join('; '),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}
