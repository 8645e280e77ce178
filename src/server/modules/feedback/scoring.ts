/**
 * Scoring rules live with the instrument: a small declarative rule set stored inside the FHIR
 * Questionnaire as an extension (SCORING_EXTENSION), read back here. No code per instrument.
 */
export const SCORING_EXTENSION = 'https://attune.care/fhir/StructureDefinition/scoring-rules';

export interface ScoringRules {
  version: 1;
  /** Items on the ordinal relationship scale (felt safe, heard, …). */
  relationshipItems: string[];
  scale: { min: number; max: number };
  /** Answers at or below a value that always raise an urgent alert. */
  concerns: { item: string; atOrBelow: number; kind: 'not_safe' | 'consent_not_respected' }[];
  /** A drop of `points` or more below the patient's own running baseline (mean of the last `window` answers, once `minimumHistory` exist). */
  drop: { points: number; window: number; minimumHistory: number };
  /**
   * A session with someone other than the patient's usual therapist (the one of most earlier answers)
   * that felt `points` or more below the baseline with the usual therapist, on any relationship item.
   */
  otherTherapist?: { points: number };
  painItem: string | null;
  commentItem: string | null;
  /** Sums over items, given only when every item of the total was answered. */
  totals: { name: string; items: string[] }[];
}

export type AnswerValue = number | string;

export interface Scored {
  items: Record<string, number | null>;
  totals: Record<string, number | null>;
  painNow: number | null;
  comment: string | null;
}

export function score(rules: ScoringRules, answers: Map<string, AnswerValue>): Scored {
  const numberOf = (linkId: string) => {
    const v = answers.get(linkId);
    return typeof v === 'number' ? v : null;
  };
  const items: Record<string, number | null> = {};
  for (const id of rules.relationshipItems) items[id] = numberOf(id);
  const totals: Record<string, number | null> = {};
  for (const t of rules.totals) {
    const values = t.items.map(numberOf);
    totals[t.name] = values.every((v) => v !== null) ? values.reduce<number>((s, v) => s + (v as number), 0) : null;
  }
  const comment = rules.commentItem ? answers.get(rules.commentItem) : undefined;
  return {
    items,
    totals,
    painNow: rules.painItem ? numberOf(rules.painItem) : null,
    comment: typeof comment === 'string' && comment.trim() ? comment.trim() : null,
  };
}

export interface RaisedAlert {
  kind: 'not_safe' | 'consent_not_respected' | 'drop_below_baseline' | 'worse_with_other_therapist' | 'pain_not_improving';
  priority: 'urgent' | 'soon';
  item: string;
  value: number;
  baseline: number | null;
}

export interface ScoredSession {
  items: Record<string, number | null>;
  therapistUserId: string;
}

const mean = (values: number[]) => Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100;

/** The therapist of most earlier answers (the latest of them on a tie); null without history. */
export function usualTherapist(earlier: readonly ScoredSession[]): string | null {
  const counts = new Map<string, number>();
  for (const e of earlier) counts.set(e.therapistUserId, (counts.get(e.therapistUserId) ?? 0) + 1);
  let best: string | null = null;
  for (const e of earlier) if (best === null || (counts.get(e.therapistUserId) ?? 0) >= (counts.get(best) ?? 0)) best = e.therapistUserId;
  return best;
}

/** `usualTherapist` kept up to date one answer at a time (oldest first): the same answer, without recounting. */
export class UsualTherapist {
  private readonly counts = new Map<string, number>();
  private best: string | null = null;

  add(therapistUserId: string) {
    const n = (this.counts.get(therapistUserId) ?? 0) + 1;
    this.counts.set(therapistUserId, n);
    // Reaching or tying the most answers makes them the usual therapist: the latest wins a tie.
    if (this.best === null || n >= (this.counts.get(this.best) ?? 0)) this.best = therapistUserId;
  }

  get current(): string | null {
    return this.best;
  }
}

/** The latest `wanted` answers to `item` (newest first), optionally only those given to one therapist. */
function latestAnswers(earlier: readonly ScoredSession[], wanted: number, item: string, therapistUserId: string | null): number[] {
  const found: number[] = [];
  for (let i = earlier.length - 1; i >= 0 && found.length < wanted; i--) {
    const e = earlier[i] as ScoredSession;
    const v = e.items[item];
    if (v !== null && v !== undefined && (therapistUserId === null || e.therapistUserId === therapistUserId)) found.push(v);
  }
  return found;
}

/**
 * Alerts for one response, given the patient's earlier scored responses (oldest first, declined
 * ones left out). The running baseline is the mean of the last `window` earlier answers to the item.
 */
