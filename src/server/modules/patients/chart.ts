import { forReading } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { listEvents, recordPatientRead } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { membersOf } from '../clinic/index.js';
import { requireChart, requirePatient } from './access.js';
import type { PatientsDeps } from './deps.js';
import { healthHistoryReviewDueAfter } from './intake.js';
import { presentDemographics, presentFactor } from './present.js';
import { derivedAgeFactor } from './rules.js';

/**
 * Opens a patient's chart: demographics for the front desk, plus relationships, plans and the
 * vulnerability profile for the treating therapist. Every opening is audited with its scope.
 */
export async function viewChart(deps: PatientsDeps, actor: Actor, patientId: string, ip: string | null) {
  // The patient, the access check, the substitute decision-makers and the clinical lists: one statement.
  const { patient, sdms, access, clinic, clinical: read } = await requireChart(deps, actor, patientId);
  const today = deps.now().toISOString().slice(0, 10);
  // The access is put on record while the chart is read; the chart leaves only once both are done.
  const audited = recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'patient.viewed', patient.id, {
    data: { scope: access },
  });
  const demographics = presentDemographics(patient, sdms, today, patient.last_visit_on ?? patient.created_at);
  let clinical = null;
  if (read) {
    const { relationships, plans } = read;
    const factors = read.vulnerability.map(presentFactor);
    const ageFactor = derivedAgeFactor(patient.date_of_birth, today);
    if (ageFactor) {
      factors.unshift({
        id: `derived-${ageFactor}`,
        kind: ageFactor,
        source: 'derived',
        notedOn: patient.date_of_birth,
        note: null,
        safeguard: null,
        audience: 'care_team',
        active: true,
      });
    }
    clinical = {
      relationships: relationships.map((r) => {
        const plan = plans.find((p) => p.relationship_id === r.id);
        return {
          id: r.id,
          therapistUserId: r.therapist_user_id,
          therapistName: r.therapist_name,
          startedOn: r.started_on,
          status: r.status as 'active' | 'covered' | 'transferred' | 'ended',
          patientGoals: r.patient_goals,
          plan: plan
            ? {
                id: plan.id,
                areas: JSON.parse(plan.areas) as string[],
                techniques: JSON.parse(plan.techniques) as string[],
                frequency: plan.frequency,
                reviewDate: plan.review_date,
                notes: plan.notes,
                createdAt: plan.created_at,
                createdBy: plan.created_by,
              }
            : null,
          planReviewDue: plan ? plan.review_date <= today && r.status === 'active' : false,
        };
      }),
      vulnerability: factors,
      safeguards: factors.filter((f) => f.active && f.safeguard).map((f) => f.safeguard as string),
      healthHistoryReviewDue: healthHistoryReviewDueAfter(read.latestHealthHistoryAt, today),
    };
  }
  await audited;
  return { patient: demographics, clinical };
}

const ACTIONS: Record<string, string> = {
  'patient.viewed': 'viewed the record',
  'patient.created': 'registered the patient',
  'patient.updated': 'changed contact or personal details',
  'patient.sdm_added': 'added a substitute decision-maker',
  'patient.sdm_ended': 'removed a substitute decision-maker',
  'relationship.created': 'started a therapeutic relationship',
  'relationship.updated': 'updated the relationship or goals',
  'plan.set': 'set the treatment plan',
  'vulnerability.added': 'noted a vulnerability factor',
  'vulnerability.ended': 'closed a vulnerability factor',
  'patient.access_report_viewed': 'produced this access report',
  'patient.listed': 'listed patients',
  'health_history.viewed': 'read the health history',
  'health_history.submitted': 'completed the health history',
  'intake_link.created': 'sent a health-history link',
  'consent.recorded': 'recorded a consent',
  'consent.withdrawn': 'recorded a withdrawal of consent',
  'consent.viewed': 'read the consent records',
  'appointment.booked': 'booked an appointment',
  'appointment.moved': 'moved an appointment',
  'appointment.status_changed': 'updated an appointment',
  'note.created': 'started a treatment note',
  'note.updated': 'edited a draft treatment note',
  'note.signed': 'signed a treatment note',
  'note.amended': 'amended a treatment note',
  'note.viewed': 'read a treatment note',
  'note.listed': 'listed the treatment notes',
  'psfs.recorded': 'recorded a functional scale',
  'measures.viewed': 'read the outcome measures',
  'appointment.listed': 'listed the appointments',
  'appointment.fee_adjusted': 'adjusted a fee',
  'appointment.payment_marked': 'marked a payment',
  'feedback.requested': 'asked for feedback after a session',
  'feedback.submitted': 'answered the feedback questionnaire',
  'feedback.viewed': 'read the session feedback',
  'feedback_alert.raised': 'was alerted by the session feedback',
  'feedback_alert.resolved': 'resolved a feedback alert',
  'gift.logged': 'noted a gift',
  'contact.logged': 'noted contact outside the clinic',
  'relationship_log.viewed': 'read the gifts and contact log',
  'relationship_log.entered_in_error': 'marked a log entry as entered in error',
};

/**
 * "Who viewed my record": every audited access to one patient's record, newest first. The treating
 * therapist and the clinic owner (the custodian) can produce it; producing it is audited too.
 */
export async function recordAccessReport(deps: PatientsDeps, actor: Actor, patientId: string, ip: string | null) {
  const { patient, access, clinic } = await requirePatient(deps, actor, patientId, 'demographics');
  if (access !== 'clinical' && clinic.role !== 'owner') {
    throw new AppError('FORBIDDEN', 'The treating therapist or the clinic owner can produce this report.');
  }
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'patient.access_report_viewed', patient.id);
  const events = await listEvents(forReading(deps.db), { clinicId: clinic.clinicId, patientId: patient.id, limit: 5000 });
  const people = new Map((await membersOf(deps.db, clinic.clinicId)).map((m) => [m.id, m]));
  return {
    patientId: patient.id,
    entries: events.map((e) => {
      const person = e.actor_user_id ? people.get(e.actor_user_id) : undefined;
      const by: 'member' | 'former_member' | 'patient' = e.actor_user_id === null ? 'patient' : person ? 'member' : 'former_member';
      return {
        at: e.at,
        who: by === 'patient' ? 'The patient (secure link)' : (person?.name ?? 'A former member of the clinic'),
        role: person?.role ?? null,
        by,
        action: ACTIONS[e.type] ?? 'accessed the record',
        code: e.type,
      };
    }),
  };
}
