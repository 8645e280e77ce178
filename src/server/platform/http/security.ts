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

export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // Mantine sets style attributes at run time; no inline script is ever allowed.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};