export function alertsFor(
  rules: ScoringRules,
  earlier: ScoredSession[],
  current: ScoredSession,
  // A caller walking a long history keeps this as it goes (`UsualTherapist`) rather than counting anew per answer.
  usual: string | null = usualTherapist(earlier),
): RaisedAlert[] {
  const raised: RaisedAlert[] = [];
  for (const c of rules.concerns) {
    const value = current.items[c.item];
    if (value !== null && value !== undefined && value <= c.atOrBelow) {
      raised.push({ kind: c.kind, priority: 'urgent', item: c.item, value, baseline: null });
    }
  }
  const withOther = rules.otherTherapist && usual !== null && usual !== current.therapistUserId;
  // Only the latest answers count (the window), and only whether enough exist: read from the end.
  const wanted = Math.max(rules.drop.window, rules.drop.minimumHistory);
  for (const item of rules.relationshipItems) {
    const value = current.items[item];
    if (value === null || value === undefined) continue;
    if (raised.some((a) => a.item === item)) continue; // already urgent for this item
    const history = latestAnswers(earlier, wanted, item, null);
    if (history.length >= rules.drop.minimumHistory) {
      const baseline = mean(history.slice(0, rules.drop.window));
      if (baseline - value >= rules.drop.points) {
        raised.push({ kind: 'drop_below_baseline', priority: 'soon', item, value, baseline });
        continue;
      }
    }
    if (withOther && rules.otherTherapist) {
      const withUsual = latestAnswers(earlier, wanted, item, usual);
      if (withUsual.length < rules.drop.minimumHistory) continue;
      const baseline = mean(withUsual.slice(0, rules.drop.window));
      if (baseline - value >= rules.otherTherapist.points)
        raised.push({ kind: 'worse_with_other_therapist', priority: 'soon', item, value, baseline });
    }
  }
  return raised;
}

/** Reads the rule set from a stored Questionnaire; null when the instrument carries none. */
export function rulesOf(resource: { extension?: { url: string; valueString?: string }[] }): ScoringRules | null {
  const ext = resource.extension?.find((e) => e.url === SCORING_EXTENSION);
  if (!ext?.valueString) return null;
  try {
    const parsed = JSON.parse(ext.valueString) as ScoringRules;
    return parsed.version === 1 && Array.isArray(parsed.relationshipItems) ? parsed : null;
  } catch {
    return null;
  }
}

export const KIND_SUGGESTIONS: Record<RaisedAlert['kind'], string> = {
  not_safe:
    'Your patient said they did not feel safe. Consider reaching out today, kindly and without pressure, to ask what would help them feel safer, and whether they would prefer another therapist.',
  consent_not_respected:
    'Your patient felt their consent or boundaries were not respected. Consider contacting them today to listen, acknowledge, and agree together how consent will be checked next time.',
  drop_below_baseline:
    'This answer is lower than usual for this patient. At the start of the next session, you might ask gently how the last one felt and whether anything should change.',
  worse_with_other_therapist:
    'This session was with another therapist and felt less good to your patient than their sessions with you. When you see them next, you might ask how it went, and agree together what should carry over when someone covers for you.',
  pain_not_improving:
    'Half-way through the treatment plan, your patient’s pain has not eased. It may help to look at the plan together before the review date: their goals, the frequency, the techniques, and whether another professional could help too.',
};

/** A treatment plan's course: from when it was set to its review date. */
export interface PlanCourse {
  startedAt: string;
  reviewDate: string;
}

/** How much pain (0–10) should have eased, at least, by half-way through a plan. */
export const PAIN_EASING_EXPECTED = 2;
const MIN_PAIN_ANSWERS = 3;

/**
 * Pain not improving over the expected course of the plan: past the half-way point of the plan,
 * with at least three answers about pain since it was set, the latest has not eased by
 * PAIN_EASING_EXPECTED points from the first. `answers` are the patient's pain-now answers, oldest
 * first, with their session instants.
 */
export function painNotImproving(course: PlanCourse, answers: { sessionAt: string; pain: number }[]): RaisedAlert | null {
  const start = Date.parse(course.startedAt);
  const end = Date.parse(`${course.reviewDate}T23:59:59Z`);
  const during = answers.filter((a) => Date.parse(a.sessionAt) >= start);
  const first = during[0];
  const last = during[during.length - 1];
  if (!first || !last || during.length < MIN_PAIN_ANSWERS) return null;
  if (Date.parse(last.sessionAt) < start + (end - start) / 2) return null;
  if (last.pain <= first.pain - PAIN_EASING_EXPECTED) return null;
  return { kind: 'pain_not_improving', priority: 'soon', item: 'painNow', value: last.pain, baseline: first.pain };
}
