export { type Actor, presentMe, requireClinic, resolveActor } from './actor.js';
export type { ClinicDeps } from './deps.js';
export { clinicMigrations } from './migrations/index.js';
export { allows, assertAllowed, RULES } from './policy.js';
export { registerClinicRoutes } from './routes.js';
export { needsSetup, setUpPractice } from './setup.js';
export { findClinic, insertMembership, membershipsOf, membersOf } from './store.js';
export type { ClinicTables } from './tables.js';
