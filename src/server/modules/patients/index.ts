export { accessTo, clinicalAccessAmong, type PatientAccess, requirePatient } from './access.js';
export type { PatientsDeps } from './deps.js';
export { identifyingTerms, patientDisplayNames, plansDueForReview, safeguardsByPatient } from './for-calendar.js';
export { type ConsentContext, consentContext } from './for-consent.js';
export { patientsMigrations } from './migrations/index.js';
export { registerPatientRoutes } from './routes.js';
export { ageOn, displayName, needsSubstituteDecisionMaker } from './rules.js';
export { advanceLastVisit as noteVisit } from './store.js';
export type { PatientsTables } from './tables.js';
