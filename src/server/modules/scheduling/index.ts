export { clinicTimeZone } from './calendar-access.js';
export type { SchedulingDeps } from './deps.js';
export { appointmentForRecords } from './for-records.js';
export { feeEventsForTherapist, sessionsOfTherapist } from './for-reflection.js';
export { schedulingMigrations } from './migrations/index.js';
export { upcomingAppointmentsCheck } from './patient-appointments.js';
export { registerSchedulingRoutes } from './routes.js';
export type { SchedulingTables } from './tables.js';
export { wallClock, wallDate } from './time.js';
