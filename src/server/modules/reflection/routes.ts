import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ok } from '../../../shared/auth/contract.js';
import {
  CheckInBody,
  CheckInResult,
  DismissSignalBody,
  IdentifyingTerms,
  JournalEntry,
  JournalEntryBody,
  JournalEntryEditBody,
  JournalEntryList,
  JournalKeyBody,
  JournalKeyState,
  JournalListQuery,
  JournalPassphraseBody,
  LearningPlanBody,
  LearningPlanState,
  NeedsAssessment,
  NeedsAssessmentBody,
  NeedsHistory,
  NeedsQuestionnaire,
  NeedsSettingsBody,
  PatientPresence,
  PatientPresenceParams,
  RecentCheckIns,
  ReflectedSignalBody,
  SelfCarePlanBody,
  SelfCarePlanView,
  SignalList,
  SignalSettingsBody,
  SignalSettingsView,
  Trend,
  TrendQuery,
} from '../../../shared/reflection/contract.js';
import { clientIp, ERROR_RESPONSES } from '../../platform/http/route-kit.js';
import type { HttpApp } from '../../platform/http/server.js';
import type { Actor } from '../clinic/index.js';
import { boundarySignals, dismissSignal, markSignalReflected, signalSettings, tuneSignals } from './boundary.js';
import { checkIn, presenceForPatient, type ReflectionDeps, recent, trend } from './checkins.js';
import {
  addEntry,
  changePassphrase,
  editEntry,
  journalKey,
  keepLearningPlan,
  learningPlan,
  listEntries,
  removeEntry,
  setJournalKey,
  termsToAvoid,
} from './journal.js';
import { needsHistory, questionnaire, selfCarePlan, setCadence, submitAssessment, updateSelfCarePlan } from './needs-awareness.js';

const errors = ERROR_RESPONSES;
const tags = ['reflection'];

