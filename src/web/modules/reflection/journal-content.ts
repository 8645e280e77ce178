// What a journal entry and the learning plan hold once decrypted in this browser. The server sees
// neither: competency tags and goals are inside the sealed payloads.
import { useQuery } from '@tanstack/react-query';
import { type Competency, cleanCompetencies, GOAL_STATUSES, type GoalStatus } from '../../../shared/reflection/competencies.js';
import { decryptJson, encryptJson, type JournalCryptoKey } from '../../lib/journal-crypto.js';
import { type JournalEntryData, reflectionApi } from './api.js';
import { REFLECTION_KEY } from './check-in-dialog.js';

export const JOURNAL_KEY = [...REFLECTION_KEY, 'journal'] as const;
export const LEARNING_PLAN_KEY = [...JOURNAL_KEY, 'learning-plan'] as const;

export const GIBBS = ['description', 'feelings', 'evaluation', 'analysis', 'conclusion', 'action'] as const;
export type GibbsStep = (typeof GIBBS)[number];
export type Kind = 'free' | 'gibbs';

export interface EntryContent {
  title?: string;
  text?: string;
  gibbs?: Partial<Record<GibbsStep, string>>;
  /** The QA competency areas this reflection is about, chosen by the therapist. */
  tags?: Competency[];
}

export interface OpenedEntry {
  id: string;
  kind: Kind;
  createdAt: string;
  /** The version this browser last read: an edit is saved only if it is still the latest. */
  updatedAt: string;
  content: EntryContent | null;
}

/** The journal, fetched and decrypted here; an entry that cannot be decrypted is kept as unreadable. */
export function useOpenedEntries(dataKey: JournalCryptoKey) {
  return useQuery({
    queryKey: [...JOURNAL_KEY, 'entries'],
    queryFn: async (): Promise<OpenedEntry[]> => {
      const list = await reflectionApi.journalEntries();
      return Promise.all(list.entries.map((e) => openEntry(dataKey, e)));
    },
  });
}

async function openEntry(dataKey: JournalCryptoKey, e: JournalEntryData): Promise<OpenedEntry> {
  const content = await decryptJson<EntryContent>(dataKey, e.iv, e.ciphertext).catch(() => null);
  return {
    id: e.id,
    kind: e.kind,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    content: content && { ...content, tags: cleanCompetencies(content.tags) },
  };
}

/**
 * New QA tags for a written entry: sealed again here with everything else it holds, and saved
 * only if no other window changed it since this one read it. Answers the entry as now stored.
 */
export async function retagEntry(dataKey: JournalCryptoKey, entry: OpenedEntry & { content: EntryContent }, tags: Competency[]) {
  const sealed = await encryptJson(dataKey, { ...entry.content, tags });
  return openEntry(dataKey, await reflectionApi.editJournalEntry(entry.id, { kind: entry.kind, ...sealed, basedOn: entry.updatedAt }));
}

/** An entry's body as plain text, Gibbs stages labelled by `label`. */
export function entryText(e: OpenedEntry, label: (step: GibbsStep) => string): string {
  const c = e.content;
  if (!c) return '';
  if (e.kind !== 'gibbs') return c.text ?? '';
  return GIBBS.filter((g) => c.gibbs?.[g]?.trim())
    .map((g) => `${label(g)}\n${c.gibbs?.[g]}`)
    .join('\n\n');
}

export interface Goal {
  id: string;
  competency: Competency;
  goal: string;
  activities: string;
  /** yyyy-mm-dd, or null when the therapist set none. */
  targetDate: string | null;
  status: GoalStatus;
}
export interface LearningPlanContent {
  goals: Goal[];
}
/** The plan as read, with the version a save must be based on (null: none saved yet). */
export interface LoadedPlan extends LearningPlanContent {
  updatedAt: string | null;
}

const cleanGoal = (g: Partial<Goal>): Goal | null => {
  const [competency] = cleanCompetencies([g.competency]);
  if (!competency || typeof g.id !== 'string' || typeof g.goal !== 'string') return null;
  return {
    id: g.id,
    competency,
    goal: g.goal,
    activities: typeof g.activities === 'string' ? g.activities : '',
    targetDate: typeof g.targetDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(g.targetDate) ? g.targetDate : null,
    status: GOAL_STATUSES.includes(g.status as GoalStatus) ? (g.status as GoalStatus) : 'planned',
  };
};

/** The learning plan, decrypted with the journal's key; an empty plan when none is saved yet. */
export function useLearningPlan(dataKey: JournalCryptoKey) {
  return useQuery({
    queryKey: [...LEARNING_PLAN_KEY],
    queryFn: async (): Promise<LoadedPlan> => {
      const { plan } = await reflectionApi.learningPlan();
      if (!plan) return { goals: [], updatedAt: null };
      const content = await decryptJson<{ goals?: Partial<Goal>[] }>(dataKey, plan.iv, plan.ciphertext);
      return { goals: (content.goals ?? []).map(cleanGoal).filter((g): g is Goal => g !== null), updatedAt: plan.updatedAt };
    },
  });
}

/** Saves the plan if it is still the version `basedOn`; answers the new version to base the next save on. */
export async function saveLearningPlan(dataKey: JournalCryptoKey, plan: LearningPlanContent, basedOn: string | null): Promise<LoadedPlan> {
  const { plan: saved } = await reflectionApi.saveLearningPlan({ ...(await encryptJson(dataKey, plan)), basedOn });
  return { goals: plan.goals, updatedAt: saved?.updatedAt ?? null };
}
