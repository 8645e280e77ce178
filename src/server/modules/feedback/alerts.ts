import type { Questionnaire } from 'fhir/r4.js';
import { type AppDb, type DialectName, inTransaction } from '../../platform/db/index.js';
import { recordAudit } from '../audit/index.js';
import { currentPlanCourse } from '../patients/index.js';
import type { FeedbackDeps } from './deps.js';
import { alertsFor, painNotImproving, type RaisedAlert, rulesOf, type ScoredSession } from './scoring.js';
import {
  alertsOf,
  findQuestionnaire,
  insertAlertOnce,
  markAlertsComputed,
  patientsWithPendingAlerts,
  responsesOfPatient,
} from './store.js';
import type { FeedbackResponsesTable } from './tables.js';

export interface StoredScores {
  items: Record<string, number | null>;
  totals: Record<string, number | null>;
  painNow: number | null;
  comment: string | null;
}

export const scoresOf = (r: Pick<FeedbackResponsesTable, 'scores'>) => JSON.parse(r.scores) as StoredScores;

/**
 * Raises the alerts of one patient's responses not yet looked at, each against the patient's own
 * earlier answers (declined ones are not part of the baseline). Runs inside the caller's transaction.
 */
export async function raiseAlertsForPatient(
  tx: AppDb,
  dialect: DialectName,
  clinicId: string,
  patientId: string,
  at: string,
  audit: { actorUserId: string | null; ip: string | null },
): Promise<number> {
  const responses = await responsesOfPatient(tx, clinicId, patientId);
  const rulesByQuestionnaire = new Map<string, ReturnType<typeof rulesOf>>();
  const earlier: ScoredSession[] = [];
  const computed: string[] = [];
  let raised = 0;
  for (const r of responses) {
    if (r.declined === 1) {
      if (!r.alerts_computed_at) computed.push(r.id);
      continue;
    }
    const scores = scoresOf(r);
    if (!r.alerts_computed_at) {
      if (!rulesByQuestionnaire.has(r.questionnaire_id)) {
        const q = await findQuestionnaire(tx, r.questionnaire_id);
        rulesByQuestionnaire.set(
          r.questionnaire_id,
          q ? rulesOf(JSON.parse(q.resource) as Questionnaire & { extension?: { url: string; valueString?: string }[] }) : null,
        );
      }
      const rules = rulesByQuestionnaire.get(r.questionnaire_id);
      for (const a of rules ? alertsFor(rules, earlier, { items: scores.items, therapistUserId: r.therapist_user_id }) : []) {
        if (await raise(tx, dialect, { clinicId, patientId, response: r, alert: a, at, audit })) raised++;
      }
      computed.push(r.id);
    }
    earlier.push({ items: scores.items, therapistUserId: r.therapist_user_id });
  }
  const latest = responses.filter((r) => r.declined === 0 && computed.includes(r.id)).at(-1);
  if (latest && (await raisePainCourseAlert(tx, dialect, clinicId, patientId, latest, responses, at, audit))) raised++;
  await markAlertsComputed(tx, computed, at);
  return raised;
}

/**
 * Pain not improving over the expected course of the treating therapist's current plan (see
 * `painNotImproving`), looked at when a new answer arrives; raised once per plan.
 */
async function raisePainCourseAlert(
  tx: AppDb,
  dialect: DialectName,
  clinicId: string,
  patientId: string,
  latest: FeedbackResponsesTable,
  responses: FeedbackResponsesTable[],
  at: string,
  audit: { actorUserId: string | null; ip: string | null },
): Promise<boolean> {
  const course = await currentPlanCourse(tx, patientId, latest.therapist_user_id);
  if (!course) return false;
  const answers = responses
    .filter((r) => r.declined === 0)
    .map((r) => ({ sessionAt: r.session_date, pain: scoresOf(r).painNow }))
    .filter((a): a is { sessionAt: string; pain: number } => a.pain !== null);
  const alert = painNotImproving(course, answers);
  if (!alert) return false;
  const already = (await alertsOf(tx, clinicId, patientId)).some((a) => a.kind === alert.kind && a.created_at >= course.startedAt);
  if (already) return false;
  return raise(tx, dialect, { clinicId, patientId, response: latest, alert, at, audit });
}

/** Stores one alert for the treating therapist (at most once per response, kind and item) and audits it. */
async function raise(
  tx: AppDb,
  dialect: DialectName,
  a: {
    clinicId: string;
    patientId: string;
    response: FeedbackResponsesTable;
    alert: RaisedAlert;
    at: string;
    audit: { actorUserId: string | null; ip: string | null };
  },
): Promise<boolean> {
  const id = crypto.randomUUID();
  const inserted = await insertAlertOnce(tx, {
    id,
    clinic_id: a.clinicId,
    patient_id: a.patientId,
    therapist_user_id: a.response.therapist_user_id,
    response_id: a.response.id,
    kind: a.alert.kind,
    priority: a.alert.priority,
    item: a.alert.item,
    value: a.alert.value,
    baseline: a.alert.baseline,
    created_at: a.at,
    resolved_at: null,
    resolved_by: null,
    resolution_note: null,
  });
  if (!inserted) return false;
  await recordAudit(tx, dialect, {
    type: 'feedback_alert.raised',
    clinicId: a.clinicId,
    actorUserId: a.audit.actorUserId,
    patientId: a.patientId,
    subject: { type: 'feedback_alert', id },
    ip: a.audit.ip,
    data: { kind: a.alert.kind, priority: a.alert.priority },
  });
  return true;
}

/**
 * The nightly pass over one clinic: every response whose alerts were not computed yet (for example
 * stored while the alert step failed, or loaded from another system). Idempotent. Returns alerts raised.
 */
export async function computeAlerts(deps: Pick<FeedbackDeps, 'db' | 'dialect' | 'now'>, clinicId: string): Promise<number> {
  let raised = 0;
  const at = deps.now().toISOString();
  for (const patientId of await patientsWithPendingAlerts(deps.db, clinicId)) {
    raised += await inTransaction(deps.db, (tx) =>
      raiseAlertsForPatient(tx, deps.dialect, clinicId, patientId, at, { actorUserId: null, ip: null }),
    );
  }
  return raised;
}
