import type { FeedbackLanguage, FeedbackRequestCreated } from '../../../shared/feedback/contract.js';
import { type AppDb, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { newToken } from '../auth/index.js';
import { type Actor, findClinic, membersOf } from '../clinic/index.js';
import { statusOf } from '../consent/index.js';
import { feedbackRecipient, requirePatient } from '../patients/index.js';
import { appointmentForRecords, clinicTimeZone, sessionsOfTherapist, wallClock } from '../scheduling/index.js';
import type { FeedbackDeps } from './deps.js';
import { BUILT_IN_URL, BUILT_IN_VERSION } from './instrument.js';
import { treats } from './policy.js';
import {
  builtInQuestionnaireRow,
  clinicsSendingAutomatically,
  findQuestionnaire,
  insertRequest,
  renewRequest,
  requestedAmong,
  requestForAppointment,
  setSweptUntil,
  settingsOf,
} from './store.js';

/** A feedback link lasts a week, works once, and needs no account. */
export const LINK_LIFETIME_MS = 7 * 86_400_000;
const SWEEP_FIRST_LOOK_MS = 2 * 86_400_000;

type Delivery = 'email' | 'in_clinic';
type Patient = Awaited<ReturnType<typeof requirePatient>>['patient'];
type Membership = NonNullable<Actor['clinic']>;

const languageOf = (patient: Patient): FeedbackLanguage => (patient.preferred_language === 'fr' ? 'fr' : 'en');
export const firstName = (name: string | undefined) => (name ?? '').trim().split(/\s+/)[0] ?? '';

interface Issue {
  clinic: Membership;
  patient: Patient;
  appointment: { id: string; therapistUserId: string; startsAt: string };
  delivery: Delivery;
  createdBy: string | null;
  /** Who the audit log names: the therapist, also when the sweep acts for them. */
  actingUserId: string;
  /** The therapist may ask again (a new link replaces the old one); the sweep never does. */
  mayRenew: boolean;
  baseUrl: string;
  ip: string | null;
}

/** Why a request cannot be made, in words for the therapist; null when it can. */
async function refusal(
  deps: FeedbackDeps,
  issue: Omit<Issue, 'createdBy' | 'actingUserId' | 'mayRenew' | 'baseUrl' | 'ip'>,
): Promise<{ code: 'CONFLICT' | 'CONSENT_REQUIRED'; message: string; field?: string } | null> {
  const { clinic, patient, delivery } = issue;
  const consent = await statusOf(deps, clinic.clinicId, patient.id);
  if (!consent.feedback) {
    return {
      code: 'CONSENT_REQUIRED',
      message:
        'This patient has not agreed to be asked for feedback (or has withdrawn that consent). Record their consent first if they would like to take part.',
    };
  }
  if (delivery === 'email') {
    const recipient = await feedbackRecipient(deps.db, clinic.clinicId, patient.id, deps.now().toISOString().slice(0, 10));
    if (recipient?.sentTo === 'substitute' && !recipient.email) {
      return {
        code: 'CONFLICT',
        field: 'delivery',
        message:
          'For this patient the questionnaire goes to their substitute decision-maker, and none on file has an email address. Add one, or hand the questionnaire over in the clinic.',
      };
    }
    if (!recipient?.email)
      return {
        code: 'CONFLICT',
        field: 'delivery',
        message: 'This patient has no email address on file. Show the link or QR code in the clinic instead.',
      };
    if (!deps.mailer.enabled)
      return {
        code: 'CONFLICT',
        field: 'delivery',
        message: 'Email is not set up for this clinic. Show the link or QR code in the clinic instead.',
      };
  }
  return null;
}

async function issueRequest(deps: FeedbackDeps, tx: AppDb, issue: Issue, tokenHash: string, link: string) {
  const { clinic, patient, appointment, delivery } = issue;
  const now = deps.now();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS).toISOString();
  // The clinic's chosen questionnaire (one it loaded, in its own language), or the built-in one
  // in the patient's language.
  const chosenId = (await settingsOf(tx, clinic.clinicId))?.questionnaire_id ?? null;
  const chosen = chosenId ? await findQuestionnaire(tx, chosenId) : undefined;
  const questionnaire =
    chosen && chosen.clinic_id === clinic.clinicId && chosen.status === 'active'
      ? chosen
      : await builtInQuestionnaireRow(tx, BUILT_IN_URL, BUILT_IN_VERSION, languageOf(patient));
  if (!questionnaire) throw new AppError('INTERNAL', 'The built-in questionnaire is missing.');
  // The email and the page speak the questionnaire's language (the built-in one is the patient's).
  const language: FeedbackLanguage = questionnaire.language === 'fr' ? 'fr' : 'en';
  const recipient = delivery === 'email' ? await feedbackRecipient(tx, clinic.clinicId, patient.id, at.slice(0, 10)) : null;
  const sentTo = recipient?.email ? recipient.sentTo : null;
  const existing = await requestForAppointment(tx, clinic.clinicId, appointment.id);
  let id: string;
  if (existing) {
    if (!issue.mayRenew) return null;
    if (existing.used_at) throw new AppError('CONFLICT', 'The patient has already answered the questionnaire for this session.');
    id = existing.id;
    const renewed = await renewRequest(tx, existing.id, {
      token_hash: tokenHash,
      delivery,
      sent_to: sentTo,
      expires_at: expiresAt,
      created_at: at,
      created_by: issue.createdBy,
    });
    if (!renewed) throw new AppError('CONFLICT', 'The patient has already answered the questionnaire for this session.');
  } else {
    id = crypto.randomUUID();
    const inserted = await insertRequest(tx, {
      id,
      clinic_id: clinic.clinicId,
      patient_id: patient.id,
      appointment_id: appointment.id,
      therapist_user_id: appointment.therapistUserId,
      questionnaire_id: questionnaire.id,
      language,
      session_date: appointment.startsAt,
      token_hash: tokenHash,
      delivery,
      sent_to: sentTo,
      created_by: issue.createdBy,
      created_at: at,
      expires_at: expiresAt,
      used_at: null,
    });
    if (!inserted) {
      if (!issue.mayRenew) return null;
      throw new AppError('CONFLICT', 'A questionnaire for this session was just created. Please try again.');
    }
  }
  if (recipient?.email) {
    const members = await membersOf(tx, clinic.clinicId);
    const therapist = firstName(members.find((m) => m.id === appointment.therapistUserId)?.name);
    const date = wallClock(appointment.startsAt, await clinicTimeZone({ db: tx }, clinic.clinicId)).date;
    const about = recipient.sentTo === 'substitute' ? recipient.about : null;
    await deps.mailer.enqueue(
      tx,
      feedbackEmail(language, { to: recipient.email, clinicName: clinic.clinicName, therapist, date, link, expiresAt, about }),
      now,
    );
  }
  await recordAudit(tx, deps.dialect, {
    type: 'feedback.requested',
    clinicId: clinic.clinicId,
    actorUserId: issue.actingUserId,
    patientId: patient.id,
    subject: { type: 'feedback_request', id },
    ip: issue.ip,
    data: { delivery, automatic: issue.createdBy === null },
  });
  return { id, expiresAt, sentTo };
}

