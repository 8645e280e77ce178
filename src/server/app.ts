import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { Health } from '../shared/platform/contract.js';
import { registerClinicRoutes } from './modules/clinic/index.js';
import { registerConsentRoutes } from './modules/consent/index.js';
import { openAlertsCheck, registerFeedbackRoutes, startFeedbackJobs } from './modules/feedback/index.js';
import { registerPatientRoutes, registerRelationshipLogRoutes } from './modules/patients/index.js';
import { registerRecordsRoutes } from './modules/records/index.js';
import { registerReflectionRoutes } from './modules/reflection/index.js';
import { registerSchedulingRoutes, upcomingAppointmentsCheck } from './modules/scheduling/index.js';
import type { Config } from './platform/config.js';
import type { DatabaseHandle } from './platform/db/index.js';
import { PUBLIC_ROUTE } from './platform/http/route-kit.js';
import { createHttpServer, registerPlatform, registerWebApp } from './platform/http/server.js';
import { createMailer, type Mailer } from './platform/mail/index.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export interface BuildOptions {
  config: Config;
  database: DatabaseHandle;
  now?: () => Date;
  mailer?: Mailer;
}

/** Mounts every module's routes on one Fastify instance. Listening is the caller's business. */
export async function buildApp({ config, database, now = () => new Date(), mailer }: BuildOptions) {
  const app = createHttpServer({ logLevel: config.logLevel, trustProxy: config.trustProxy, version: config.version });
  const mail =
    mailer ??
    createMailer({
      db: database.db,
      dialect: database.dialect,
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      logger: app.log as Logger,
    });
  await registerPlatform(app, config.version);

  app.get('/api/health', { ...PUBLIC_ROUTE, schema: { tags: ['platform'], response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    database: database.dialect,
    version: config.version,
  }));

  const deps = { db: database.db, dialect: database.dialect, now, session: config.session, publicUrl: config.publicUrl, mailer: mail };
  const { requireMember } = registerClinicRoutes(app, deps);
  // Archiving a patient asks the calendar and the feedback alerts first (patients rank below both, so
  // the checks are handed in).
  registerPatientRoutes(app, { ...deps, archiveChecks: [upcomingAppointmentsCheck, openAlertsCheck] }, requireMember);
  registerRelationshipLogRoutes(app, deps, requireMember);
  registerConsentRoutes(app, deps, requireMember);
  registerSchedulingRoutes(app, deps, requireMember);
  registerRecordsRoutes(app, deps, requireMember);
  registerFeedbackRoutes(app, deps, requireMember);
  registerReflectionRoutes(app, deps, requireMember);

  await registerWebApp(app, WEB_DIST);
  const feedbackJobs = startFeedbackJobs(deps, app.log);
  app.addHook('onClose', async () => {
    feedbackJobs.stop();
    mail.stop();
  });
  return { app, mailer: mail };
}
