import pg from 'pg';

/** Where the test PostgreSQL lives; on this machine kind, trust auth on 127.0.0.1:5432. */
export const PG_ADMIN_URL = process.env.ATTUNE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/**
 * Databases of one test run share a prefix, set once in the main process and inherited by the
 * workers, so concurrent runs never drop each other's databases.
 */
process.env.ATTUNE_TEST_RUN ??= `${process.pid.toString(36)}${Date.now().toString(36)}`;
export const RUN_PREFIX = `attune_t_${process.env.ATTUNE_TEST_RUN}_`;
export const TEMPLATE_DB = `${RUN_PREFIX}template`;

export function pgUrlFor(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function pgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function pgReachable(): Promise<boolean> {
  try {
    await pgAdmin((c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}
