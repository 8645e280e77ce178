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
  deleteJournalEntry,
  insertJournalEntry,
  journalEntriesOf,
  journalEntryOf,
  journalKeyOf,
  learningPlanOf,
  rewrapJournalKey,
  writeVersion,
} from './store.js';
import type { JournalEntriesTable, JournalKeysTable } from './tables.js';
import { changedElsewhere, versionAt } from './versions.js';

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

const KEY_CHANGED =
  'Your journal was set up or its keys were replaced in another window or on another device since this one read them, so nothing was replaced. ' +
  'Read the journal’s keys again, then decide whether to replace them.';

/**
 * Setting up the journal, or (`replace: true`) replacing its wrapped keys. Like every save here it
 * is based on the version it was read at: set-up on "none yet", a replacement on `basedOn` (the
 * keys' `updatedAt` last read, or null). One conditional write, so two set-ups or replacements
 * based on the same keys never both succeed; the second changes nothing and answers 409.
 */
export async function setJournalKey(deps: ReflectionDeps, actor: Actor, input: z.output<typeof JournalKeyBody>) {
  const userId = signedIn(actor);
  const basedOn = input.replace ? (input.basedOn ?? null) : null;
  const at = versionAt(deps.now(), basedOn);
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
  const row = await writeVersion(deps.db, 'journal_keys', { user_id: userId }, basedOn, fields, {
    user_id: userId,
    created_at: at,
    ...fields,
  });
  if (row) return { key: presentKey(row) };
  if (!input.replace) {
    throw new AppError('CONFLICT', 'Your journal is already set up. To change the passphrase, unlock it first and choose a new one.');
  }
  throw changedElsewhere(KEY_CHANGED);
}

/**
 * A new passphrase. The browser proves nothing to us (it cannot: we never see a passphrase); it
 * needed the current passphrase or the recovery key to unwrap the data key it now wraps again.
 * Only the passphrase-wrapped key changes: the recovery key and every entry stay as they are.
 */
export async function changePassphrase(deps: ReflectionDeps, actor: Actor, input: z.output<typeof JournalPassphraseBody>) {
  const userId = signedIn(actor);
  const current = await assertSetUp(deps, userId);
  const changed = await rewrapJournalKey(deps.db, userId, input.previousWrappedKey, {
    iterations: input.iterations,
    salt: input.salt,
    wrapped_key: input.wrappedKey,
    wrapped_key_iv: input.wrappedKeyIv,
    // A new version, so a replacement based on the keys as they were is refused (see setJournalKey).
    updated_at: versionAt(deps.now(), current.updated_at),
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
  const at = versionAt(deps.now(), input.basedOn);
  const patch = { iv: input.iv, ciphertext: input.ciphertext, updated_at: at };
  const row = await writeVersion(deps.db, 'learning_plans', { user_id: userId }, input.basedOn, patch, {
    user_id: userId,
    ...patch,
    created_at: at,
  });
  if (!row) throw changedElsewhere(PLAN_CHANGED);
  return { plan: { iv: row.iv, ciphertext: row.ciphertext, updatedAt: row.updated_at } };
}

async function assertSetUp(deps: ReflectionDeps, userId: string) {
  const key = await journalKeyOf(deps.db, userId);
  if (!key) throw new AppError('CONFLICT', 'Set up your journal passphrase first.');
  return key;
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
  const row = await writeVersion(deps.db, 'journal_entries', { user_id: userId, id }, basedOn, {
    ...sealed,
    updated_at: versionAt(deps.now(), basedOn),
  });
  if (row) return presentEntry(row);
  // Nothing was written; only now tell a missing entry from a changed one, for the message.
  if (!(await journalEntryOf(deps.db, userId, id))) {
    throw new AppError(
      'NOT_FOUND',
      'This entry is not in your journal any more: it may have been deleted in another window. What you wrote is still here: copy it if you like.',
    );
  }
  throw changedElsewhere(
    'This reflection was changed in another window or on another device since this one opened it, so this save was not made. ' +
      'Your changes are still on your screen: load the latest version, then save again.',
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
