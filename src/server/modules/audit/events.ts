/** The closed set of audited events. Adding one is a deliberate act reviewed with the code. */
export const AUDIT_EVENT_TYPES = [
  'clinic.setup',
  'clinic.settings_changed',
  'user.created',
  'user.password_changed',
  'user.password_reset',
  'user.profile_updated',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.device_locked',
  'auth.device_unlocked',
  'auth.totp_enabled',
  'auth.totp_disabled',
  'auth.recovery_code_used',
  'invitation.created',
  'invitation.accepted',
  'invitation.revoked',
  'membership.role_changed',
  'membership.removed',
  'audit.viewed',
  'patient.created',
  'patient.updated',
  'patient.viewed',
  'patient.listed',
  'patient.access_report_viewed',
  'patient.sdm_added',
  'patient.sdm_ended',
  'relationship.created',
  'relationship.updated',
  'plan.set',
  'vulnerability.added',
  'vulnerability.ended',
  'gift.logged',
  'contact.logged',
  'relationship_log.viewed',
  'relationship_log.entered_in_error',
  'consent.recorded',
  'consent.withdrawn',
  'consent.viewed',
  'appointment.booked',
  'appointment.moved',
  'appointment.status_changed',
  'appointment.fee_adjusted',
  'appointment.payment_marked',
  'appointment.listed',
  'calendar.viewed',
  'calendar_feed.created',
  'calendar_feed.revoked',
  'calendar_feed.fetched',
  'note.created',
  'note.updated',
  'note.signed',
  'note.amended',
  'note.viewed',
  'note.listed',
  'note_template.saved',
  'psfs.recorded',
  'measures.viewed',
  'intake_link.created',
  'health_history.submitted',
  'health_history.viewed',
  'questionnaire.loaded',
  'feedback.settings_changed',
  'feedback.requested',
  'feedback.submitted',
  'feedback.viewed',
  'feedback_alert.raised',
  'feedback_alert.resolved',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditEvent {
  type: AuditEventType;
  clinicId?: string | null;
  actorUserId?: string | null;
  subject?: { type: string; id: string } | null;
  patientId?: string | null;
  ip?: string | null;
  /** Small, non-secret facts about the event. Never passwords, tokens or clinical text. */
  data?: Record<string, string | number | boolean | null>;
}
