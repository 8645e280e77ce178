import type { z } from 'zod';
import type { HealthHistory, HealthHistoryAnswers } from '../../../shared/patients/contract.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail/index.js';
import { recordAudit, recordPatientRead } from '../audit/index.js';
import { hashToken, newToken } from '../auth/index.js';
import { type Actor, findClinic } from '../clinic/index.js';
import { requirePatient } from './access.js';
import type { PatientsDeps } from './deps.js';
import { addYears } from './rules.js';
import { findIntakeLink, findPatient, healthHistoriesOf, insertHealthHistory, insertIntakeLink, spendIntakeLink } from './store.js';
import type { HealthHistoriesTable } from './tables.js';

export interface IntakeDeps extends PatientsDeps {
  mailer: Mailer;
  publicUrl: string | undefined;
}

/** A link sent home lasts a week; a tablet handed over in the clinic, an hour. */
const LINK_LIFETIME_MS = { email: 7 * 86_400_000, copy: 7 * 86_400_000, tablet: 3_600_000 } as const;
const REVIEW_YEARS = 1;

type Answers = z.output<typeof HealthHistoryAnswers>;

function present(row: HealthHistoriesTable): z.infer<typeof HealthHistory> {
  const answers = JSON.parse(row.answers) as Answers;
  return { id: row.id, completedAt: row.completed_at, source: row.source as 'patient_link' | 'tablet' | 'therapist', ...answers };
}

export async function healthHistoryOf(deps: PatientsDeps, actor: Actor, patientId: string, ip: string | null) {
  const { clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const rows = await healthHistoriesOf(deps.db, patientId);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'health_history.viewed', patientId);
  const [latest, ...older] = rows.map(present);
  const dueOn = latest ? addYears(latest.completedAt.slice(0, 10), REVIEW_YEARS) : null;
  const today = deps.now().toISOString().slice(0, 10);
  return { current: latest ?? null, previous: older, reviewDue: dueOn === null || dueOn <= today, reviewDueOn: dueOn };
}

/** Annual review: is a health history missing, or was the latest completed more than a year before `today`? (For the chart header.) */
export function healthHistoryReviewDueAfter(latestCompletedAt: string | null, today: string): boolean {
  if (!latestCompletedAt) return true;
  return addYears(latestCompletedAt.slice(0, 10), REVIEW_YEARS) <= today;
}

/** A single-use, unguessable link for the patient to complete their health history without an account. */
export async function createIntakeLink(
  deps: IntakeDeps,
  actor: Actor,
  patientId: string,
  delivery: 'email' | 'copy' | 'tablet',
  baseUrl: string,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  if (delivery === 'email') {
    if (!patient.email)
      throw new AppError('VALIDATION', 'This patient has no email address on file. Copy the link instead, or hand over the tablet.', {
        field: 'delivery',
      });
    if (!deps.mailer.enabled)
      throw new AppError('CONFLICT', 'Email is not set up for this clinic. Copy the link instead.', { field: 'delivery' });
  }
  const now = deps.now();
  const { token, hash } = newToken();
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[delivery]).toISOString();
  const link = `${deps.publicUrl ?? baseUrl}/intake/${token}`;
  await inTransaction(deps.db, async (tx) => {
    await insertIntakeLink(tx, {
      id: crypto.randomUUID(),
      clinic_id: clinic.clinicId,
      patient_id: patient.id,
      token_hash: hash,
      delivery,
      created_by: actor.user.id,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    });
    if (delivery === 'email' && patient.email) {
      await deps.mailer.enqueue(
        tx,
        {
          to: patient.email,
          subject: `${clinic.clinicName}: your health history`,
          text: [
            `Hello ${patient.preferred_name ?? patient.legal_first_name},`,
            '',
            `Before your massage therapy at ${clinic.clinicName}, please tell us about your health. It takes a few minutes and helps us keep your treatment safe.`,
            '',
            `This link works once, until ${expiresAt.slice(0, 10)}:`,
            link,
            '',
            'If you were not expecting this, you can ignore this message.',
          ].join('\n'),
        },
        now,
      );
    }
    await recordAudit(tx, deps.dialect, {
      type: 'intake_link.created',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'patient', id: patient.id },
      ip,
      data: { delivery },
    });
  });
  return { link, expiresAt, emailQueued: delivery === 'email' };
}

const INVALID = 'This link is no longer valid. It may have been used already or expired. Please ask the clinic for a new one.';

async function liveLink(deps: PatientsDeps, token: string) {
  const link = await findIntakeLink(deps.db, hashToken(token));
  if (!link || link.used_at || link.expires_at <= deps.now().toISOString()) throw new AppError('INVITATION_INVALID', INVALID);
  const patient = await findPatient(deps.db, link.clinic_id, link.patient_id);
  if (!patient) throw new AppError('INVITATION_INVALID', INVALID);
  return { link, patient };
}

/** What the patient sees when they open the link: first name, clinic, and their last answers to update. */
export async function openIntake(deps: PatientsDeps, token: string) {
  const { link, patient } = await liveLink(deps, token);
  const clinic = await findClinic(deps.db, link.clinic_id);
  const [latest] = await healthHistoriesOf(deps.db, patient.id);
  return {
    clinicName: clinic?.name ?? '',
    firstName: patient.preferred_name ?? patient.legal_first_name,
    previous: latest ? (JSON.parse(latest.answers) as Answers) : null,
    expiresAt: link.expires_at,
  };
}

/** The patient's answers, stored as a new version; the link is spent in the same transaction. */
export async function submitIntake(deps: PatientsDeps, token: string, answers: Answers, ip: string | null) {
  const { link, patient } = await liveLink(deps, token);
  const at = deps.now().toISOString();
  await inTransaction(deps.db, async (tx) => {
    if (!(await spendIntakeLink(tx, link.id, at))) throw new AppError('INVITATION_INVALID', INVALID);
    const id = crypto.randomUUID();
    await insertHealthHistory(tx, {
      id,
      clinic_id: link.clinic_id,
      patient_id: patient.id,
      answers: JSON.stringify(answers),
      source: link.delivery === 'tablet' ? 'tablet' : 'patient_link',
      completed_at: at,
      recorded_by: null,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'health_history.submitted',
      clinicId: link.clinic_id,
      patientId: patient.id,
      subject: { type: 'health_history', id },
      ip,
      data: { via: link.delivery },
    });
  });
}
