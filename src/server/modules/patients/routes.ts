import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ok } from '../../../shared/auth/contract.js';
import {
  ArchivePatientBody,
  CreateIntakeLinkBody,
  CreatePatientBody,
  HealthHistoryAnswers,
  HealthHistoryView,
  IntakeForm,
  IntakeLink,
  PatientArchiveState,
  PatientChart,
  PatientList,
  PatientListQuery,
  PatientSummary,
  RecordAccessReport,
  Sdm,
  SdmInput,
  TreatmentPlan,
  TreatmentPlanInput,
  UpdatePatientBody,
  UpdateRelationshipBody,
  VulnerabilityFactor,
  VulnerabilityInput,
} from '../../../shared/patients/contract.js';
import { ErrorBody } from '../../../shared/platform/contract.js';
import { baseUrlOf, clientIp, ERROR_RESPONSES, PUBLIC_ROUTE } from '../../platform/http/route-kit.js';
import type { HttpApp } from '../../platform/http/server.js';
import type { Actor } from '../clinic/index.js';
import { type ArchiveDeps, archivePatient, restorePatient } from './archive.js';
import {
  addSubstituteDecisionMaker,
  addVulnerabilityFactor,
  endVulnerabilityFactor,
  removeSubstituteDecisionMaker,
  setTreatmentPlan,
  updateRelationship,
} from './care.js';
import { recordAccessReport, viewChart } from './chart.js';
import { createIntakeLink, healthHistoryOf, type IntakeDeps, openIntake, submitIntake } from './intake.js';
import { createPatient, listPatients, updatePatientDemographics } from './patients.js';

const errors = ERROR_RESPONSES;
const Id = z.string().min(1).max(64);
const PatientParams = z.object({ patientId: Id });
const SdmParams = z.object({ patientId: Id, sdmId: Id });
const RelationshipParams = z.object({ patientId: Id, relationshipId: Id });
const FactorParams = z.object({ patientId: Id, factorId: Id });
const ip = clientIp;
const tags = ['patients'];

const TokenParams = z.object({ token: z.string().min(20).max(100) });
const baseUrl = baseUrlOf;

export function registerPatientRoutes(
  app: HttpApp,
  deps: IntakeDeps & ArchiveDeps,
  requireMember: (req: FastifyRequest) => Promise<Actor>,
) {
  app.get('/api/patients', { schema: { tags, querystring: PatientListQuery, response: { 200: PatientList, ...errors } } }, async (req) =>
    listPatients(deps, await requireMember(req), req.query, ip(req)),
  );

  app.post('/api/patients', { schema: { tags, body: CreatePatientBody, response: { 200: PatientSummary, ...errors } } }, async (req) =>
    createPatient(deps, await requireMember(req), req.body, ip(req)),
  );

  app.get(
    '/api/patients/:patientId',
    { schema: { tags, params: PatientParams, response: { 200: PatientChart, ...errors } } },
    async (req) => viewChart(deps, await requireMember(req), req.params.patientId, ip(req)),
  );

  app.patch(
    '/api/patients/:patientId',
    { schema: { tags, params: PatientParams, body: UpdatePatientBody, response: { 200: Ok, ...errors } } },
    async (req) => {
      await updatePatientDemographics(deps, await requireMember(req), req.params.patientId, req.body, ip(req));
      return { ok: true as const };
    },
  );

  // Archiving keeps every record and takes the patient out of lists and booking until restored.
  app.post(
    '/api/patients/:patientId/archive',
    { schema: { tags, params: PatientParams, body: ArchivePatientBody, response: { 200: PatientArchiveState, ...errors } } },
    async (req) => archivePatient(deps, await requireMember(req), req.params.patientId, req.body, ip(req)),
  );
  app.post(
    '/api/patients/:patientId/restore',
    { schema: { tags, params: PatientParams, response: { 200: PatientArchiveState, ...errors } } },
    async (req) => restorePatient(deps, await requireMember(req), req.params.patientId, ip(req)),
  );

  app.get(
    '/api/patients/:patientId/access-report',
    { schema: { tags, params: PatientParams, response: { 200: RecordAccessReport, ...errors } } },
    async (req) => recordAccessReport(deps, await requireMember(req), req.params.patientId, ip(req)),
  );

  app.post(
    '/api/patients/:patientId/substitute-decision-makers',
    { schema: { tags, params: PatientParams, body: SdmInput, response: { 200: Sdm, ...errors } } },
    async (req) => addSubstituteDecisionMaker(deps, await requireMember(req), req.params.patientId, req.body, ip(req)),
  );

  app.post(
    '/api/patients/:patientId/substitute-decision-makers/:sdmId/remove',
    { schema: { tags, params: SdmParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      await removeSubstituteDecisionMaker(deps, await requireMember(req), req.params.patientId, req.params.sdmId, ip(req));
      return { ok: true as const };
    },
  );

  app.patch(
    '/api/patients/:patientId/relationships/:relationshipId',
    { schema: { tags, params: RelationshipParams, body: UpdateRelationshipBody, response: { 200: Ok, ...errors } } },
    async (req) => {
      await updateRelationship(deps, await requireMember(req), req.params.patientId, req.params.relationshipId, req.body, ip(req));
      return { ok: true as const };
    },
  );

  app.put(
    '/api/patients/:patientId/relationships/:relationshipId/plan',
    { schema: { tags, params: RelationshipParams, body: TreatmentPlanInput, response: { 200: TreatmentPlan, ...errors } } },
    async (req) => setTreatmentPlan(deps, await requireMember(req), req.params.patientId, req.params.relationshipId, req.body, ip(req)),
  );

  app.post(
    '/api/patients/:patientId/vulnerability',
    { schema: { tags, params: PatientParams, body: VulnerabilityInput, response: { 200: VulnerabilityFactor, ...errors } } },
    async (req) => addVulnerabilityFactor(deps, await requireMember(req), req.params.patientId, req.body, ip(req)),
  );

  app.post(
    '/api/patients/:patientId/vulnerability/:factorId/end',
    { schema: { tags, params: FactorParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      await endVulnerabilityFactor(deps, await requireMember(req), req.params.patientId, req.params.factorId, ip(req));
      return { ok: true as const };
    },
  );

  // Health history: the therapist sends a link; the patient answers without an account.
  app.get(
    '/api/patients/:patientId/health-history',
    { schema: { tags, params: PatientParams, response: { 200: HealthHistoryView, ...errors } } },
    async (req) => healthHistoryOf(deps, await requireMember(req), req.params.patientId, ip(req)),
  );
  app.post(
    '/api/patients/:patientId/intake-links',
    { schema: { tags, params: PatientParams, body: CreateIntakeLinkBody, response: { 200: IntakeLink, ...errors } } },
    async (req) => createIntakeLink(deps, await requireMember(req), req.params.patientId, req.body.delivery, baseUrl(req), ip(req)),
  );
  app.get(
    '/api/intake/:token',
    { ...PUBLIC_ROUTE, schema: { tags, params: TokenParams, response: { 200: IntakeForm, ...errors, 410: ErrorBody } } },
    async (req) => openIntake(deps, req.params.token),
  );
  app.post(
    '/api/intake/:token',
    {
      ...PUBLIC_ROUTE,
      schema: { tags, params: TokenParams, body: HealthHistoryAnswers, response: { 200: Ok, ...errors, 410: ErrorBody } },
    },
    async (req) => {
      await submitIntake(deps, req.params.token, req.body, ip(req));
      return { ok: true as const };
    },
  );
}
