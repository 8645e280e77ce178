import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ok } from '../../../shared/auth/contract.js';
import { Contact, ContactInput, EnteredInErrorBody, Gift, GiftInput, RelationshipLog } from '../../../shared/patients/relationship-log.js';
import { ERROR_RESPONSES as errors, clientIp as ip } from '../../platform/http/route-kit.js';
import type { HttpApp } from '../../platform/http/server.js';
import type { Actor } from '../clinic/index.js';
import type { PatientsDeps } from './deps.js';
import { logContact, logGift, markLogEntryInError, relationshipLog } from './relationship-log.js';

const Id = z.string().min(1).max(64);
const PatientParams = z.object({ patientId: Id });
const EntryParams = z.object({ patientId: Id, entryId: Id });
const tags = ['patients'];

/** The relationship log (gifts, contact outside clinic channels): the treating therapist only. */
export function registerRelationshipLogRoutes(app: HttpApp, deps: PatientsDeps, requireMember: (req: FastifyRequest) => Promise<Actor>) {
  app.get(
    '/api/patients/:patientId/relationship-log',
    { schema: { tags, params: PatientParams, response: { 200: RelationshipLog, ...errors } } },
    async (req) => relationshipLog(deps, await requireMember(req), req.params.patientId, ip(req)),
  );
  app.post(
    '/api/patients/:patientId/gifts',
    { schema: { tags, params: PatientParams, body: GiftInput, response: { 200: Gift, ...errors } } },
    async (req) => logGift(deps, await requireMember(req), req.params.patientId, req.body, ip(req)),
  );
  app.post(
    '/api/patients/:patientId/contacts',
    { schema: { tags, params: PatientParams, body: ContactInput, response: { 200: Contact, ...errors } } },
    async (req) => logContact(deps, await requireMember(req), req.params.patientId, req.body, ip(req)),
  );
  for (const kind of ['gift', 'contact'] as const) {
    app.post(
      `/api/patients/:patientId/${kind}s/:entryId/entered-in-error`,
      { schema: { tags, params: EntryParams, body: EnteredInErrorBody, response: { 200: Ok, ...errors } } },
      async (req) => {
        await markLogEntryInError(deps, await requireMember(req), req.params.patientId, kind, req.params.entryId, req.body.reason, ip(req));
        return { ok: true as const };
      },
    );
  }
}
