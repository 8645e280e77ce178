import type { AppDb, DialectName } from '../../platform/db/index.js';

/** What auth use cases need: the database and a clock. */
export interface AuthDeps {
  db: AppDb;
  dialect: DialectName;
  now: () => Date;
}
