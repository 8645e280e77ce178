import type { z } from 'zod';
import type {
  JournalEntryBody,
  JournalEntryEditBody,
  JournalKeyBody,
  JournalPassphraseBody,
  LearningPlanBody,
} from '../../../shared/reflection/contract.js';
import { AppError } from '../../platform/errors.js';
import { recordAccess } from '../audit/index.js';
import { type Actor, requireClinic } from '../clinic/index.js';
import { identifyingTerms } from '../patients/index.js';
import type { ReflectionDeps } from './checkins.js';
import {
  createLearningPlan,
  deleteJournalEntry,
  insertJournalEntry,
  insertJournalKey,
  journalEntriesOf,
  journalEntryOf,
  journalKeyOf,
  learningPlanOf,
  replaceJournalKey,
  replaceLearningPlan,
  rewrapJournalKey,
  updateJournalEntry,
} from './store.js';
import type { JournalEntriesTable, JournalKeysTable } from './tables.js';

/**
 * The journal belongs to the person, not to a clinic. The browser derives a key from the
 * passphrase (PBKDF2-SHA256, at least 310,000 iterations) and encrypts with AES-GCM; this module
 * stores and returns opaque data only. A deleted entry is gone: the journal is not a clinical record.
 */
function signedIn(actor: Actor) {
  requireClinic(actor);
  return actor.user.id;
}

const presentKey = (k: JournalKeysTable) => ({
  kdf: 'PBKDF2-SHA256' as const,
  iterations: k.iterations,
  salt: k.salt,
  wrappedKey: k.wrapped_key,
  wrappedKeyIv: k.wrapped_key_iv,
  recoveryWrappedKey: k.recovery_wrapped_key,
  recoveryWrappedKeyIv: k.recovery_wrapped_key_iv,
  createdAt: k.created_at,
  updatedAt: k.updated_at,
});

const presentEntry = (e: JournalEntriesTable) => ({
  id: e.id,
  kind: e.kind as 'free' | 'gibbs',
  iv: e.iv,
  ciphertext: e.ciphertext,
  createdAt: e.created_at,
  updatedAt: e.updated_at,
});

export async function journalKey(deps: ReflectionDeps, actor: Actor) {
  const key = await journalKeyOf(deps.db, signedIn(actor));
  return { key: key ? presentKey(key) : null };
}

export async function setJournalKey(deps: ReflectionDeps, actor: Actor, input: z.output<typeof JournalKeyBody>) {
  const userId = signedIn(actor);
  const at = deps.now().toISOString();
  const fields = {
    kdf: input.kdf,
    iterations: input.iterations,
    salt: input.salt,
    wrapped_key: input.wrappedKey,
    wrapped_key_iv: input.wrappedKeyIv,
    recovery_wrapped_key: input.recoveryWrappedKey,
    recovery_wrapped_key_iv: input.recoveryWrappedKeyIv,
    updated_at: at,
  };
  const existing = await journalKeyOf(deps.db, userId);
  if (existing && !input.replace) {
    throw new AppError('CONFLICT', 'Your journal is already set up. To change the passphrase, unlock it first and choose a new one.');
  }
  if (existing) await replaceJournalKey(deps.db, userId, fields);
  else await insertJournalKey(deps.db, { user_id: userId, created_at: at, ...fields });
  return journalKey(deps, actor);
}

/**
 * A new passphrase. The browser proves nothing to us (it cannot: we never see a passphrase); it
 * needed the current passphrase or the recovery key to unwrap the data key it now wraps again.
 * Only the passphrase-wrapped key changes: the recovery key and every entry stay as they are.
 */
export async function changePassphrase(deps: ReflectionDeps, actor: Actor, input: z.output<typeof JournalPassphraseBody>) {
  const userId = signedIn(actor);
  await assertSetUp(deps, userId);
  const changed = await rewrapJournalKey(deps.db, userId, input.previousWrappedKey, {
    iterations: input.iterations,
    salt: input.salt,
    wrapped_key: input.wrappedKey,
    wrapped_key_iv: input.wrappedKeyIv,
    updated_at: deps.now().toISOString(),
  });
  if (!changed) {
    throw new AppError(
      'CONFLICT',
      'Your passphrase was changed meanwhile, perhaps on another device. Lock the journal and unlock it again, then try once more.',
    );
  }
  return journalKey(deps, actor);
}

export async function learningPlan(deps: ReflectionDeps, actor: Actor) {
  const row = await learningPlanOf(deps.db, signedIn(actor));
  return { plan: row ? { iv: row.iv, ciphertext: row.ciphertext, updatedAt: row.updated_at } : null };
}

