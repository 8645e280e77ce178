import type { z } from 'zod';
import type { NeedsAssessment, SelfCarePlanBody } from '../../../shared/reflection/contract.js';
import { type AppDb, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../clinic/index.js';
import { type ReflectionDeps, therapistIn } from './checkins.js';
import { CADENCE_DAYS, ITEMS, NEEDS, SCALE, scoreNeeds } from './needs.js';
import { assessmentsOf, insertAssessment, planOf, savePlanSettings, writeVersion } from './store.js';
import type { NeedsAssessmentsTable, SelfCarePlansTable } from './tables.js';
import { changedElsewhere, versionAt } from './versions.js';

type Cadence = keyof typeof CADENCE_DAYS;
const EMPTY_PLAN = Object.fromEntries(NEEDS.map((n) => [n, ''])) as Record<(typeof NEEDS)[number], string>;

export function questionnaire() {
  return { scale: SCALE, items: ITEMS };
}

function present(r: NeedsAssessmentsTable): z.infer<typeof NeedsAssessment> {
  return { id: r.id, takenAt: r.taken_at, scores: scoreNeeds(JSON.parse(r.answers)), planReviewed: r.plan_reviewed === 1 };
}

/** The row a person starts with: no words yet (`updated_at` null), checked in on monthly. */
const firstPlanRow = (actor: Actor, clinicId: string): SelfCarePlansTable => ({
  user_id: actor.user.id,
  clinic_id: clinicId,
  plan: JSON.stringify(EMPTY_PLAN),
  cadence: 'monthly',
  updated_at: null,
  reviewed_at: null,
});

async function planRow(db: AppDb, actor: Actor, clinicId: string): Promise<SelfCarePlansTable> {
  return (await planOf(db, actor.user.id, clinicId)) ?? firstPlanRow(actor, clinicId);
}

export async function submitAssessment(
  deps: ReflectionDeps,
  actor: Actor,
  input: { answers: Record<string, number>; planReviewed: boolean },
) {
  const clinic = therapistIn(actor);
  const known = new Set(ITEMS.map((i) => i.id));
  const unknown = Object.keys(input.answers).find((k) => !known.has(k));
  if (unknown) throw new AppError('VALIDATION', `There is no statement "${unknown}".`, { field: 'answers' });
  const at = deps.now().toISOString();
  const row: NeedsAssessmentsTable = {
    id: crypto.randomUUID(),
    user_id: actor.user.id,
    clinic_id: clinic.clinicId,
    taken_at: at,
    answers: JSON.stringify(input.answers),
    plan_reviewed: input.planReviewed ? 1 : 0,
  };
  await inTransaction(deps.db, async (tx) => {
    await insertAssessment(tx, row);
    // The plan is reviewed alongside the self-assessment.
    if (input.planReviewed) await savePlanSettings(tx, firstPlanRow(actor, clinic.clinicId), { reviewed_at: at });
  });
  return present(row);
}

export async function needsHistory(deps: ReflectionDeps, actor: Actor) {
  const clinic = therapistIn(actor);
  const [rows, plan] = await Promise.all([
    assessmentsOf(deps.db, actor.user.id, clinic.clinicId),
    planRow(deps.db, actor, clinic.clinicId),
  ]);
  const cadence = plan.cadence as Cadence;
  const latest = rows[0];
  const nextDueOn = latest ? new Date(Date.parse(latest.taken_at) + CADENCE_DAYS[cadence] * 86_400_000).toISOString().slice(0, 10) : null;
  return { assessments: rows.map(present), nextDueOn, cadence };
}

const presentPlan = (row: SelfCarePlansTable) => ({
  plan: { ...EMPTY_PLAN, ...JSON.parse(row.plan) },
  updatedAt: row.updated_at,
  reviewedAt: row.reviewed_at,
});

export async function selfCarePlan(deps: ReflectionDeps, actor: Actor) {
  const clinic = therapistIn(actor);
  return presentPlan(await planRow(deps.db, actor, clinic.clinicId));
}

const PLAN_CHANGED =
  'Your self-care plan was changed in another window or on another device since this one opened it, so this save was not made. ' +
  'What you wrote is still here: copy it if you like, load the latest version, then save again.';

/**
 * The therapist's own words, saved only on the version they were based on (`basedOn`: the
 * `updatedAt` last read, null while the plan has never been saved); otherwise 409 and nothing
 * changes, so one window never silently overwrites what another saved.
 */
export async function updateSelfCarePlan(deps: ReflectionDeps, actor: Actor, input: z.output<typeof SelfCarePlanBody>) {
  const clinic = therapistIn(actor);
  const { basedOn, ...plan } = input;
  const patch = { plan: JSON.stringify(plan), updated_at: versionAt(deps.now(), basedOn) };
  const key = { user_id: actor.user.id, clinic_id: clinic.clinicId };
  const row = await writeVersion(deps.db, 'self_care_plans', key, basedOn, patch, { ...firstPlanRow(actor, clinic.clinicId), ...patch });
  if (!row) throw changedElsewhere(PLAN_CHANGED);
  return presentPlan(row);
}

export async function setCadence(deps: ReflectionDeps, actor: Actor, cadence: Cadence) {
  const clinic = therapistIn(actor);
  await savePlanSettings(deps.db, firstPlanRow(actor, clinic.clinicId), { cadence });
  return needsHistory(deps, actor);
}