/** Routes of the private room: none takes a user id; each answers only about the signed-in person. */
export function registerReflectionRoutes(app: HttpApp, deps: ReflectionDeps, requireMember: (req: FastifyRequest) => Promise<Actor>) {
  app.post('/api/reflection/check-ins', { schema: { tags, body: CheckInBody, response: { 200: CheckInResult, ...errors } } }, async (req) =>
    checkIn(deps, await requireMember(req), req.body),
  );
  app.get(
    '/api/reflection/presence/:patientId',
    { schema: { tags, params: PatientPresenceParams, response: { 200: PatientPresence, ...errors } } },
    async (req) => presenceForPatient(deps, await requireMember(req), req.params.patientId),
  );
  app.get('/api/reflection/check-ins', { schema: { tags, response: { 200: RecentCheckIns, ...errors } } }, async (req) => ({
    checkIns: await recent(deps, await requireMember(req)),
  }));
  app.get(
    '/api/reflection/check-ins/trend',
    { schema: { tags, querystring: TrendQuery, response: { 200: Trend, ...errors } } },
    async (req) => trend(deps, await requireMember(req), req.query),
  );
  app.get('/api/reflection/signals', { schema: { tags, response: { 200: SignalList, ...errors } } }, async (req) => ({
    signals: await boundarySignals(deps, await requireMember(req)),
  }));
  app.post(
    '/api/reflection/signals/dismiss',
    { schema: { tags, body: DismissSignalBody, response: { 200: Ok, ...errors } } },
    async (req) => {
      await dismissSignal(deps, await requireMember(req), req.body.key);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/reflection/signals/reflected',
    { schema: { tags, body: ReflectedSignalBody, response: { 200: Ok, ...errors } } },
    async (req) => {
      await markSignalReflected(deps, await requireMember(req), req.body.key);
      return { ok: true as const };
    },
  );
  app.get('/api/reflection/signal-settings', { schema: { tags, response: { 200: SignalSettingsView, ...errors } } }, async (req) =>
    signalSettings(deps, await requireMember(req)),
  );
  app.put(
    '/api/reflection/signal-settings',
    { schema: { tags, body: SignalSettingsBody, response: { 200: SignalSettingsView, ...errors } } },
    async (req) => tuneSignals(deps, await requireMember(req), req.body),
  );
  app.get('/api/reflection/needs/questionnaire', { schema: { tags, response: { 200: NeedsQuestionnaire, ...errors } } }, async (req) => {
    await requireMember(req);
    return questionnaire();
  });
  app.get('/api/reflection/needs/assessments', { schema: { tags, response: { 200: NeedsHistory, ...errors } } }, async (req) =>
    needsHistory(deps, await requireMember(req)),
  );
  app.post(
    '/api/reflection/needs/assessments',
    { schema: { tags, body: NeedsAssessmentBody, response: { 200: NeedsAssessment, ...errors } } },
    async (req) => submitAssessment(deps, await requireMember(req), req.body),
  );
  app.put(
    '/api/reflection/needs/settings',
    { schema: { tags, body: NeedsSettingsBody, response: { 200: NeedsHistory, ...errors } } },
    async (req) => setCadence(deps, await requireMember(req), req.body.cadence),
  );
  app.get('/api/reflection/self-care-plan', { schema: { tags, response: { 200: SelfCarePlanView, ...errors } } }, async (req) =>
    selfCarePlan(deps, await requireMember(req)),
  );
  app.put(
    '/api/reflection/self-care-plan',
    { schema: { tags, body: SelfCarePlanBody, response: { 200: SelfCarePlanView, ...errors } } },
    async (req) => updateSelfCarePlan(deps, await requireMember(req), req.body),
  );
  const EntryParams = z.object({ entryId: z.string().min(1).max(64) });
  app.get('/api/reflection/journal/key', { schema: { tags, response: { 200: JournalKeyState, ...errors } } }, async (req) =>
    journalKey(deps, await requireMember(req)),
  );
  app.put(
    '/api/reflection/journal/key',
    { schema: { tags, body: JournalKeyBody, response: { 200: JournalKeyState, ...errors } } },
    async (req) => setJournalKey(deps, await requireMember(req), req.body),
  );
  app.put(
    '/api/reflection/journal/key/passphrase',
    { schema: { tags, body: JournalPassphraseBody, response: { 200: JournalKeyState, ...errors } } },
    async (req) => changePassphrase(deps, await requireMember(req), req.body),
  );
  app.get('/api/reflection/learning-plan', { schema: { tags, response: { 200: LearningPlanState, ...errors } } }, async (req) =>
    learningPlan(deps, await requireMember(req)),
  );
  app.put(
    '/api/reflection/learning-plan',
    { schema: { tags, body: LearningPlanBody, response: { 200: LearningPlanState, ...errors } } },
    async (req) => keepLearningPlan(deps, await requireMember(req), req.body),
  );
  app.get(
    '/api/reflection/journal/entries',
    { schema: { tags, querystring: JournalListQuery, response: { 200: JournalEntryList, ...errors } } },
    async (req) => listEntries(deps, await requireMember(req), req.query),
  );
  app.post(
    '/api/reflection/journal/entries',
    { schema: { tags, body: JournalEntryBody, response: { 200: JournalEntry, ...errors } } },
    async (req) => addEntry(deps, await requireMember(req), req.body),
  );
  app.put(
    '/api/reflection/journal/entries/:entryId',
    { schema: { tags, params: EntryParams, body: JournalEntryEditBody, response: { 200: JournalEntry, ...errors } } },
    async (req) => editEntry(deps, await requireMember(req), req.params.entryId, req.body),
  );
  app.post(
    '/api/reflection/journal/entries/:entryId/delete',
    { schema: { tags, params: EntryParams, response: { 200: Ok, ...errors } } },
    async (req) => {
      await removeEntry(deps, await requireMember(req), req.params.entryId);
      return { ok: true as const };
    },
  );
  app.get('/api/reflection/journal/identifiers', { schema: { tags, response: { 200: IdentifyingTerms, ...errors } } }, async (req) =>
    termsToAvoid(deps, await requireMember(req), clientIp(req)),
  );
}