/**
 * The instant a change is saved at. It must differ from the version it replaces, because that
 * `updatedAt` is what the next edit is based on: with a clock that has not moved (two saves in one
 * millisecond, or a frozen clock in tests) a stale edit would otherwise still match.
 */
function nextVersion(now: Date, basedOn: string): string {
  const after = Date.parse(basedOn) + 1;
  return new Date(Math.max(now.getTime(), after)).toISOString();
}

const PLAN_CHANGED =
  'Your learning plan was changed in another window or on another device since this one opened it, so this save was not made. ' +
  'What you wrote is still here: copy it if you like, load the latest version, then save again.';

/**
 * The learning plan is sealed with the journal's data key, so it needs the journal set up first.
 * A save applies only to the version it was based on (null: no plan yet); otherwise it changes
 * nothing and answers 409, so one window never silently overwrites another's plan.
 */
export async function keepLearningPlan(deps: ReflectionDeps, actor: Actor, input: z.output<typeof LearningPlanBody>) {
  const userId = signedIn(actor);
  await assertSetUp(deps, userId);
  const now = deps.now();
  const sealed = { iv: input.iv, ciphertext: input.ciphertext };
  const saved =
    input.basedOn === null
      ? await createLearningPlan(deps.db, { user_id: userId, ...sealed, created_at: now.toISOString(), updated_at: now.toISOString() })
      : await replaceLearningPlan(deps.db, userId, input.basedOn, { ...sealed, updated_at: nextVersion(now, input.basedOn) });
  if (!saved) throw new AppError('CONFLICT', PLAN_CHANGED, { field: 'basedOn' });
  return learningPlan(deps, actor);
}

async function assertSetUp(deps: ReflectionDeps, userId: string) {
  if (!(await journalKeyOf(deps.db, userId))) throw new AppError('CONFLICT', 'Set up your journal passphrase first.');
}

export async function addEntry(deps: ReflectionDeps, actor: Actor, input: z.output<typeof JournalEntryBody>) {
  const userId = signedIn(actor);
  await assertSetUp(deps, userId);
  const at = deps.now().toISOString();
  const row: JournalEntriesTable = {
    id: crypto.randomUUID(),
    user_id: userId,
    kind: input.kind,
    iv: input.iv,
    ciphertext: input.ciphertext,
    created_at: at,
    updated_at: at,
  };
  await insertJournalEntry(deps.db, row);
  return presentEntry(row);
}

/** Like the learning plan: an edit applies only to the version it was based on, or changes nothing. */
export async function editEntry(deps: ReflectionDeps, actor: Actor, id: string, input: z.output<typeof JournalEntryEditBody>) {
  const userId = signedIn(actor);
  const { basedOn, ...sealed } = input;
  const row = await updateJournalEntry(deps.db, userId, id, basedOn, { ...sealed, updated_at: nextVersion(deps.now(), basedOn) });
  if (row) return presentEntry(row);
  // Nothing was written; only now tell a missing entry from a changed one, for the message.
  if (!(await journalEntryOf(deps.db, userId, id))) {
    throw new AppError(
      'NOT_FOUND',
      'This entry is not in your journal any more: it may have been deleted in another window. What you wrote is still here: copy it if you like.',
    );
  }
  throw new AppError(
    'CONFLICT',
    'This reflection was changed in another window or on another device since this one opened it, so this save was not made. ' +
      'Your changes are still on your screen: load the latest version, then save again.',
    { field: 'basedOn' },
  );
}

export async function removeEntry(deps: ReflectionDeps, actor: Actor, id: string) {
  if (!(await deleteJournalEntry(deps.db, signedIn(actor), id))) throw new AppError('NOT_FOUND', 'This entry is not in your journal.');
}

export async function listEntries(deps: ReflectionDeps, actor: Actor, query: { limit: number; offset: number }) {
  const { rows, total } = await journalEntriesOf(deps.db, signedIn(actor), query.limit, query.offset);
  return { entries: rows.map(presentEntry), total };
}

/**
 * The identifiers of the therapist's own patients, so the browser can warn before a reflection
 * that names someone is saved. Reading them is a read of patients' identities, audited as a
 * patient list (without saying what for, which is the therapist's own business).
 */
export async function termsToAvoid(deps: ReflectionDeps, actor: Actor, ip: string | null) {
  const clinic = requireClinic(actor);
  const terms = await identifyingTerms(deps.db, clinic.clinicId, actor.user.id);
  await recordAccess(deps.db, deps.dialect, {
    type: 'patient.listed',
    clinicId: clinic.clinicId,
    actorUserId: actor.user.id,
    ip,
    data: { searched: false, shown: terms.length },
  });
  return { terms };
}
