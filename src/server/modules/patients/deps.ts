import type { AppDb, DialectName } from '../../platform/db/index.js';

export interface PatientsDeps {
  db: AppDb;
  dialect: DialectName;
  now: () => Date;
}
