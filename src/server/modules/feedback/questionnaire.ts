import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4.js';
import type { FeedbackAnswersBody, FeedbackItem } from '../../../shared/feedback/contract.js';
import { AppError } from '../../platform/errors.js';
import { MAX_VALUE_EXTENSION, MIN_VALUE_EXTENSION, ORDINAL_EXTENSION } from './instrument.js';
import type { AnswerValue } from './scoring.js';

/** The questionnaire as the answer page shows it. Only answerable item types are supported. */
const SUPPORTED = new Set(['choice', 'integer', 'text', 'string']);

const ext = (item: { extension?: { url: string; valueInteger?: number; valueDecimal?: number }[] }, url: string) =>
  item.extension?.find((e) => e.url === url);

function optionValue(option: NonNullable<QuestionnaireItem['answerOption']>[number], index: number): number {
  const ordinal = ext(option, ORDINAL_EXTENSION)?.valueDecimal;
  if (typeof ordinal === 'number') return ordinal;
  if (typeof option.valueInteger === 'number') return option.valueInteger;
  const code = Number(option.valueCoding?.code);
  return Number.isInteger(code) ? code : index;
}

function optionLabel(option: NonNullable<QuestionnaireItem['answerOption']>[number]): string {
  return option.valueCoding?.display ?? option.valueString ?? option.valueCoding?.code ?? String(option.valueInteger ?? '');
}

export function itemsOf(q: Questionnaire): FeedbackItem[] {
  return (q.item ?? []).map((item) => {
    const options =
      item.type === 'choice' ? (item.answerOption ?? []).map((o, i) => ({ value: optionValue(o, i), label: optionLabel(o) })) : [];
    return {
      linkId: item.linkId,
      text: item.text ?? item.linkId,
      kind: item.type === 'choice' ? 'scale' : item.type === 'integer' ? 'integer' : 'text',
      required: item.required === true,
      options,
      min: ext(item, MIN_VALUE_EXTENSION)?.valueInteger ?? null,
      max: ext(item, MAX_VALUE_EXTENSION)?.valueInteger ?? null,
      maxLength: item.maxLength ?? (item.type === 'choice' || item.type === 'integer' ? null : 1000),
    } satisfies FeedbackItem;
  });
}

/** What must hold beyond the FHIR schema for Attune to show and score a questionnaire; a kind message per problem. */
export function answerabilityProblems(q: Questionnaire): string[] {
  const problems: string[] = [];
  if (!q.url) problems.push('The questionnaire needs a canonical url.');
  if (!q.item?.length) problems.push('The questionnaire has no questions (item).');
  const ids = new Set<string>();
  for (const [i, item] of (q.item ?? []).entries()) {
    if (ids.has(item.linkId)) problems.push(`item[${i}]: linkId "${item.linkId}" is used twice.`);
    ids.add(item.linkId);
    if (!SUPPORTED.has(item.type))
      problems.push(`item[${i}] ("${item.linkId}"): type "${item.type}" is not supported yet (choice, integer, text, string).`);
    if (item.type === 'choice' && !item.answerOption?.length) problems.push(`item[${i}] ("${item.linkId}"): a choice needs answerOption.`);
  }
  return problems;
}

/**
 * Checks the patient's answers against the questionnaire: known questions, allowed values, within
 * limits. Throws a 400 naming the question; returns the answers by linkId.
 */
export function checkAnswers(q: Questionnaire, body: Required<Pick<FeedbackAnswersBody, 'answers'>>): Map<string, AnswerValue> {
  const items = new Map(itemsOf(q).map((i) => [i.linkId, i]));
  const answers = new Map<string, AnswerValue>();
  const fail = (message: string, field: string): never => {
    throw new AppError('VALIDATION', message, { field });
  };
  for (const [index, a] of (body.answers ?? []).entries()) {
    const field = `answers.${index}`;
    const item = items.get(a.linkId);
    if (!item) fail(`This questionnaire has no question "${a.linkId.slice(0, 64)}".`, `${field}.linkId`);
    const it = item as FeedbackItem;
    if (answers.has(it.linkId)) fail(`The question "${it.linkId}" was answered twice.`, `${field}.linkId`);
    if (it.kind === 'text') {
      if (typeof a.value !== 'string') fail(`The answer to "${it.linkId}" should be text.`, `${field}.value`);
      const text = (a.value as string).trim();
      if (it.maxLength !== null && text.length > it.maxLength)
        fail(`The answer to "${it.linkId}" can be up to ${it.maxLength} characters.`, `${field}.value`);
      if (text) answers.set(it.linkId, text);
      continue;
    }
    if (typeof a.value !== 'number' || !Number.isInteger(a.value))
      fail(`The answer to "${it.linkId}" should be a whole number.`, `${field}.value`);
    const v = a.value as number;
    if (it.kind === 'scale' && !it.options.some((o) => o.value === v))
      fail(`${v} is not one of the choices for "${it.linkId}".`, `${field}.value`);
    if (it.kind === 'integer' && ((it.min !== null && v < it.min) || (it.max !== null && v > it.max)))
      fail(`The answer to "${it.linkId}" should be between ${it.min ?? '…'} and ${it.max ?? '…'}.`, `${field}.value`);
    answers.set(it.linkId, v);
  }
  for (const it of items.values()) if (it.required && !answers.has(it.linkId)) fail(`Please answer "${it.text}".`, 'answers');
  return answers;
}

/** The answers as a FHIR R4 QuestionnaireResponse (no patient identifiers inside: the row links it). */
export function toResponse(
  q: Questionnaire,
  answers: Map<string, AnswerValue>,
  opts: { id: string; authored: string; declined: boolean },
): QuestionnaireResponse {
  const byId = new Map((q.item ?? []).map((i) => [i.linkId, i]));
  const item: QuestionnaireResponseItem[] = [];
  for (const [linkId, value] of answers) {
    const source = byId.get(linkId) as QuestionnaireItem;
    if (source.type === 'choice') {
      const option = (source.answerOption ?? []).find((o, i) => optionValue(o, i) === value);
      const answer = option?.valueCoding ? { valueCoding: option.valueCoding } : { valueInteger: value as number };
      item.push({ linkId, ...(source.text ? { text: source.text } : {}), answer: [answer] });
    } else if (source.type === 'integer') {
      item.push({ linkId, ...(source.text ? { text: source.text } : {}), answer: [{ valueInteger: value as number }] });
    } else {
      item.push({ linkId, ...(source.text ? { text: source.text } : {}), answer: [{ valueString: String(value) }] });
    }
  }
  return {
    resourceType: 'QuestionnaireResponse',
    id: opts.id,
    questionnaire: `${q.url}|${q.version ?? ''}`.replace(/\|$/, ''),
    status: opts.declined ? 'stopped' : 'completed',
    authored: opts.authored,
    ...(q.language ? { language: q.language } : {}),
    ...(item.length ? { item } : {}),
  };
}
