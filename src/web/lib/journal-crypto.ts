/**
 * The reflection journal's end-to-end encryption, in the browser with WebCrypto. The server only
 * ever sees the salt, wrapped keys and AES-GCM ciphertext; the data key lives in memory only.
 */

export const PBKDF2_ITERATIONS = 310_000;

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

async function passphraseKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

const rawAesKey = (raw: Uint8Array<ArrayBuffer>, usages: KeyUsage[]) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, usages);

async function wrap(kek: CryptoKey, raw: Uint8Array<ArrayBuffer>) {
  const iv = random(12);
  const wrapped = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, kek, raw);
  return { wrapped: toBase64(wrapped), iv: toBase64(iv) };
}

async function unwrap(kek: CryptoKey, wrapped: string, iv: string): Promise<CryptoKey> {
  const raw = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, kek, fromBase64(wrapped)));
  const key = await rawAesKey(raw, ['encrypt', 'decrypt']);
  raw.fill(0);
  return key;
}

/** Set-up: a new data key, wrapped with the passphrase and with a recovery key shown once. */
export async function createJournalKey(
  passphrase: string,
): Promise<{ material: JournalKeyMaterial; recoveryKey: string; dataKey: CryptoKey }> {
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
export async function unlockWithPassphrase(material: JournalKeyMaterial, passphrase: string): Promise<CryptoKey> {
  const kek = await passphraseKey(passphrase, fromBase64(material.salt), material.iterations);
  return unwrap(kek, material.wrappedKey, material.wrappedKeyIv);
}

/** Unlocks with the recovery key; rejects when it is wrong. */
export async function unlockWithRecoveryKey(material: JournalKeyMaterial, recoveryKey: string): Promise<CryptoKey> {
  const kek = await rawAesKey(fromBase64(recoveryKey), ['decrypt']);
  return unwrap(kek, material.recoveryWrappedKey, material.recoveryWrappedKeyIv);
}

export async function encryptJson(key: CryptoKey, value: unknown): Promise<{ iv: string; ciphertext: string }> {
  const iv = random(12);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, enc.encode(JSON.stringify(value)));
  return { iv: toBase64(iv), ciphertext: toBase64(ciphertext) };
}

export async function decryptJson<T>(key: CryptoKey, iv: string, ciphertext: string): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, key, fromBase64(ciphertext));
  return JSON.parse(dec.decode(plain)) as T;
}

/** The unlocked data key, in memory only: gone on reload, and forgotten on sign-out or sign-in. */
let unlocked: { userId: string; key: CryptoKey } | null = null;
export const unlockedJournalKey = (userId: string): CryptoKey | null => (unlocked?.userId === userId ? unlocked.key : null);
export const keepJournalKey = (userId: string, key: CryptoKey) => {
  unlocked = { userId, key };
};
export const lockJournal = () => {
  unlocked = null;
};
