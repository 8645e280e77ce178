import type { Questionnaire } from 'fhir/r4.js';
import { type AppDb, type DialectName, inTransaction } from '../../platform/db/index.js';
import { type AuditEvent, recordAudits } from '../audit/index.js';
import { currentPlanCourses, type PlanCourseOf } from '../patients/index.js';
import type { FeedbackDeps } from './deps.js';
import {
  alertsFor,
  painNotImproving,
  type RaisedAlert,
  rulesOf,
  type ScoredSession,
  type ScoringRules,
  UsualTherapist,
} from './scoring.js';
import {
  type AlertInputRow,
  claimPending,
  findQuestionnaire,
  insertAlertsOnce,
  painAlertsSince,
  patientsWithPendingAlerts,
  responsesForAlerts,
} from './store.js';
import type { FeedbackAlertsTable, FeedbackResponsesTable } from './tables.js';

export interface StoredScores {
  items: Record<string, number | null>;
  totals: Record<string, number | null>;
  painNow: number | null;
  comment: string | null;
}

export const scoresOf = (r: Pick<FeedbackResponsesTable, 'scores'>) => JSON.parse(r.scores) as StoredScores;

type Audit = { actorUserId: string | null; ip: string | null };

/** One alert to raise on one response. */
interface Decision {
  response: AlertInputRow;
  alert: RaisedAlert;
}

/**
 * What the alert step decides for one patient's responses (oldest first), plain and without I/O:
 * each response on the work list (`pending`) is held against the patient's own earlier answers (declined ones
 * are not part of the baseline), and the latest new answer against the course of the treating
 * therapist's current plan (pain not improving, once per plan). Returns the alerts to raise.
 */
export function decideAlerts(
  responses: readonly AlertInputRow[],
  pending: ReadonlySet<string>,
  rulesOfQuestionnaire: (id: string) => ScoringRules | null,
  courseOf: (therapistUserId: string) => PlanCourseOf | null,
  painAlertSince: (startedAt: string) => boolean,
): Decision[] {
  const earlier: ScoredSession[] = [];
  const usual = new UsualTherapist();
  const decisions: Decision[] = [];
  const pains: { sessionAt: string; pain: number }[] = [];
  let latest: AlertInputRow | undefined;
  for (const r of responses) {
    if (r.declined === 1) continue;
    const scores = scoresOf(r);
    if (scores.painNow !== null) pains.push({ sessionAt: r.session_date, pain: scores.painNow });
    if (pending.has(r.id)) {
      const rules = rulesOfQuestionnaire(r.questionnaire_id);
      const current = { items: scores.items, therapistUserId: r.therapist_user_id };
      for (const alert of rules ? alertsFor(rules, earlier, current, usual.current) : []) {
        decisions.push({ response: r, alert });
      }
      latest = r;
    }
    earlier.push({ items: scores.items, therapistUserId: r.therapist_user_id });
    usual.add(r.therapist_user_id);
  }
  const course = latest ? courseOf(latest.therapist_user_id) : null;
  if (latest && course && !painAlertSince(course.startedAt)) {
    const alert = painNotImproving(course, pains);
    if (alert) decisions.push({ response: latest, alert });
  }
  return decisions;
}

/**
 * Questionnaires' scoring rules, read once per pass (answers keep their own version's rules), through
 * the transaction in hand (on SQLite another handle would wait for it for ever).
 */
function rulesCache() {
  const cache = new Map<string, ScoringRules | null>();
  return {
    async load(tx: AppDb, ids: Iterable<string>) {
      for (const id of ids) {
        if (cache.has(id)) continue;
        const q = await findQuestionnaire(tx, id);
        cache.set(
          id,
          q ? rulesOf(JSON.parse(q.resource) as Questionnaire & { extension?: { url: string; valueString?: string }[] }) : null,
        );
      }
    },
    get: (id: string) => cache.get(id) ?? null,
  };
}

/**
 * Raises the alerts of these patients' responses waiting on the work list, inside the caller's
 * transaction: reads in a few statements for all of them, decides, then stores the alerts (at most
 * once per response, kind and item) and audits each one raised. The responses are taken off the
 * work list first (claimed), so a concurrent pass cannot look at them twice.
 */
