import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Attune reads from the environment, in one place (documented in README.md).
 * Defaults make `npm start` work on SQLite with no `.env` file.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for SQLite)')
    .optional(),
  ATTUNE_DATA_DIR: z.string().min(1).default('data'),
  ATTUNE_PUBLIC_URL: z.string().url().optional(),
  ATTUNE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  ATTUNE_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  ATTUNE_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Attune <no-reply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  publicUrl: string | undefined;
  session: { idleMs: number; absoluteMs: number };
  trustProxy: boolean;
  mail: { smtpUrl: string | undefined; from: string };
  logLevel: string;
  version: string;
}

export const VERSION = '0.1.0';

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (DATABASE_URL=) means "not set", as people expect from shells and .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Attune cannot start: some settings are not valid.\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ATTUNE_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'sqlite', file: path.join(dataDir, 'attune.sqlite') },
    dataDir,
    publicUrl: e.ATTUNE_PUBLIC_URL?.replace(/\/$/, ''),
    session: {
      idleMs: e.ATTUNE_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.ATTUNE_SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    trustProxy: e.ATTUNE_TRUST_PROXY,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    logLevel: e.LOG_LEVEL,
    version: VERSION,
  };
}
