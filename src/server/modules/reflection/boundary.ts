import type { z } from 'zod';
import type { Signal, SignalSettings } from '../../../shared/reflection/contract.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../clinic/index.js';
import { patientDisplayNames, relationshipLogOfTherapist } from '../patients/index.js';
import { feeEventsForTherapist, sessionsOfTherapist } from '../scheduling/index.js';
import { type ReflectionDeps, therapistIn } from './checkins.js';
import { computeFeeSignals, computeRelationshipSignals, computeSignals, DEFAULT_SIGNAL_SETTINGS, messageFor } from './signals.js';
import { dismissalsOf, reflectionsOf, saveDismissal, saveReflection, saveSettings, settingsOf } from './store.js';

/** Looking back a year is plenty for "the last few sessions" and keeps the query bounded. */
const DAY_MS = 86_400_000;
const LOOK_BACK_MS = 366 * DAY_MS;

export async function signalSettings(deps: ReflectionDeps, actor: Actor): Promise<SignalSettings> {
  const clinic = therapistIn(actor);
  const saved = await settingsOf(deps.db, actor.user.id, clinic.clinicId);
  return saved ? { ...DEFAULT_SIGNAL_SETTINGS, ...JSON.parse(saved) } : DEFAULT_SIGNAL_SETTINGS;
}

export async function tuneSignals(deps: ReflectionDeps, actor: Actor, settings: SignalSettings) {
  const clinic = therapistIn(actor);
  await saveSettings(deps.db, actor.user.id, clinic.clinicId, JSON.stringify(settings), deps.now().toISOString());
  return settings;
}

async function current(deps: ReflectionDeps, actor: Actor) {
  const clinic = therapistIn(actor);
  const now = deps.now();
  const settings = await signalSettings(deps, actor);
  const sessions = await sessionsOfTherapist(deps.db, clinic.clinicId, actor.user.id, new Date(now.getTime() - LOOK_BACK_MS).toISOString());
  const longest = Math.max(settings.giftDays, settings.contactDays) + 1;
  const log = await relationshipLogOfTherapist(
    deps,
    clinic.clinicId,
    actor.user.id,
    new Date(now.getTime() - longest * DAY_MS).toISOString().slice(0, 10),
  );
  const fees = await feeEventsForTherapist(deps.db, actor.user.id, new Date(now.getTime() - settings.feeDays * DAY_MS).toISOString());
  const dismissed = new Map((await dismissalsOf(deps.db, actor.user.id, clinic.clinicId)).map((d) => [d.signal_key, d.evidence_until]));
  const all = [
    ...computeSignals(sessions, settings, now),
    ...computeRelationshipSignals(log, settings, now),
    ...computeFeeSignals(fees, settings, now),
  ];
  const signals = all.filter((s) => {
    const until = dismissed.get(s.key);
    return until === undefined || s.evidenceUntil > until;
  });
  return { clinic, signals };
}

/** The therapist's own signals, as invitations; dismissed ones stay away until something new happens. */
export async function boundarySignals(deps: ReflectionDeps, actor: Actor): Promise<z.infer<typeof Signal>[]> {
  const { clinic, signals } = await current(deps, actor);
  const names = await patientDisplayNames(
    deps.db,
    clinic.clinicId,
    signals.map((s) => s.patientId),
  );
  const reflected = new Map((await reflectionsOf(deps.db, actor.user.id, clinic.clinicId)).map((r) => [r.signal_key, r]));
  // Fee events come from every clinic the therapist works in: show only this clinic's clients.
  return signals
    .filter((s) => s.kind !== 'fee_adjustments' || names.has(s.patientId))
    .map((s) => {
      const patientName = names.get(s.patientId) ?? 'this client';
      const reflection = reflected.get(s.key);
      return {
        key: s.key,
        kind: s.kind,
        patientId: s.patientId,
        patientName,
        count: s.count,
        window: s.window,
        message: messageFor(s, patientName),
        reflectedAt: reflection?.reflected_at ?? null,
        newSinceReflection: reflection ? s.evidenceUntil > reflection.evidence_until : false,
      };
    });
}

/** The therapist wrote a structured reflection from this signal: the card says so. */
export async function markSignalReflected(deps: ReflectionDeps, actor: Actor, key: string) {
  const { clinic, signals } = await current(deps, actor);
  const signal = signals.find((s) => s.key === key);
  if (!signal) throw new AppError('NOT_FOUND', 'This signal is not showing any more.');
  await saveReflection(deps.db, {
    user_id: actor.user.id,
    clinic_id: clinic.clinicId,
    signal_key: key,
    evidence_until: signal.evidenceUntil,
    reflected_at: deps.now().toISOString(),
  });
}

export async function dismissSignal(deps: ReflectionDeps, actor: Actor, key: string) {
  const { clinic, signals } = await current(deps, actor);
  const signal = signals.find((s) => s.key === key);
  if (!signal) throw new AppError('NOT_FOUND', 'This signal is not showing any more.');
  await saveDismissal(deps.db, {
    user_id: actor.user.id,
    clinic_id: clinic.clinicId,
    signal_key: key,
    evidence_until: signal.evidenceUntil,
    dismissed_at: deps.now().toISOString(),
  });
}
