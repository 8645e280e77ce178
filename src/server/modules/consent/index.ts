export { type ConsentDeps, sensitiveAreasConsentedFor, statusOf, treatmentConsentInPlace } from './consents.js';
export { consentMigrations } from './migrations/index.js';
export { registerConsentRoutes } from './routes.js';
export type { ConsentTables } from './tables.js';