function feedbackEmail(
  language: FeedbackLanguage,
  m: { to: string; clinicName: string; therapist: string; date: string; link: string; expiresAt: string; about: string | null },
) {
  const until = m.expiresAt.slice(0, 10);
  if (language === 'fr') {
    return {
      to: m.to,
      subject: m.about
        ? `${m.clinicName} : comment s’est passée la séance de ${m.about} ?`
        : `${m.clinicName} : comment s’est passée votre séance ?`,
      text: [
        'Bonjour,',
        '',
        m.about
          ? `Merci d’avoir accompagné ${m.about} à ${m.clinicName} le ${m.date}. Vous êtes sa personne de confiance pour ses décisions de soins : trente secondes suffisent pour nous dire comment sa séance avec ${m.therapist} s’est passée pour lui ou elle.`
          : `Merci d’être venu·e à ${m.clinicName} le ${m.date}. Trente secondes suffisent pour nous dire comment vous avez vécu votre séance avec ${m.therapist}. Vos réponses aident votre massothérapeute à prendre soin de vous.`,
        '',
        `Ce lien fonctionne une seule fois, jusqu’au ${until} :`,
        m.link,
        '',
        'Vous pouvez aussi choisir de ne pas répondre. Si ce message ne vous était pas destiné, ignorez-le.',
      ].join('\n'),
    };
  }
  return {
    to: m.to,
    subject: m.about ? `${m.clinicName}: how was ${m.about}'s session?` : `${m.clinicName}: how was your session?`,
    text: [
      'Hello,',
      '',
      m.about
        ? `Thank you for bringing ${m.about} to ${m.clinicName} on ${m.date}. As the person who makes care decisions with them, in about thirty seconds you can tell us how their session with ${m.therapist} went for them.`
        : `Thank you for coming to ${m.clinicName} on ${m.date}. In about thirty seconds you can tell us how your session with ${m.therapist} felt. Your answers help your therapist care for you.`,
      '',
      `This link works once, until ${until}:`,
      m.link,
      '',
      'You may also choose not to answer. If you were not expecting this, you can ignore this message.',
    ].join('\n'),
  };
}

