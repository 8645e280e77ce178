import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../shared/auth/contract.js';
import { AppError } from '../../platform/errors.js';

const zxcvbn = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
const commonPasswords = new Set<string>(common.dictionary['passwords-common'] as string[]);

// OWASP's argon2id floor: 19 MiB, 2 passes, 1 lane (~10 ms a verify on this hardware).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash that no password matches, verified when an account is unknown so timing reveals nothing. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('attune-decoy-password-that-no-one-uses');
  return decoyHash;
}

/**
 * Refuses short, common or easily guessed passwords with a message that says what would work.
 * `personal` holds the user's own words (email, name, clinic) that must not make up the password.
 */
export function assertPasswordAcceptable(password: string, personal: string[] = []): void {
  if (password.length < PASSWORD_MIN) {
    throw new AppError('WEAK_PASSWORD', `Use at least ${PASSWORD_MIN} characters.`, { field: 'password' });
  }
  if (password.length > PASSWORD_MAX) {
    throw new AppError('WEAK_PASSWORD', `Use at most ${PASSWORD_MAX} characters.`, { field: 'password' });
  }
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered) || commonPasswords.has(lowered.replace(/[0-9!?.]+$/, ''))) {
    throw new AppError(
      'WEAK_PASSWORD',
      'This password is one of the most common passwords and would be guessed quickly. A few unrelated words together make a strong one.',
      { field: 'password' },
    );
  }
  const containsOwn = personal.map((p) => p.toLowerCase().split('@')[0] ?? '').some((own) => own.length >= 4 && lowered.includes(own));
  if (containsOwn) {
    throw new AppError('WEAK_PASSWORD', 'Choose a password that does not contain your name or email address.', {
      field: 'password',
    });
  }
  const words = personal.flatMap((p) => p.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w.length >= 3);
  const result = zxcvbn.check(password, words);
  if (result.score < 3) {
    throw new AppError(
      'WEAK_PASSWORD',
      'This password would be easy to guess. Try a longer phrase of unrelated words, without your name or email.',
      { field: 'password' },
    );
  }
}
