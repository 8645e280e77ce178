import type { Questionnaire } from 'fhir/r4.js';
import { type AppDb, type DialectName, inTransaction } from '../../platform/db/index.js';
import { recordAudit } from '../audit/index.js';
import type { FeedbackDeps } from './deps.js';
import { alertsFor, rulesOf, type ScoredSession } from './scoring.js';
import { findQuestionnaire, insertAlertOnce, markAlertsComputed, patientsWithPendingAlerts, responsesOfPatient } from './store.js';
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
        const id = crypto.randomUUID();
        const inserted = await insertAlertOnce(tx, {
          id,
          clinic_id: clinicId,
          patient_id: patientId,
          therapist_user_id: r.therapist_user_id,
          response_id: r.id,
          kind: a.kind,
          priority: a.priority,
          item: a.item,
          value: a.value,
          baseline: a.baseline,
          created_at: at,
          resolved_at: null,
          resolved_by: null,
          resolution_note: null,
        });
        if (!inserted) continue;
        raised++;
        await recordAudit(tx, dialect, {
          type: 'feedback_alert.raised',
          clinicId,
          actorUserId: audit.actorUserId,
          patientId,
          subject: { type: 'feedback_alert', id },
          ip: audit.ip,
          data: { kind: a.kind, priority: a.priority },
        });
      }
      computed.push(r.id);
    }
    earlier.push({ items: scores.items, therapistUserId: r.therapist_user_id });
  }
  await markAlertsComputed(tx, computed, at);
  return raised;
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
