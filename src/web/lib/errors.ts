import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.js';

/**
 * Turns an error into a message for people. In English the server's own message (already kind and
 * specific) is shown; in French a translation chosen by error code (and field) is shown, falling
 * back to the server's message.
 */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown, context?: string): string => {
      if (!(error instanceof ApiError)) return t('errors.generic');
      const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
      if (i18n.resolvedLanguage === 'en') return error.message;
      const keys = [
        ...(context ? [`server.${context}.${error.code}`] : []),
        ...(error.field ? [`server.${error.code}.${error.field}`] : []),
        `server.${error.code}`,
      ];
      for (const key of keys) {
        if (i18n.exists(key)) return String(t(key as 'server.NETWORK', { minutes }));
      }
      return error.message;
    },
    [t, i18n],
  );
}

export type FieldErrors = Partial<Record<string, string>>;

/**
 * Splits an API error into a message next to a field (when the server names one the form has)
 * or a message for the whole form. `aliases` maps server field names to the form's names.
 */
export function splitError(
  error: unknown,
  text: string,
  fields: readonly string[],
  aliases: Record<string, string> = {},
): { fieldErrors: FieldErrors; formError: string | null } {
  if (error instanceof ApiError && error.field) {
    const field = aliases[error.field] ?? error.field;
    if (fields.includes(field)) return { fieldErrors: { [field]: text }, formError: null };
  }
  return { fieldErrors: {}, formError: text };
}
