import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ok } from '../../../shared/auth/contract.js';
import {
  CreateFeedbackRequestBody,
  FeedbackAnswersBody,
  FeedbackCounts,
  FeedbackForm,
  FeedbackRequestCreated,
  FeedbackSettings,
  FeedbackSettingsBody,
  FeedbackSummary,
  FeedbackThanks,
  FeedbackTrajectory,
  LoadQuestionnaireBody,
  MyOpenAlerts,
  QuestionnaireList,
  QuestionnaireSummary,
  ResolveAlertBody,
} from '../../../shared/feedback/contract.js';
import { ErrorBody } from '../../../shared/platform/contract.js';
import { baseUrlOf, clientIp, ERROR_RESPONSES, PUBLIC_ROUTE } from '../../platform/http/route-kit.js';
import type { HttpApp } from '../../platform/http/server.js';
import type { Actor } from '../clinic/index.js';
import { openFeedback, submitFeedback } from './answer.js';
import type { FeedbackDeps } from './deps.js';
import { changeFeedbackSettings, feedbackSettings, listQuestionnaires, loadQuestionnaire } from './instruments.js';
import { createFeedbackRequest } from './requests.js';
import { feedbackCounts, feedbackTrajectory, myOpenAlerts, resolveAlert, therapistSummary } from './trajectory.js';

const errors = ERROR_RESPONSES;
const tags = ['feedback'];
const Id = z.string().min(1).max(64);
const PatientParams = z.object({ patientId: Id });
const AlertParams = z.object({ alertId: Id });
const TokenParams = z.object({ token: z.string().min(20, 'This link is not complete.').max(100, 'This link is not valid.') });

export function registerFeedbackRoutes(app: HttpApp, deps: FeedbackDeps, requireMember: (req: FastifyRequest) => Promise<Actor>) {
  // The clinic's instruments and settings (owner).
  app.get('/api/feedback/questionnaires', { schema: { tags, response: { 200: QuestionnaireList, ...errors } } }, async (req) =>
    listQuestionnaires(deps, await requireMember(req)),
  );
  app.post(
    '/api/feedback/questionnaires',
    { schema: { tags, body: LoadQuestionnaireBody, response: { 200: QuestionnaireSummary, ...errors } }, bodyLimit: 512 * 1024 },
    async (req) => loadQuestionnaire(deps, await requireMember(req), req.body.resource, clientIp(req)),
  );
  app.get('/api/feedback/settings', { schema: { tags, response: { 200: FeedbackSettings, ...errors } } }, async (req) =>
    feedbackSettings(deps, await requireMember(req)),
  );
  app.put(
    '/api/feedback/settings',
    { schema: { tags, body: FeedbackSettingsBody, response: { 200: FeedbackSettings, ...errors } } },
    async (req) => changeFeedbackSettings(deps, await requireMember(req), req.body, clientIp(req)),
  );

  // Asking for feedback on a completed session (the treating therapist).
  app.post(
    '/api/feedback/requests',
    { schema: { tags, body: CreateFeedbackRequestBody, response: { 200: FeedbackRequestCreated, ...errors } } },
    async (req) => createFeedbackRequest(deps, await requireMember(req), req.body, baseUrlOf(req), clientIp(req)),
  );

  // The therapist's own view: a patient's trajectory with alerts, resolving alerts, and a private summary.
  app.get(
    '/api/patients/:patientId/feedback',
    { schema: { tags, params: PatientParams, response: { 200: FeedbackTrajectory, ...errors } } },
    async (req) => feedbackTrajectory(deps, await requireMember(req), req.params.patientId, clientIp(req)),
  );
  app.get(
    '/api/patients/:patientId/feedback/counts',
    { schema: { tags, params: PatientParams, response: { 200: FeedbackCounts, ...errors } } },
    async (req) => feedbackCounts(deps, await requireMember(req), req.params.patientId, clientIp(req)),
  );
  app.post(
    '/api/feedback/alerts/:alertId/resolve',
    { schema: { tags, params: AlertParams, body: ResolveAlertBody, response: { 200: Ok, ...errors } } },
    async (req) => resolveAlert(deps, await requireMember(req), req.params.alertId, req.body.note, clientIp(req)),
  );
  app.get('/api/feedback/alerts', { schema: { tags, response: { 200: MyOpenAlerts, ...errors } } }, async (req) =>
    myOpenAlerts(deps, await requireMember(req), clientIp(req)),
  );
  app.get('/api/feedback/summary', { schema: { tags, response: { 200: FeedbackSummary, ...errors } } }, async (req) =>
    therapistSummary(deps, await requireMember(req)),
  );

  // The patient's side: public, by single-use link.
  app.get(
    '/api/feedback/:token',
    { ...PUBLIC_ROUTE, schema: { tags, params: TokenParams, response: { 200: FeedbackForm, ...errors, 410: ErrorBody } } },
    async (req) => openFeedback(deps, req.params.token),
  );
  app.post(
    '/api/feedback/:token',
    {
      ...PUBLIC_ROUTE,
      schema: { tags, params: TokenParams, body: FeedbackAnswersBody, response: { 200: FeedbackThanks, ...errors, 410: ErrorBody } },
      bodyLimit: 32 * 1024,
    },
    async (req) => submitFeedback(deps, req.params.token, req.body, clientIp(req)),
  );
}
