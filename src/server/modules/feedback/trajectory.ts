import { FEEDBACK_SUMMARY_MINIMUM, type FeedbackAlert, type FeedbackTrajectory } from '../../../shared/feedback/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit, recordPatientRead } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { type ArchiveCheck, admitRead, clinicalAccessAmong, patientDisplayNames, readerOf, requirePatient } from '../patients/index.js';
import { painBySession } from '../records/index.js';
import { clinicTimeZone, wallClock, wallDate } from '../scheduling/index.js';
import { scoresOf } from './alerts.js';
import type { FeedbackDeps } from './deps.js';
import { BUILT_IN_RULES, builtInQuestionnaire } from './instrument.js';
import { requireTreating } from './policy.js';
import { KIND_SUGGESTIONS } from './scoring.js';
import {
  countResponses,
  findAlert,
  openAlertCountOfPatient,
  openAlertsOf,
  requestsSent,
  resolveAlertRow,
  scoresForTherapist,
  trajectoryOf,
} from './store.js';

const labelsByLanguage = new Map<string, Map<string, string>>();
/** The built-in items' wording in the reader's language (built once per language). */
function itemLabels(language: 'en' | 'fr') {
  let labels = labelsByLanguage.get(language);
  if (!labels) {
    labels = new Map((builtInQuestionnaire(language).item ?? []).map((i) => [i.linkId, i.text ?? i.linkId]));
    labelsByLanguage.set(language, labels);
  }
  return labels;
}

/**
 * One patient's answers across sessions, with alerts: for the treating therapist only (the clinical
 * rule of `requirePatient`). Audited as a read of health information.
 */
export async function feedbackTrajectory(
  deps: FeedbackDeps,
  actor: Actor,
  patientId: string,
  ip: string | null,
): Promise<FeedbackTrajectory> {
  // The access check and everything shown: one statement (the lists are read only for a treating reader).
  const { clinic, clinicalWanted } = readerOf(actor);
  const read = await trajectoryOf(deps.db, clinic.clinicId, patientId, actor.user.id, clinicalWanted);
  admitRead(clinic, read, 'clinical');
  if (!read.shown) throw new Error('the trajectory statement left out the lists of a treating reader');
  const { responses, alerts, sent, pain: painSeries, amendments, plans, timeZone } = read.shown;
  const pain = painBySession(painSeries, amendments);
  const dateOf = (instant: string) => wallDate(instant, timeZone);
  const sessionOf = new Map(responses.map((r) => [r.id, r.session_date]));
  const language = actor.user.locale === 'fr' ? 'fr' : 'en';
  const labels = itemLabels(language);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'feedback.viewed', patientId, {
    data: { scope: 'trajectory' },
  });
  const order = { urgent: 0, soon: 1 } as const;
  return {
    patientId,
    items: BUILT_IN_RULES.relationshipItems.map((linkId) => ({ linkId, text: labels.get(linkId) ?? linkId })),
    entries: responses.map((r) => {
      const s = scoresOf(r);
      return {
        responseId: r.id,
        appointmentId: r.appointment_id,
        sessionDate: dateOf(r.session_date),
        therapistUserId: r.therapist_user_id,
        withOtherTherapist: r.therapist_user_id !== actor.user.id,
        declined: r.declined === 1,
        answeredAt: r.authored_at,
        items: s.items,
        painNow: s.painNow,
        // From the session's signed note, as it now reads (amendments applied).
        painBefore: pain.get(r.appointment_id)?.before ?? null,
        painAfter: pain.get(r.appointment_id)?.after ?? null,
        comment: s.comment,
      };
    }),
    alerts: alerts
      .map(
        (a): FeedbackAlert => ({
          id: a.id,
          kind: a.kind as FeedbackAlert['kind'],
          priority: a.priority as FeedbackAlert['priority'],
          item: a.item,
          value: a.value,
          baseline: a.baseline,
          sessionDate: dateOf(sessionOf.get(a.response_id) ?? a.created_at),
          responseId: a.response_id,
          createdAt: a.created_at,
          suggestion: KIND_SUGGESTIONS[a.kind as FeedbackAlert['kind']] ?? '',
          resolvedAt: a.resolved_at,
          resolutionNote: a.resolution_note,
        }),
      )
      .sort((x, y) => Number(x.resolvedAt !== null) - Number(y.resolvedAt !== null) || order[x.priority] - order[y.priority]),
    requests: { sent, answered: responses.length },
    planChanges: plans.map((p) => ({ id: p.id, date: dateOf(p.created_at) })),
  };
}

