import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';

const PERIOD = 30;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export async function totpEnrolment(secret: string, accountEmail: string) {
  const otpauthUrl = generateURI({ issuer: 'Attune', label: accountEmail, secret });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUrl, qrSvg };
}

export function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/**
 * Returns the time step the code belongs to (one step of clock drift either way), or null.
 * The caller stores the step so the same code cannot be replayed within its window.
 */
export async function matchTotp(secret: string, code: string, now: Date, lastStep: number | null) {
  const seconds = Math.floor(now.getTime() / 1000);
  for (const offset of [0, -1, 1]) {
    const epoch = seconds + offset * PERIOD;
    const step = Math.floor(epoch / PERIOD);
    if (lastStep !== null && step <= lastStep) continue;
    if ((await generate({ secret, epoch })) === code) return step;
  }
  return null;
}

const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Ten codes of 10 characters (50 bits each), shown once; only their hashes are stored. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  const normalised = code.trim().toLowerCase().replace('-', '');
  return createHash('sha256').update(normalised).digest('hex');
}
