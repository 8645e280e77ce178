import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'attune_session';

export function readSessionToken(req: FastifyRequest): string | undefined {
  const value = req.cookies[SESSION_COOKIE];
  return value && value.length <= 100 ? value : undefined;
}

/** HttpOnly, SameSite=Lax, and Secure whenever the request arrived over HTTPS. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', path: '/' });
}
