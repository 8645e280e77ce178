/**
 * Domain errors. Use cases throw `AppError(code)`; the HTTP layer maps each code to a status once
 * (platform/http/errors.ts). Messages say kindly what to do next; they never contain secrets.
 */
export const ERROR_STATUS = {
  VALIDATION: 400,
  BAD_JSON: 400,
  UNAUTHENTICATED: 401,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN: 403,
  TOTP_ENROLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CONSENT_REQUIRED: 409,
  OUTSIDE_HOURS: 409,
  ALREADY_SET_UP: 409,
  INVITATION_INVALID: 410,
  SESSION_LOCKED: 423,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  WEAK_PASSWORD: 422,
  THROTTLED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { field?: string; retryAfterSeconds?: number; issues?: { path: string; message: string }[] },
  ) {
    super(message);
    this.name = 'AppError';
  }
}
