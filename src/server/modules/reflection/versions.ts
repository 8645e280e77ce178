import { AppError } from '../../platform/errors.js';

/**
 * Saves in the private room are version-checked: the browser names the `updatedAt` it last read
 * (`basedOn`, null for "none yet") and the store writes only if that is still the latest
 * (`writeVersion` in store.ts). These two helpers are the rest of that one mechanism.
 *
 * The instant a save is made at. It must differ from the version it replaces, because that
 * `updatedAt` is what the next save is based on: with a clock that has not moved (two saves in one
 * millisecond, or a frozen clock in tests) a stale save would otherwise still match.
 */
export function versionAt(now: Date, basedOn: string | null): string {
  if (basedOn === null) return now.toISOString();
  return new Date(Math.max(now.getTime(), Date.parse(basedOn) + 1)).toISOString();
}

/** Nothing was written because another window or device saved first: 409 on `basedOn`, in the caller's words. */
export function changedElsewhere(message: string): AppError {
  return new AppError('CONFLICT', message, { field: 'basedOn' });
}
