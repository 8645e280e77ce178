import type { z } from 'zod';
import type { Signal, SignalSettings } from '../../../shared/reflection/contract.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../clinic/index.js';
import { patientDisplayNames } from '../patients/index.js';
import { sessionsOfTherapist } from '../scheduling/index.js';
import { type ReflectionDeps, therapistIn } from './checkins.js';
import { computeSignals, DEFAULT_SIGNAL_SETTINGS, messageFor } from './signals.js';
import { dismissalsOf, saveDismissal, saveSettings, settingsOf } from './store.js';

/** Looking back a year is plenty for "the last few sessions" and keeps the query bounded. */
const LOOK_BACK_MS = 366 * 86_400_000;

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
  const dismissed = new Map((await dismissalsOf(deps.db, actor.user.id, clinic.clinicId)).map((d) => [d.signal_key, d.evidence_until]));
  const signals = computeSignals(sessions, settings, now).filter((s) => {
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
  return signals.map((s) => {
    const patientName = names.get(s.patientId) ?? 'this client';
    return {
      key: s.key,
      kind: s.kind,
      patientId: s.patientId,
      patientName,
      count: s.count,
      window: s.window,
      message: messageFor(s, patientName),
    };
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
