import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../../shared/platform/contract.js';
import { AppError, ERROR_STATUS } from '../errors.js';

function fieldName(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return path || context || 'body';
}

/** The one place where errors become HTTP responses. Unknown errors never leak details. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: error.code, message: error.message };
    if (error.details?.field) body.field = error.details.field;
    if (error.details?.retryAfterSeconds !== undefined) body.retryAfterSeconds = error.details.retryAfterSeconds;
    if (error.details?.issues) body.issues = error.details.issues;
    return { status: ERROR_STATUS[error.code], body };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const issues = error.validation.map((v) => {
      const params = v.params as { issue?: { code?: string; keys?: string[] } };
      const keys = params.issue?.code === 'unrecognized_keys' ? params.issue.keys : undefined;
      const path = keys?.length
        ? `${fieldName(context, v.instancePath)}.${keys.join(',')}`.replace(/^body\./, '')
        : fieldName(context, v.instancePath);
      return { path, message: keys?.length ? `Unknown field: ${keys.join(', ')}.` : (v.message ?? 'is not valid') };
    });
    const first = issues[0] ?? { path: 'body', message: 'The request is not valid.' };
    return {
      status: 400,
      body: { error: 'VALIDATION', message: `${first.path}: ${first.message}`, field: first.path, issues },
    };
  }
  const fe = error as FastifyError;
  if (
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (fe instanceof SyntaxError && fe.statusCode === 400) ||
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    return { status: 400, body: { error: 'BAD_JSON', message: 'The request body is not valid JSON.' } };
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: { error: 'PAYLOAD_TOO_LARGE', message: 'The request is too large.' } };
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, body: { error: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request as application/json.' } };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { error: 'BAD_REQUEST', message: fe.message } };
  }
  return {
    status: 500,
    body: { error: 'INTERNAL', message: 'Something went wrong on our side. Nothing you did caused it; please try again.' },
  };
}

export function handleError(error: unknown, req: FastifyRequest, reply: FastifyReply) {
  const { status, body } = toErrorResponse(error);
  if (status >= 500) req.log.error({ err: error }, 'request failed');
  if (body.retryAfterSeconds !== undefined) reply.header('retry-after', String(body.retryAfterSeconds));
  return reply.status(status).send(body);
}
