import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/** The first path (e.g. "body.name") whose text holds a NUL character, if any. */
export function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = findNul(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Text with a NUL character is refused before it reaches a use case: PostgreSQL cannot store it
 * (SQLite can), and no form in Attune has a reason to send it. Same answer on both databases.
 */
export function registerInputGuards(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const where = findNul(req.params, 'params') ?? findNul(req.query, 'query') ?? findNul(req.body, 'body');
    if (where) {
      const field = where.replace(/^(body|params|query)\./, '');
      throw new AppError('VALIDATION', `${field}: This text contains an invisible control character (NUL). Please retype it.`, { field });
    }
  });
}
