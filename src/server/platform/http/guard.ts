import type { FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.js';
import { readSessionToken } from './session-cookie.js';

export const SIGN_IN_MESSAGE = 'Please sign in to continue. For your privacy, sessions end after a period of inactivity.';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in, a patient's single-use link, the health check). */
    public?: boolean;
  }
}

/** Route options for a route anyone may call: every other /api route needs a session. */
export const PUBLIC_ROUTE = { config: { public: true } } as const;

/**
 * Private unless declared public: an /api route not marked `PUBLIC_ROUTE` answers a request that
 * carries no session cookie with 401 before anything else runs, body validation included, so an
 * anonymous caller learns nothing from it (not even which fields it expects). The handler still
 * checks the session itself; this only makes the refusal come first.
 */
export function requireSessionCookieUnlessPublic(route: RouteOptions) {
  if (!route.url.startsWith('/api/') || route.config?.public) return;
  if (route.url.startsWith('/api/docs') || route.url === '/api/openapi.json') return;
  const existing = route.preValidation;
  const check = async (req: FastifyRequest) => {
    if (!readSessionToken(req)) throw new AppError('UNAUTHENTICATED', SIGN_IN_MESSAGE);
  };
  route.preValidation = existing ? [check, ...[existing].flat()] : check;
}

/**
 * Builds `requireActor(req)` from a resolver the identity modules provide. The actor is resolved
 * at most once per request.
 */
export function makeGuard<A>(resolve: (token: string) => Promise<A | null>) {
  const cache = new WeakMap<FastifyRequest, A>();
  return async function requireActor(req: FastifyRequest): Promise<A> {
    const cached = cache.get(req);
    if (cached) return cached;
    const token = readSessionToken(req);
    const actor = token ? await resolve(token) : null;
    if (!actor) throw new AppError('UNAUTHENTICATED', SIGN_IN_MESSAGE);
    cache.set(req, actor);
    return actor;
  };
}
