import { consentAccess } from './consent.js';
import { feedbackAccess } from './feedback.js';
import { patientsAccess } from './patients.js';
import { logoutAccess, platformAccess } from './platform.js';
import { recordsAccess } from './records.js';
import { reflectionAccess } from './reflection.js';
import { relationshipLogAccess } from './relationship-log.js';
import { schedulingAccess } from './scheduling.js';
import type { AccessModule } from './types.js';

/**
 * Every module's access rules, in rank order. A module adds its file here; logout stays last.
 * Fixtures run in this order, so a module can use ids that lower modules built.
 */
export const ACCESS_MODULES: AccessModule[] = [
  platformAccess,
  patientsAccess,
  relationshipLogAccess,
  consentAccess,
  schedulingAccess,
  recordsAccess,
  feedbackAccess,
  reflectionAccess,
  logoutAccess,
];
