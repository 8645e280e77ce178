import { auditMigrations } from './modules/audit/index.js';
import { authMigrations } from './modules/auth/index.js';
import { clinicMigrations } from './modules/clinic/index.js';
import { consentMigrations } from './modules/consent/index.js';
import { feedbackMigrations } from './modules/feedback/index.js';
import { patientsMigrations } from './modules/patients/index.js';
import { recordsMigrations } from './modules/records/index.js';
import { reflectionMigrations } from './modules/reflection/index.js';
import { schedulingMigrations } from './modules/scheduling/index.js';
import type { Migration } from './platform/db/migrator.js';
import { mailMigrations } from './platform/mail/index.js';

/** Every module's migrations, in rank order (a module may reference only lower ranks' tables). */
export const ALL_MIGRATIONS: Migration[] = [
  ...mailMigrations,
  ...auditMigrations,
  ...authMigrations,
  ...clinicMigrations,
  ...patientsMigrations,
  ...consentMigrations,
  ...schedulingMigrations,
  ...recordsMigrations,
  ...feedbackMigrations,
  ...reflectionMigrations,
];
