import type { Questionnaire } from 'fhir/r4.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import type { FeedbackDeps } from './deps.js';
import { fhirProblems } from './fhir-schema.js';
import { requireOwner } from './policy.js';
import { answerabilityProblems } from './questionnaire.js';
import { rulesOf } from './scoring.js';
import { insertQuestionnaire, questionnairesFor, sameCanonical, saveSettings, settingsOf } from './store.js';

const MAX_RESOURCE_CHARS = 200_000;

export async function listQuestionnaires(deps: FeedbackDeps, actor: Actor) {
  const clinic = requireOwner(actor);
  return (await questionnairesFor(deps.db, clinic.clinicId)).map((q) => ({
    id: q.id,
    url: q.url,
    version: q.version,
    status: q.status,
    language: q.language,
    title: q.title,
    builtIn: q.clinic_id === null,
    scored: q.scored === 1,
  }));
}

/**
 * The owner loads a Questionnaire the clinic holds a licence for. It must be a valid FHIR R4
 * Questionnaire (official schema) that Attune can show; otherwise 400 with the problems named.
 */
export async function loadQuestionnaire(deps: FeedbackDeps, actor: Actor, resource: unknown, ip: string | null) {
  const clinic = requireOwner(actor);
  const size = JSON.stringify(resource ?? null).length;
  if (size > MAX_RESOURCE_CHARS)
    throw new AppError('PAYLOAD_TOO_LARGE', `A questionnaire can be up to ${MAX_RESOURCE_CHARS} characters of JSON.`, {
      field: 'resource',
    });
  const problems = fhirProblems('Questionnaire', resource);
  const q = resource as Questionnaire;
  if (problems.length === 0) problems.push(...answerabilityProblems(q));
  if (problems.length > 0) {
    throw new AppError('VALIDATION', `This is not a questionnaire Attune can use: ${problems[0]}`, {
      field: 'resource',
      issues: problems.map((message) => ({ path: 'resource', message })),
    });
  }
  const language = (q.language ?? 'en').slice(0, 2).toLowerCase();
  const version = q.version ?? '1';
  if (await sameCanonical(deps.db, clinic.clinicId, q.url as string, version, language)) {
    throw new AppError(
      'CONFLICT',
      'A questionnaire with this url, version and language is already loaded. Give the new one another version.',
      {
        field: 'resource',
      },
    );
  }
  const id = crypto.randomUUID();
  const at = deps.now().toISOString();
  await inTransaction(deps.db, async (tx) => {
    await insertQuestionnaire(tx, {
      id,
      clinic_id: clinic.clinicId,
      url: q.url as string,
      version,
      status: q.status,
      language,
      title: q.title ?? q.name ?? q.url ?? '',
      resource: JSON.stringify(q),
      scored: rulesOf(q as { extension?: { url: string; valueString?: string }[] }) ? 1 : 0,
      loaded_by: actor.user.id,
      created_at: at,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'questionnaire.loaded',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      subject: { type: 'questionnaire', id },
      ip,
      data: { url: (q.url as string).slice(0, 200), version: version.slice(0, 40) },
    });
  });
  return (await listQuestionnaires(deps, actor)).find((x) => x.id === id) as Awaited<ReturnType<typeof listQuestionnaires>>[number];
}

export async function feedbackSettings(deps: FeedbackDeps, actor: Actor) {
  const clinic = requireOwner(actor);
  const row = await settingsOf(deps.db, clinic.clinicId);
  return { automaticEmail: row?.automatic_email === 1, questionnaireId: row?.questionnaire_id ?? null };
}

export async function changeFeedbackSettings(
  deps: FeedbackDeps,
  actor: Actor,
  input: { automaticEmail: boolean; questionnaireId?: string | null | undefined },
  ip: string | null,
) {
  const clinic = requireOwner(actor);
  const at = deps.now().toISOString();
  const questionnaireId =
    input.questionnaireId === undefined ? ((await settingsOf(deps.db, clinic.clinicId))?.questionnaire_id ?? null) : input.questionnaireId;
  if (questionnaireId !== null) {
    // Only one the clinic loaded itself, still active (the built-in one is chosen with null).
    const chosen = (await questionnairesFor(deps.db, clinic.clinicId)).find(
      (q) => q.id === questionnaireId && q.clinic_id === clinic.clinicId,
    );
    if (chosen?.status !== 'active') {
      throw new AppError('VALIDATION', 'Choose one of the questionnaires your clinic loaded and that is active, or the built-in one.', {
        field: 'questionnaireId',
      });
    }
  }
  await inTransaction(deps.db, async (tx) => {
    await saveSettings(tx, {
      clinic_id: clinic.clinicId,
      automatic_email: input.automaticEmail ? 1 : 0,
      swept_until: null,
      updated_at: at,
      updated_by: actor.user.id,
      questionnaire_id: questionnaireId,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'feedback.settings_changed',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      ip,
      data: { automaticEmail: input.automaticEmail, questionnaireId },
    });
  });
  return { automaticEmail: input.automaticEmail, questionnaireId };
}