/** The front desk (and the therapist) may know how many questionnaires were sent and answered, never what was said. */
export async function feedbackCounts(deps: FeedbackDeps, actor: Actor, patientId: string, ip: string | null) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'demographics');
  const [sent, responses] = await Promise.all([
    requestsSent(deps.db, clinic.clinicId, patient.id),
    countResponses(deps.db, clinic.clinicId, patient.id),
  ]);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'feedback.viewed', patient.id, {
    data: { scope: 'counts' },
  });
  return { patientId: patient.id, requests: sent, responses };
}

/** The treating therapist resolves an alert with a note; the alert and the note are kept. */
export async function resolveAlert(deps: FeedbackDeps, actor: Actor, alertId: string, note: string, ip: string | null) {
  const clinicId = actor.clinic?.clinicId;
  const alert = clinicId ? await findAlert(deps.db, clinicId, alertId) : undefined;
  if (!alert) throw new AppError('NOT_FOUND', 'This alert is not in your list.');
  const { clinic } = await requirePatient(deps, actor, alert.patient_id, 'clinical');
  if (alert.resolved_at) throw new AppError('CONFLICT', 'This alert was already resolved.');
  const at = deps.now().toISOString();
  await inTransaction(deps.db, async (tx) => {
    if (!(await resolveAlertRow(tx, alert.id, { resolved_at: at, resolved_by: actor.user.id, resolution_note: note })))
      throw new AppError('CONFLICT', 'This alert was already resolved.');
    await recordAudit(tx, deps.dialect, {
      type: 'feedback_alert.resolved',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: alert.patient_id,
      subject: { type: 'feedback_alert', id: alert.id },
      ip,
    });
  });
  return { ok: true as const };
}

/**
 * Before a patient is archived (patients/archive.ts): what the patient told us is heard first. An
 * archived patient's chart does not open, so an open alert would be out of everyone's reach.
 */
export const openAlertsCheck: ArchiveCheck = async (db, clinicId, patientId) => {
  const n = await openAlertCountOfPatient(db, clinicId, patientId);
  if (n === 0) return null;
  return `This patient's feedback has ${n === 1 ? 'an open alert' : `${n} open alerts`}. Their therapist resolves ${n === 1 ? 'it' : 'them'} first, with a note, so nothing the patient said goes unheard.`;
};

/**
 * How patients experience the signed-in therapist, across all their sessions: means per item, only
 * once at least five answered, so no single patient can be picked out. Private to the therapist.
 */
export async function therapistSummary(deps: FeedbackDeps, actor: Actor) {
  const clinic = requireTreating(actor);
  const rows = (await scoresForTherapist(deps.db, clinic.clinicId, actor.user.id)).filter((r) => r.declined === 0);
  const minimum = FEEDBACK_SUMMARY_MINIMUM;
  if (rows.length < minimum) return { responses: rows.length, minimum, items: null };
  const items = BUILT_IN_RULES.relationshipItems.map((linkId) => {
    const values = rows.map((r) => scoresOf(r).items[linkId]).filter((v): v is number => typeof v === 'number');
    return {
      linkId,
      answered: values.length,
      mean: values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100 : 0,
    };
  });
  return { responses: rows.length, minimum, items: items.filter((i) => i.answered >= minimum) };
}

/**
 * The signed-in therapist's open alerts across the patients they treat, urgent first: what needs
 * attention today. Each patient named is audited as a read of their feedback.
 */
export async function myOpenAlerts(deps: FeedbackDeps, actor: Actor, ip: string | null) {
  const clinic = requireTreating(actor);
  const open = await openAlertsOf(deps.db, clinic.clinicId);
  const mine = await clinicalAccessAmong(
    deps,
    actor,
    open.map((a) => a.patient_id),
  );
  const alerts = open.filter((a) => mine.has(a.patient_id));
  const names = await patientDisplayNames(deps.db, clinic.clinicId, [...new Set(alerts.map((a) => a.patient_id))]);
  await Promise.all(
    [...new Set(alerts.map((a) => a.patient_id))].map((patientId) =>
      recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'feedback.viewed', patientId, {
        data: { scope: 'open_alerts' },
      }),
    ),
  );
  const timeZone = await clinicTimeZone(deps, clinic.clinicId);
  const rank = { urgent: 0, soon: 1 } as const;
  return {
    alerts: alerts
      .map((a) => ({
        id: a.id,
        patientId: a.patient_id,
        patientName: names.get(a.patient_id) ?? '',
        kind: a.kind as FeedbackAlert['kind'],
        priority: a.priority as FeedbackAlert['priority'],
        item: a.item,
        sessionDate: wallClock(a.session_date, timeZone).date,
        createdAt: a.created_at,
      }))
      .sort((x, y) => rank[x.priority] - rank[y.priority] || y.createdAt.localeCompare(x.createdAt)),
  };
}
