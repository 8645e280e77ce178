export { computeAlerts } from './alerts.js';
export type { FeedbackDeps } from './deps.js';
export { computeAllAlerts, startFeedbackJobs } from './jobs.js';
export { feedbackMigrations } from './migrations/index.js';
export { requestFeedbackForCompleted } from './requests.js';
export { registerFeedbackRoutes } from './routes.js';
export type { FeedbackTables } from './tables.js';
export { openAlertsCheck } from './trajectory.js';