/** The treating therapist asks for feedback on a completed session: by email, or in the clinic (link / QR code). */
export async function createFeedbackRequest(
  deps: FeedbackDeps,
  actor: Actor,
  input: { appointmentId: string; delivery: Delivery },
  baseUrl: string,
  ip: string | null,
): Promise<FeedbackRequestCreated> {
  const clinicId = actor.clinic?.clinicId;
  const appointment = clinicId ? await appointmentForRecords(deps.db, clinicId, input.appointmentId) : undefined;
  if (!appointment) throw new AppError('NOT_FOUND', 'This appointment is not in your calendar.');
  const { patient, clinic } = await requirePatient(deps, actor, appointment.patientId, 'clinical');
  if (appointment.status !== 'completed') {
    throw new AppError('CONFLICT', 'Feedback can be asked for once the session is marked completed.', { field: 'appointmentId' });
  }
  const refused = await refusal(deps, { clinic, patient, appointment, delivery: input.delivery });
  if (refused) throw new AppError(refused.code, refused.message, refused.field ? { field: refused.field } : undefined);
  const { token, hash } = newToken();
  const link = `${deps.publicUrl ?? baseUrl}/feedback/${token}`;
  const issued = await inTransaction(deps.db, (tx) =>
    issueRequest(
      deps,
      tx,
      {
        clinic,
        patient,
        appointment,
        delivery: input.delivery,
        createdBy: actor.user.id,
        actingUserId: actor.user.id,
        mayRenew: true,
        baseUrl,
        ip,
      },
      hash,
      link,
    ),
  );
  if (!issued) throw new AppError('CONFLICT', 'A questionnaire for this session was just created. Please try again.');
  return {
    id: issued.id,
    appointmentId: appointment.id,
    link,
    expiresAt: issued.expiresAt,
    emailQueued: input.delivery === 'email',
    sentTo: issued.sentTo,
  };
}

/**
 * The periodic sweep: for clinics that send feedback emails automatically, every completed session
 * since the last sweep gets a request (consent checked, never twice). It reads scheduling only
 * through its index, acting for the session's therapist, who must be treating the patient.
 * Needs ATTUNE_PUBLIC_URL and SMTP (links in emails); otherwise it does nothing. Returns how many
 * requests were made.
 */
export async function requestFeedbackForCompleted(deps: FeedbackDeps, now: Date): Promise<number> {
  // Links in emails need the address patients reach the clinic at.
  const baseUrl = deps.publicUrl;
  if (!baseUrl || !deps.mailer.enabled) return 0;
  let made = 0;
  for (const settings of await clinicsSendingAutomatically(deps.db)) {
    const clinicRow = await findClinic(deps.db, settings.clinic_id);
    if (!clinicRow) continue;
    const since = settings.swept_until
      ? new Date(Date.parse(settings.swept_until) - 86_400_000).toISOString() // a day's overlap: sessions completed late
      : new Date(now.getTime() - SWEEP_FIRST_LOOK_MS).toISOString();
    const members = (await membersOf(deps.db, settings.clinic_id)).filter((m) => treats({ role: m.role, treats: m.treats === 1 }));
    for (const member of members) {
      const membership: Membership = {
        clinicId: clinicRow.id,
        clinicName: clinicRow.name,
        role: member.role as Membership['role'],
        treats: member.treats === 1,
        requireTotp: false,
      };
      // Not a signed-in session: the sweep acts for the session's therapist, with their own access rules.
      const actingFor = {
        sessionId: 'feedback-sweep',
        user: { id: member.id, email: member.email, name: member.name, locale: 'en', totpEnabled: false },
        clinic: membership,
        memberships: [membership],
        mustEnrolTotp: false,
        locked: false,
      } as Actor;
      const sessions = (await sessionsOfTherapist(deps.db, settings.clinic_id, member.id, since)).filter(
        (s) => s.status === 'completed' && s.startsAt <= now.toISOString(),
      );
      const already = await requestedAmong(
        deps.db,
        sessions.map((s) => s.id),
      );
      for (const s of sessions) {
        if (already.has(s.id)) continue;
        let found: Awaited<ReturnType<typeof requirePatient>>;
        try {
          found = await requirePatient(deps, actingFor, s.patientId, 'clinical');
        } catch {
          continue; // not this therapist's patient (e.g. a covering visit): the treating therapist can ask by hand
        }
        const appointment = { id: s.id, therapistUserId: member.id, startsAt: s.startsAt };
        if (await refusal(deps, { clinic: membership, patient: found.patient, appointment, delivery: 'email' })) continue;
        const { token, hash } = newToken();
        const link = `${deps.publicUrl ?? baseUrl}/feedback/${token}`;
        const issued = await inTransaction(deps.db, (tx) =>
          issueRequest(
            deps,
            tx,
            {
              clinic: membership,
              patient: found.patient,
              appointment,
              delivery: 'email',
              createdBy: null,
              actingUserId: member.id,
              mayRenew: false,
              baseUrl,
              ip: null,
            },
            hash,
            link,
          ),
        );
        if (issued) made++; // null: another process's sweep asked first
      }
    }
    await setSweptUntil(deps.db, settings.clinic_id, now.toISOString());
  }
  return made;
}
