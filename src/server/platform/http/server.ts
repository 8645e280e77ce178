import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { loggerOptions } from '../logger.js';
import { handleError } from './errors.js';
import { requireSessionCookieUnlessPublic } from './guard.js';
import { registerInputGuards } from './input.js';
import { registerOriginCheck, registerSecurityHeaders } from './security.js';
import { registerSendTogether } from './send-together.js';
import { createSerializerCompiler } from './serializer.js';

export type HttpApp = ReturnType<typeof createHttpServer>;

/** 1 MB: generous for any form in Attune, small enough that nothing can flood memory. */
export const BODY_LIMIT = 1024 * 1024;

const routeTables = new WeakMap<object, { method: string; url: string; public: boolean }[]>();

/** Every route the app registered (the access test checks that each one has a rule). */
export function routesOf(app: object): { method: string; url: string; public: boolean }[] {
  return routeTables.get(app) ?? [];
}

export function createHttpServer(opts: { logLevel: string; trustProxy: boolean; version: string }) {
  const app = Fastify({
    logger: loggerOptions(opts.logLevel),
    trustProxy: opts.trustProxy,
    bodyLimit: BODY_LIMIT,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createSerializerCompiler());
  app.setErrorHandler(handleError);
  registerSendTogether(app);
  const routes: { method: string; url: string; public: boolean }[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routes.push({ method, url: route.url, public: route.config?.public === true });
    requireSessionCookieUnlessPublic(route);
  });
  return app;
}

/** Security headers, cookies, the cross-origin check and the OpenAPI document: before any route. */
export async function registerPlatform(app: FastifyInstance, version: string) {
  registerSecurityHeaders(app);
  await app.register(cookie);
  registerOriginCheck(app);
  registerInputGuards(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Attune API', version, description: 'Practice software for registered massage therapists.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'attune_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** Serves the built web app, with the SPA's index.html for every non-API page. */
export async function registerWebApp(app: FastifyInstance, webDist: string) {
  const index = path.join(webDist, 'index.html');
  const built = fs.existsSync(index);
  if (built) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return reply.status(404).send({ error: 'NOT_FOUND', message: 'There is nothing at this address.' });
    }
    if (!built) {
      return reply.status(503).type('text/plain').send('The web app is not built. Run `npm run build:web` (npm start does this).');
    }
    return reply.type('text/html').header('cache-control', 'no-cache').send(fs.createReadStream(index));
  });
}
