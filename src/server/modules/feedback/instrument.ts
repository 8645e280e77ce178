import type { Questionnaire } from 'fhir/r4.js';
import type { FeedbackLanguage } from '../../../shared/feedback/contract.js';
import { SCORING_EXTENSION, type ScoringRules } from './scoring.js';

/**
 * Attune's built-in post-session questionnaire, in our own words (no licensed instrument), as FHIR
 * R4 Questionnaire resources: one per language, same canonical url and version.
 */
export const BUILT_IN_URL = 'https://attune.care/fhir/Questionnaire/post-session';
/** The version new requests use. Earlier versions stay stored, so old answers keep their own rules. */
export const BUILT_IN_VERSION = '2';
const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const MIN = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX = 'http://hl7.org/fhir/StructureDefinition/maxValue';
const SCALE_SYSTEM = 'https://attune.care/fhir/CodeSystem/relationship-scale';

const RULES_V1: ScoringRules = {
  version: 1,
  relationshipItems: ['safe', 'heard', 'present', 'consent'],
  scale: { min: 0, max: 4 },
  concerns: [
    { item: 'safe', atOrBelow: 1, kind: 'not_safe' },
    { item: 'consent', atOrBelow: 1, kind: 'consent_not_respected' },
  ],
  drop: { points: 2, window: 5, minimumHistory: 2 },
  painItem: 'pain',
  commentItem: 'comment',
  totals: [{ name: 'relationship', items: ['safe', 'heard', 'present', 'consent'] }],
};

/** Version 2 adds: a session with another therapist (e.g. a locum) felt worse than with the usual one. */
export const BUILT_IN_RULES: ScoringRules = { ...RULES_V1, otherTherapist: { points: 1 } };
const RULES_BY_VERSION: Record<string, ScoringRules> = { '1': RULES_V1, '2': BUILT_IN_RULES };

const WORDS = {
  en: {
    title: 'How was your session?',
    anchors: ['Not at all', 'A little', 'Somewhat', 'Mostly', 'Completely'],
    safe: 'I felt safe during this session.',
    heard: 'I felt heard: what I said was taken into account.',
    present: 'My therapist was attentive and present with me.',
    consent: 'My consent and my boundaries were respected.',
    pain: 'How much pain do you feel right now? 0 is no pain, 10 is the worst pain you can imagine.',
    comment: 'Anything else you would like your therapist to know? (optional)',
  },
  fr: {
    title: 'Comment s’est passée votre séance ?',
    anchors: ['Pas du tout', 'Un peu', 'Moyennement', 'En grande partie', 'Tout à fait'],
    safe: 'Je me suis senti·e en sécurité pendant cette séance.',
    heard: 'Je me suis senti·e écouté·e : on a tenu compte de ce que j’ai dit.',
    present: 'Ma ou mon massothérapeute était attentif·ve et présent·e avec moi.',
    consent: 'Mon consentement et mes limites ont été respectés.',
    pain: 'Quelle douleur ressentez-vous en ce moment ? 0 : aucune douleur, 10 : la pire douleur imaginable.',
    comment: 'Souhaitez-vous dire autre chose à votre massothérapeute ? (facultatif)',
  },
} as const;

export function builtInQuestionnaire(language: FeedbackLanguage, version: string = BUILT_IN_VERSION): Questionnaire {
  const rules = RULES_BY_VERSION[version];
  if (!rules) throw new Error(`no built-in questionnaire version ${version}`);
  const w = WORDS[language];
  const scale = (linkId: 'safe' | 'heard' | 'present' | 'consent') => ({
    linkId,
    text: w[linkId],
    type: 'choice' as const,
    required: false,
    answerOption: w.anchors.map((display, i) => ({
      valueCoding: { system: SCALE_SYSTEM, code: String(i), display },
      extension: [{ url: ORDINAL, valueDecimal: i }],
    })),
  });
  return {
    resourceType: 'Questionnaire',
    url: BUILT_IN_URL,
    version,
    name: 'AttunePostSession',
    title: w.title,
    status: 'active',
    language: language === 'fr' ? 'fr-CA' : 'en-CA',
    publisher: 'Attune',
    subjectType: ['Patient'],
    extension: [{ url: SCORING_EXTENSION, valueString: JSON.stringify(rules) }],
    item: [
      scale('safe'),
      scale('heard'),
      scale('present'),
      scale('consent'),
      {
        linkId: 'pain',
        text: w.pain,
        type: 'integer',
        required: false,
        extension: [
          { url: MIN, valueInteger: 0 },
          { url: MAX, valueInteger: 10 },
        ],
      },
      { linkId: 'comment', text: w.comment, type: 'text', required: false, maxLength: 1000 },
    ],
  };
}

export { MAX as MAX_VALUE_EXTENSION, MIN as MIN_VALUE_EXTENSION, ORDINAL as ORDINAL_EXTENSION };
