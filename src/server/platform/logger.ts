import pino, { type LoggerOptions } from 'pino';

/**
 * Logs never carry passwords, tokens, TOTP codes or health information. Request bodies are not
 * logged at all; these paths catch anything that slips into a log call by accident.
 */
export const REDACT_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  'totp',
  'code',
  'token',
  'secret',
  'recoveryCodes',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.totp',
  '*.token',
  '*.secret',
  'body',
  '*.body',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // Keep only what helps operate the service; query strings may carry invitation tokens.
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0]?.replace(/\/(invitations|tokens)\/[^/]+/, '/$1/[redacted]'),
        id: req.id,
      }),
    },
  };
}

export function createLogger(level: string) {
  return pino(loggerOptions(level));
}
