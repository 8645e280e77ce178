import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { readSessionToken } from './session-cookie.js';

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
    if (!actor)
      throw new AppError('UNAUTHENTICATED', 'Please sign in to continue. For your privacy, sessions end after a period of inactivity.');
    cache.set(req, actor);
    return actor;
  };
}
