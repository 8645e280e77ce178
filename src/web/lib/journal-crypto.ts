/**
 * The reflection journal's end-to-end encryption, in the browser with WebCrypto. The server only
 * ever sees the salt, wrapped keys and AES-GCM ciphertext; the data key lives in memory only.
 */

export const PBKDF2_ITERATIONS = 310_000;

/**
 * WebCrypto's key type, named through `crypto.subtle` so this file type-checks in the browser and
 * under Node too (test/journal.test.ts runs this very code against both databases).
 */
export type JournalCryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.deriveKey>>;
type KeyUse = 'encrypt' | 'decrypt';

export interface JournalKeyMaterial {
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  salt: string;
  wrappedKey: string;
  wrappedKeyIv: string;
  recoveryWrappedKey: string;
  recoveryWrappedKeyIv: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const b of view) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text.trim());
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

async function passphraseKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<JournalCryptoKey> {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

const rawAesKey = (raw: Uint8Array<ArrayBuffer>, usages: KeyUse[]) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, usages);

async function wrap(kek: JournalCryptoKey, raw: Uint8Array<ArrayBuffer>) {
  const iv = random(12);
  const wrapped = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, kek, raw);
  return { wrapped: toBase64(wrapped), iv: toBase64(iv) };
}

const unwrapRaw = async (kek: JournalCryptoKey, wrapped: string, iv: string) =>
  new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, kek, fromBase64(wrapped)));

async function unwrap(kek: JournalCryptoKey, wrapped: string, iv: string): Promise<JournalCryptoKey> {
  const raw = await unwrapRaw(kek, wrapped, iv);
  const key = await rawAesKey(raw, ['encrypt', 'decrypt']);
  raw.fill(0);
  return key;
}

/** Set-up: a new data key, wrapped with the passphrase and with a recovery key shown once. */
export async function createJournalKey(
  passphrase: string,
): Promise<{ material: JournalKeyMaterial; recoveryKey: string; dataKey: JournalCryptoKey }> {
  const salt = random(16);
  const dataRaw = random(32);
  const recoveryRaw = random(32);
  const byPassphrase = await wrap(await passphraseKey(passphrase, salt, PBKDF2_ITERATIONS), dataRaw);
  const byRecovery = await wrap(await rawAesKey(recoveryRaw, ['encrypt']), dataRaw);
  const dataKey = await rawAesKey(dataRaw, ['encrypt', 'decrypt']);
  dataRaw.fill(0);
  return {
    material: {
      kdf: 'PBKDF2-SHA256',
      iterations: PBKDF2_ITERATIONS,
      salt: toBase64(salt),
      wrappedKey: byPassphrase.wrapped,
      wrappedKeyIv: byPassphrase.iv,
      recoveryWrappedKey: byRecovery.wrapped,
      recoveryWrappedKeyIv: byRecovery.iv,
    },
    recoveryKey: toBase64(recoveryRaw),
    dataKey,
  };
}

/** Unlocks with the passphrase; rejects when it is wrong. */
export async function unlockWithPassphrase(material: JournalKeyMaterial, passphrase: string): Promise<JournalCryptoKey> {
  const kek = await passphraseKey(passphrase, fromBase64(material.salt), material.iterations);
  return unwrap(kek, material.wrappedKey, material.wrappedKeyIv);
}

/** Unlocks with the recovery key; rejects when it is wrong. */
export async function unlockWithRecoveryKey(material: JournalKeyMaterial, recoveryKey: string): Promise<JournalCryptoKey> {
  const kek = await rawAesKey(fromBase64(recoveryKey), ['decrypt']);
  return unwrap(kek, material.recoveryWrappedKey, material.recoveryWrappedKeyIv);
}

/** What proves the right to a new passphrase: the current passphrase, or the recovery key. */
export type JournalSecret = { passphrase: string } | { recoveryKey: string };

export interface NewPassphraseBody {
  iterations: number;
  salt: string;
  wrappedKey: string;
  wrappedKeyIv: string;
  previousWrappedKey: string;
}

/**
 * A new passphrase: the data key is unwrapped with the current secret and wrapped again under a
 * key derived (new salt) from the new passphrase. The data key itself does not change, so every
 * entry stays readable and the recovery key keeps working. Rejects when the secret is wrong.
 */
export async function rewrapForNewPassphrase(
  material: JournalKeyMaterial,
  secret: JournalSecret,
  newPassphrase: string,
): Promise<{ body: NewPassphraseBody; dataKey: JournalCryptoKey }> {
  const raw =
    'recoveryKey' in secret
      ? await unwrapRaw(
          await rawAesKey(fromBase64(secret.recoveryKey), ['decrypt']),
          material.recoveryWrappedKey,
          material.recoveryWrappedKeyIv,
        )
      : await unwrapRaw(
          await passphraseKey(secret.passphrase, fromBase64(material.salt), material.iterations),
          material.wrappedKey,
          material.wrappedKeyIv,
        );
  try {
    const salt = random(16);
    const byPassphrase = await wrap(await passphraseKey(newPassphrase, salt, PBKDF2_ITERATIONS), raw);
    return {
      body: {
        iterations: PBKDF2_ITERATIONS,
        salt: toBase64(salt),
        wrappedKey: byPassphrase.wrapped,
        wrappedKeyIv: byPassphrase.iv,
        previousWrappedKey: material.wrappedKey,
      },
      dataKey: await rawAesKey(raw, ['encrypt', 'decrypt']),
    };
  } finally {
    raw.fill(0);
  }
}

export async function encryptJson(key: JournalCryptoKey, value: unknown): Promise<{ iv: string; ciphertext: string }> {
  const iv = random(12);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, enc.encode(JSON.stringify(value)));
  return { iv: toBase64(iv), ciphertext: toBase64(ciphertext) };
}

export async function decryptJson<T>(key: JournalCryptoKey, iv: string, ciphertext: string): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, key, fromBase64(ciphertext));
  return JSON.parse(dec.decode(plain)) as T;
}

/** The unlocked data key, in memory only: gone on reload, and forgotten on sign-out or sign-in. */
let unlocked: { userId: string; key: JournalCryptoKey } | null = null;
export const unlockedJournalKey = (userId: string): JournalCryptoKey | null => (unlocked?.userId === userId ? unlocked.key : null);
export const keepJournalKey = (userId: string, key: JournalCryptoKey) => {
  unlocked = { userId, key };
};
export const lockJournal = () => {
  unlocked = null;
};