async function raiseAlertsForPatients(
  tx: AppDb,
  dialect: DialectName,
  clinicId: string,
  patientIds: readonly string[],
  at: string,
  audit: Audit,
  rules: ReturnType<typeof rulesCache>,
): Promise<number> {
  const pending = await claimPending(tx, clinicId, patientIds);
  const [responses, courses, painAlerts] = await Promise.all([
    responsesForAlerts(tx, clinicId, patientIds),
    currentPlanCourses(tx, patientIds),
    painAlertsSince(tx, clinicId, patientIds),
  ]);
  await rules.load(tx, new Set(responses.map((r) => r.questionnaire_id)));
  const byPatient = new Map<string, AlertInputRow[]>();
  for (const r of responses) {
    const list = byPatient.get(r.patient_id);
    if (list) list.push(r);
    else byPatient.set(r.patient_id, [r]);
  }
  const rows: FeedbackAlertsTable[] = [];

  for (const [patientId, list] of byPatient) {
    const decisions = decideAlerts(
      list,
      pending,
      rules.get,
      (therapistId) => courses.get(patientId)?.get(therapistId) ?? null,
      (startedAt) => (painAlerts.get(patientId) ?? []).some((createdAt) => createdAt >= startedAt),
    );
    for (const d of decisions) {
      rows.push({
        id: crypto.randomUUID(),
        clinic_id: clinicId,
        patient_id: patientId,
        therapist_user_id: d.response.therapist_user_id,
        response_id: d.response.id,
        kind: d.alert.kind,
        priority: d.alert.priority,
        item: d.alert.item,
        value: d.alert.value,
        baseline: d.alert.baseline,
        created_at: at,
        resolved_at: null,
        resolved_by: null,
        resolution_note: null,
      });
    }
  }
  const inserted = new Set(await insertAlertsOnce(tx, rows));
  const events: AuditEvent[] = rows
    .filter((r) => inserted.has(r.id))
    .map((r) => ({
      type: 'feedback_alert.raised',
      clinicId,
      actorUserId: audit.actorUserId,
      patientId: r.patient_id,
      subject: { type: 'feedback_alert', id: r.id },
      ip: audit.ip,
      data: { kind: r.kind, priority: r.priority },
    }));
  await recordAudits(tx, dialect, events, new Date(at));
  return events.length;
}

/** The alert step for one patient after an answer, in the answer's own transaction. */
export function raiseAlertsForPatient(
  tx: AppDb,
  dialect: DialectName,
  clinicId: string,
  patientId: string,
  at: string,
  audit: Audit,
): Promise<number> {
  return raiseAlertsForPatients(tx, dialect, clinicId, [patientId], at, audit, rulesCache());
}

/** Patients per transaction in the nightly pass: some 70,000 responses, a second or two of work. */
const PATIENTS_PER_BATCH = 5_000;

/**
 * The nightly pass over one clinic: every response still on the alert step's work list (loaded
 * from another system, say; an answer is looked at in its own transaction), five thousand patients per
 * transaction so that other writers wait at most one batch. Idempotent. Returns alerts raised.
 */
export async function computeAlerts(
  deps: Pick<FeedbackDeps, 'db' | 'dialect' | 'now'>,
  clinicId: string,
  patientsPerBatch = PATIENTS_PER_BATCH,
): Promise<number> {
  const at = deps.now().toISOString();
  const patients = await patientsWithPendingAlerts(deps.db, clinicId);
  const rules = rulesCache();
  const batches: string[][] = [];
  for (let i = 0; i < patients.length; i += patientsPerBatch) batches.push(patients.slice(i, i + patientsPerBatch));
  // Two batches in flight: on PostgreSQL one is read and written by the server while the other is
  // decided here (SQLite runs them one after the other on its single writer).
  let raised = 0;
  const work = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const some = batch;
      const n = await inTransaction(deps.db, (tx) =>
        raiseAlertsForPatients(tx, deps.dialect, clinicId, some, at, { actorUserId: null, ip: null }, rules),
      );
      raised += n; // after the await: the other batch adds to it meanwhile
    }
  };
  await Promise.all([work(), work()]);
  return raised;
}
