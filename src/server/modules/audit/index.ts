export { type ChainProblem, checkChain, hashRow } from './chain.js';
export { AUDIT_EVENT_TYPES, type AuditEvent, type AuditEventType } from './events.js';
export { auditMigrations } from './migrations/index.js';
export { type Reader, recordAccess, recordAudit, recordAuditAlone, recordAudits, recordPatientRead } from './record.js';
export { listEvents } from './store.js';
export type { AuditTables } from './tables.js';
export { type AuditVerification, verifyAudit } from './verify.js';
