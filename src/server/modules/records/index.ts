export { painBySession } from './measures.js';
export { recordsMigrations } from './migrations/index.js';
export type { RecordsDeps } from './notes.js';
export { registerRecordsRoutes } from './routes.js';
export { painAmendmentsQuery, painSeriesQuery } from './store.js';
export type { RecordsTables } from './tables.js';
