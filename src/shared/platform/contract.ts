import { z } from 'zod';

export const Health = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), version: z.string() });

/** Every error the API returns has this shape; `field` names the offending input when there is one. */
export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  field: z.string().optional(),
  retryAfterSeconds: z.number().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
