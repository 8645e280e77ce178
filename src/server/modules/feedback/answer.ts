import type { Questionnaire } from 'fhir/r4.js';
import type { FeedbackForm, FeedbackLanguage } from '../../../shared/feedback/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { hashToken } from '../auth/index.js';
import { findClinic, membersOf } from '../clinic/index.js';
import { feedbackRecipient, isCurrentPatient } from '../patients/index.js';
import { clinicTimeZone, wallClock } from '../scheduling/index.js';
import { raiseAlertsForPatient } from './alerts.js';
import type { FeedbackDeps } from './deps.js';
import { checkAnswers, itemsOf, toResponse } from './questionnaire.js';
import { firstName } from './requests.js';
import { type AnswerValue, rulesOf, score } from './scoring.js';
import { enqueueForAlerts, findQuestionnaire, findRequestByTokenHash, insertResponse, spendRequest } from './store.js';

const INVALID = {
  en: 'This link is no longer valid. It may have been used already, or it has expired. Thank you all the same; you can ask the clinic for a new one.',
  fr: 'Ce lien n’est plus valide : il a peut-être déjà servi, ou il a expiré. Merci quand même ; vous pouvez en demander un nouveau à la clinique.',
};
const invalid = () => new AppError('INVITATION_INVALID', `${INVALID.en} / ${INVALID.fr}`);

async function liveRequest(deps: FeedbackDeps, token: string) {
  const hash = hashToken(token);
  const request = await findRequestByTokenHash(deps.db, hash);
  if (!request || request.used_at || request.expires_at <= deps.now().toISOString()) throw invalid();
  // An archived patient receives no requests; one already sent rests until they are restored.
  if (!(await isCurrentPatient(deps.db, request.clinic_id, request.patient_id))) throw invalid();
  const row = await findQuestionnaire(deps.db, request.questionnaire_id);
  if (!row) throw invalid();
  return { request, hash, questionnaire: JSON.parse(row.resource) as Questionnaire };
}

/** What the link opens: the questionnaire in the patient's language; the clinic, the therapist's first name and the date only. */
export async function openFeedback(deps: FeedbackDeps, token: string): Promise<FeedbackForm> {
  const { request, questionnaire } = await liveRequest(deps, token);
  const clinic = await findClinic(deps.db, request.clinic_id);
  const therapist = (await membersOf(deps.db, request.clinic_id)).find((m) => m.id === request.therapist_user_id);
  const timeZone = await clinicTimeZone(deps, request.clinic_id);
  const recipient =
    request.sent_to === 'substitute'
      ? await feedbackRecipient(deps.db, request.clinic_id, request.patient_id, deps.now().toISOString().slice(0, 10))
      : null;
  return {
    answeringFor: recipient?.about ?? null,
    clinicName: clinic?.name ?? '',
    therapistFirstName: firstName(therapist?.name),
    sessionDate: wallClock(request.session_date, timeZone).date,
    language: request.language as FeedbackLanguage,
    title: questionnaire.title ?? '',
    items: itemsOf(questionnaire),
    expiresAt: request.expires_at,
  };
}

/**
 * The patient's answers (or "I'd rather not answer"), checked against the questionnaire, stored as a
 * FHIR QuestionnaireResponse with its scores; the link is spent in the same transaction, and alerts
 * for the treating therapist are raised there too. A spent, expired or altered link stores nothing.
 */
export async function submitFeedback(
  deps: FeedbackDeps,
  token: string,
  body: { declined: boolean; answers: { linkId: string; value: number | string }[] },
  ip: string | null,
) {
  const { request, hash, questionnaire } = await liveRequest(deps, token);
  const answers: Map<string, AnswerValue> = body.declined ? new Map() : checkAnswers(questionnaire, body);
  const rules = rulesOf(questionnaire as { extension?: { url: string; valueString?: string }[] });
  const scores = rules ? score(rules, answers) : { items: {}, totals: {}, painNow: null, comment: null };
  const at = deps.now().toISOString();
  const id = crypto.randomUUID();
  const resource = toResponse(questionnaire, answers, { id, authored: at, declined: body.declined });
  await inTransaction(deps.db, async (tx) => {
    if (!(await spendRequest(tx, request.id, hash, at))) throw invalid();
    await insertResponse(
      tx,
      {
        id,
        clinic_id: request.clinic_id,
        patient_id: request.patient_id,
        appointment_id: request.appointment_id,
        therapist_user_id: request.therapist_user_id,
        request_id: request.id,
        questionnaire_id: request.questionnaire_id,
        session_date: request.session_date,
        declined: body.declined ? 1 : 0,
        scores: JSON.stringify(scores),
        authored_at: at,
      },
      JSON.stringify(resource),
    );
    await enqueueForAlerts(tx, [{ clinic_id: request.clinic_id, patient_id: request.patient_id, response_id: id, queued_at: at }]);
    await recordAudit(tx, deps.dialect, {
      type: 'feedback.submitted',
      clinicId: request.clinic_id,
      actorUserId: null,
      patientId: request.patient_id,
      subject: { type: 'feedback_response', id },
      ip,
      data: { declined: body.declined, via: request.delivery },
    });
    await raiseAlertsForPatient(tx, deps.dialect, request.clinic_id, request.patient_id, at, { actorUserId: null, ip });
  });
  return { ok: true as const, declined: body.declined };
}
