import type { z } from 'zod';
import type { Signal, SignalSettings, SignalSettingsBody, SignalSettingsView } from '../../../shared/reflection/contract.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../clinic/index.js';
import { patientDisplayNames, relationshipLogOfTherapist } from '../patients/index.js';
import { feeEventsForTherapist, sessionsOfTherapist } from '../scheduling/index.js';
import { type ReflectionDeps, therapistIn } from './checkins.js';
import { computeFeeSignals, computeRelationshipSignals, computeSignals, DEFAULT_SIGNAL_SETTINGS, messageFor } from './signals.js';
import { dismissalsOf, reflectionsOf, saveDismissal, saveReflection, settingsOf, writeVersion } from './store.js';
import { changedElsewhere, versionAt } from './versions.js';

/** Looking back a year is plenty for "the last few sessions" and keeps the query bounded. */
const DAY_MS = 86_400_000;
const LOOK_BACK_MS = 366 * DAY_MS;

const presentSettings = (saved: { settings: string; updated_at: string } | undefined): z.output<typeof SignalSettingsView> =>
  saved
    ? { ...DEFAULT_SIGNAL_SETTINGS, ...JSON.parse(saved.settings), updatedAt: saved.updated_at }
    : { ...DEFAULT_SIGNAL_SETTINGS, updatedAt: null };

/** The person's thresholds (the defaults until they tune them), with the version a change is based on. */
export async function signalSettings(deps: ReflectionDeps, actor: Actor) {
  const clinic = therapistIn(actor);
  return presentSettings(await settingsOf(deps.db, actor.user.id, clinic.clinicId));
}

const SETTINGS_CHANGED =
  'Your signal settings were changed in another window or on another device since this one opened them, so this save was not made. ' +
  'Your numbers are still here: load the latest version, then save again.';

/** Saved only on the version they were based on (null: never tuned), like every save in the private room. */
export async function tuneSignals(deps: ReflectionDeps, actor: Actor, input: z.output<typeof SignalSettingsBody>) {
  const clinic = therapistIn(actor);
  const { basedOn, ...settings } = input;
  const key = { user_id: actor.user.id, clinic_id: clinic.clinicId };
  const patch = { settings: JSON.stringify(settings), updated_at: versionAt(deps.now(), basedOn) };
  const row = await writeVersion(deps.db, 'signal_settings', key, basedOn, patch, { ...key, ...patch });
  if (!row) throw changedElsewhere(SETTINGS_CHANGED);
  return presentSettings(row);
}

async function current(deps: ReflectionDeps, actor: Actor) {
  const clinic = therapistIn(actor);
  const now = deps.now();
  const settings: SignalSettings = await signalSettings(deps, actor);
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
