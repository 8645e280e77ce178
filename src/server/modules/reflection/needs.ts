/**
 * Needs awareness, in Attune's own words (not a licensed instrument, and not a diagnosis). Each
 * need the article names has three statements, answered 0 (never) to 4 (very often) about the
 * last few weeks of sessions. Plain and tested.
 */
export const NEEDS = ['caretaking', 'approval', 'self_esteem', 'capability', 'boundaries'] as const;
export type NeedName = (typeof NEEDS)[number];

export const SCALE = [
  { value: 0, label: 'Never' },
  { value: 1, label: 'Rarely' },
  { value: 2, label: 'Sometimes' },
  { value: 3, label: 'Often' },
  { value: 4, label: 'Very often' },
];

export const ITEMS: { id: string; need: NeedName; text: string }[] = [
  { id: 'caretaking.1', need: 'caretaking', text: 'I found myself wanting to fix more for a client than the session was for.' },
  { id: 'caretaking.2', need: 'caretaking', text: 'I felt responsible for how a client’s week would go.' },
  { id: 'caretaking.3', need: 'caretaking', text: 'I gave extra time or care that I later felt drained by.' },
  { id: 'approval.1', need: 'approval', text: 'I hoped a client would tell me the session was good.' },
  { id: 'approval.2', need: 'approval', text: 'I held back something clinically useful so a client would keep liking me.' },
  { id: 'approval.3', need: 'approval', text: 'A client’s mood toward me stayed with me after they left.' },
  { id: 'self_esteem.1', need: 'self_esteem', text: 'A session that did not go well felt like a verdict on me.' },
  { id: 'self_esteem.2', need: 'self_esteem', text: 'I doubted whether I was good enough at this work.' },
  { id: 'self_esteem.3', need: 'self_esteem', text: 'I compared myself with other therapists and came up short.' },
  { id: 'capability.1', need: 'capability', text: 'I felt a pull to be the one who finally solves a client’s problem.' },
  { id: 'capability.2', need: 'capability', text: 'I found it hard to refer a client on, even when that would serve them.' },
  { id: 'capability.3', need: 'capability', text: 'I enjoyed being needed more than the work itself.' },
  { id: 'boundaries.1', need: 'boundaries', text: 'A session ran over because it was hard to bring it to a close.' },
  { id: 'boundaries.2', need: 'boundaries', text: 'I shared more about my own life than the session called for.' },
  { id: 'boundaries.3', need: 'boundaries', text: 'I was in touch with a client outside the clinic’s usual channels.' },
];

const READINGS: Record<NeedName, [string, string, string]> = {
  caretaking: [
    'Caretaking seems to sit quietly in the background of your sessions.',
    'Caretaking comes up at times. It may help to notice when care for a client starts to cost you.',
    'Caretaking seems to be asking for attention. Where outside your work is this need being met?',
  ],
  approval: [
    'Needing approval seems to have little pull on your sessions.',
    'A wish for approval shows up sometimes. That is human; noticing it is the work.',
    'Approval seems important right now. Who outside your practice reminds you of your worth?',
  ],
  self_esteem: [
    'Your sense of your own worth seems steady in your work.',
    'Self-doubt visits now and then. Kindness toward yourself counts as practice too.',
    'Self-doubt seems heavy lately. Supervision or a trusted peer may help carry it.',
  ],
  capability: [
    'The need to be the capable one seems to stay in proportion.',
    'The pull to be the one who fixes it appears at times. Referral is also care.',
    'Feeling capable and needed seems to matter a lot right now. Where else does your skill feel valued?',
  ],
  boundaries: [
    'Your boundaries seem to be holding well.',
    'Boundaries flex at times. A small pause before saying yes can help.',
    'Boundaries seem to be under some strain. A structured reflection may help you see what is pulling.',
  ],
};

/** Per need: 0–100 from the answers given (unanswered statements are left out), and a gentle reading. */
export function scoreNeeds(answers: Record<string, number>) {
  return NEEDS.map((need) => {
    const given = ITEMS.filter((i) => i.need === need && answers[i.id] !== undefined).map((i) => answers[i.id] as number);
    const score = given.length ? Math.round((given.reduce((a, b) => a + b, 0) / (given.length * 4)) * 100) : 0;
    const band = score < 34 ? 0 : score < 67 ? 1 : 2;
    return { need, score, reading: given.length ? READINGS[need][band] : 'Not answered this time.', answered: given.length };
  });
}

export const CADENCE_DAYS = { weekly: 7, monthly: 30, quarterly: 91 } as const;
