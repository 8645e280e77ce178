import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ok } from '../../../shared/auth/contract.js';
import {
  Consent,
  ConsentList,
  ConsentStatus,
  ConsentStatusQuery,
  RecordConsentBody,
  WithdrawConsentBody,
} from '../../../shared/consent/contract.js';
import { clientIp, ERROR_RESPONSES } from '../../platform/http/route-kit.js';
import type { HttpApp } from '../../platform/http/server.js';
import type { Actor } from '../clinic/index.js';
import { type ConsentDeps, consentStatus, listConsents, recordConsent, withdrawConsent } from './consents.js';

const errors = ERROR_RESPONSES;
const Id = z.string().min(1).max(64);
const PatientParams = z.object({ patientId: Id });
const ConsentParams = z.object({ patientId: Id, consentId: Id });
const ip = clientIp;
const tags = ['consent'];

export function registerConsentRoutes(app: HttpApp, deps: ConsentDeps, requireMember: (req: FastifyRequest) => Promise<Actor>) {
  app.get(
    '/api/patients/:patientId/consents',
    { schema: { tags, params: PatientParams, response: { 200: ConsentList, ...errors } } },
    async (req) => ({
      consents: await listConsents(deps, await requireMember(req), req.params.patientId, ip(req)),
    }),
  );

  app.post(
    '/api/patients/:patientId/consents',
    { schema: { tags, params: PatientParams, body: RecordConsentBody, response: { 200: Consent, ...errors } } },
    async (req) => recordConsent(deps, await requireMember(req), req.params.patientId, req.body, ip(req)),
  );

  app.post(
    '/api/patients/:patientId/consents/:consentId/withdraw',
    { schema: { tags, params: ConsentParams, body: WithdrawConsentBody, response: { 200: Ok, ...errors } } },
    async (req) => {
      await withdrawConsent(deps, await requireMember(req), req.params.patientId, req.params.consentId, req.body.reason, ip(req));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/patients/:patientId/consent-status',
    { schema: { tags, params: PatientParams, querystring: ConsentStatusQuery, response: { 200: ConsentStatus, ...errors } } },
    async (req) => consentStatus(deps, await requireMember(req), req.params.patientId, req.query.appointmentId),
  );
}
