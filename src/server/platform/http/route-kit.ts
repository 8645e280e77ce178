import type { FastifyRequest } from 'fastify';
import { ErrorBody } from '../../../shared/platform/contract.js';

/** Error answers every API route may give, for the OpenAPI document (one shape for all). */
export const ERROR_RESPONSES = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  410: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  422: ErrorBody,
  423: ErrorBody,
  429: ErrorBody,
} as const;

/** The caller's address, for the audit log and throttling (honours ATTUNE_TRUST_PROXY). */
export const clientIp = (req: FastifyRequest): string | null => req.ip ?? null;

/** Where this request arrived, for links in emails when ATTUNE_PUBLIC_URL is not set. */
export const baseUrlOf = (req: FastifyRequest): string => `${req.protocol}://${req.host}`;
export { PUBLIC_ROUTE } from './guard.js';
