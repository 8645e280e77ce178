import type { AppDb, DialectName } from '../../platform/db/index.js';

export interface SchedulingDeps {
  db: AppDb;
  dialect: DialectName;
  now: () => Date;
  /** Base of the private calendar feed's address: ATTUNE_PUBLIC_URL or the address the request came to. */
  publicUrl: string | undefined;
}
