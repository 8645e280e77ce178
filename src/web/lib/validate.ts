/** Light checks before sending a form; the server's contract has the final word. */
export const PASSWORD_MIN = 12;

export const isBlank = (v: string) => v.trim() === '';
export const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim());
export const isTotpCode = (v: string) => /^\d{6}$/.test(v.trim());
export const isRecoveryCode = (v: string) => /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(v.trim());

/** Drops the entries whose message is empty, so "no errors" is an empty object. */
export function compact(errors: Record<string, string | false | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1])));
}
