import type { z } from 'zod';
import type { Contact, ContactInput, Gift, GiftInput } from '../../../shared/patients/relationship-log.js';
import { inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit, recordPatientRead } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { requirePatient } from './access.js';
import type { PatientsDeps } from './deps.js';
import {
  contactsLoggedBy,
  contactsOf,
  findLogEntry,
  giftsLoggedBy,
  giftsOf,
  insertContact,
  insertGift,
  type LogTable,
  markEnteredInError,
} from './relationship-log-store.js';
import type { PatientContactsTable, PatientGiftsTable } from './relationship-log-tables.js';

type GiftRow = PatientGiftsTable & { therapist_name: string };
type ContactRow = PatientContactsTable & { therapist_name: string };

const loggedBy = (actor: Actor, userId: string, name: string) => ({ userId, name, isYou: userId === actor.user.id });
const enteredInError = (r: { entered_in_error_at: string | null; entered_in_error_reason: string | null }) =>
  r.entered_in_error_at ? { at: r.entered_in_error_at, reason: r.entered_in_error_reason ?? '' } : null;

function presentGift(actor: Actor, r: GiftRow): z.infer<typeof Gift> {
  return {
    id: r.id,
    patientId: r.patient_id,
    givenOn: r.given_on,
    direction: r.direction as z.infer<typeof Gift>['direction'],
    description: r.description,
    approxValueCents: r.approx_value_cents === null ? null : Number(r.approx_value_cents),
    outcome: r.outcome as z.infer<typeof Gift>['outcome'],
    note: r.note,
    loggedBy: loggedBy(actor, r.therapist_user_id, r.therapist_name),
    createdAt: r.created_at,
    enteredInError: enteredInError(r),
  };
}

function presentContact(actor: Actor, r: ContactRow): z.infer<typeof Contact> {
  return {
    id: r.id,
    patientId: r.patient_id,
    contactOn: r.contact_on,
    channel: r.channel as z.infer<typeof Contact>['channel'],
    direction: r.direction as z.infer<typeof Contact>['direction'],
    initiatedBy: r.initiated_by as z.infer<typeof Contact>['initiatedBy'],
    note: r.note,
    loggedBy: loggedBy(actor, r.therapist_user_id, r.therapist_name),
    createdAt: r.created_at,
    enteredInError: enteredInError(r),
  };
}

function notInFuture(deps: PatientsDeps, date: string, field: string) {
  if (date > deps.now().toISOString().slice(0, 10)) throw new AppError('VALIDATION', 'The date cannot be in the future.', { field });
}

/** Gifts and contacts on the patient, for the treating therapist; reading is audited. */
export async function relationshipLog(deps: PatientsDeps, actor: Actor, patientId: string, ip: string | null) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const gifts = await giftsOf(deps.db, clinic.clinicId, patient.id);
  const contacts = await contactsOf(deps.db, clinic.clinicId, patient.id);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'relationship_log.viewed', patient.id);
  return { gifts: gifts.map((g) => presentGift(actor, g)), contacts: contacts.map((c) => presentContact(actor, c)) };
}

export async function logGift(deps: PatientsDeps, actor: Actor, patientId: string, input: z.output<typeof GiftInput>, ip: string | null) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  notInFuture(deps, input.givenOn, 'givenOn');
  const row: PatientGiftsTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    patient_id: patient.id,
    therapist_user_id: actor.user.id,
    given_on: input.givenOn,
    direction: input.direction,
    description: input.description,
    approx_value_cents: input.approxValueCents ?? null,
    outcome: input.outcome,
    note: input.note || null,
    created_at: deps.now().toISOString(),
    entered_in_error_at: null,
    entered_in_error_reason: null,
  };
  await inTransaction(deps.db, async (tx) => {
    await insertGift(tx, row);
    await recordAudit(tx, deps.dialect, {
      type: 'gift.logged',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'gift', id: row.id },
      ip,
      data: { direction: input.direction, outcome: input.outcome },
    });
  });
  return presentGift(actor, { ...row, therapist_name: actor.user.name });
}

export async function logContact(
  deps: PatientsDeps,
  actor: Actor,
  patientId: string,
  input: z.output<typeof ContactInput>,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  notInFuture(deps, input.contactOn, 'contactOn');
  const row: PatientContactsTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    patient_id: patient.id,
    therapist_user_id: actor.user.id,
    contact_on: input.contactOn,
    channel: input.channel,
    direction: input.direction,
    initiated_by: input.initiatedBy,
    note: input.note || null,
    created_at: deps.now().toISOString(),
    entered_in_error_at: null,
    entered_in_error_reason: null,
  };
  await inTransaction(deps.db, async (tx) => {
    await insertContact(tx, row);
    await recordAudit(tx, deps.dialect, {
      type: 'contact.logged',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'contact', id: row.id },
      ip,
      data: { channel: input.channel },
    });
  });
  return presentContact(actor, { ...row, therapist_name: actor.user.name });
}

/** Nothing is deleted: the therapist who logged an entry can mark it as entered in error, with a reason. */
export async function markLogEntryInError(
  deps: PatientsDeps,
  actor: Actor,
  patientId: string,
  kind: 'gift' | 'contact',
  entryId: string,
  reason: string,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const table: LogTable = kind === 'gift' ? 'patient_gifts' : 'patient_contacts';
  await inTransaction(deps.db, async (tx) => {
    const entry = await findLogEntry(tx, table, patient.id, entryId);
    if (!entry) throw new AppError('NOT_FOUND', 'This entry is not on file.');
    if (entry.therapist_user_id !== actor.user.id) {
      throw new AppError('FORBIDDEN', 'Only the therapist who made this entry can mark it as entered in error.');
    }
    if (!(await markEnteredInError(tx, table, entry.id, deps.now().toISOString(), reason))) {
      throw new AppError('CONFLICT', 'This entry is already marked as entered in error.');
    }
    await recordAudit(tx, deps.dialect, {
      type: 'relationship_log.entered_in_error',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: kind, id: entry.id },
      ip,
    });
  });
}

/**
 * For the therapist's own boundary signals: the gifts and contacts they logged since a date,
 * leaving out entries in error. Bound to one therapist; it returns no text.
 */
export async function relationshipLogOfTherapist(
  deps: Pick<PatientsDeps, 'db'>,
  clinicId: string,
  therapistUserId: string,
  sinceDate: string,
) {
  const [gifts, contacts] = await Promise.all([
    giftsLoggedBy(deps.db, clinicId, therapistUserId, sinceDate),
    contactsLoggedBy(deps.db, clinicId, therapistUserId, sinceDate),
  ]);
  return {
    gifts: gifts.map((g) => ({
      patientId: g.patient_id,
      on: g.given_on,
      direction: g.direction as 'from_patient' | 'to_patient',
      outcome: g.outcome as 'accepted' | 'declined',
      loggedAt: g.created_at,
    })),
    contacts: contacts.map((c) => ({
      patientId: c.patient_id,
      on: c.contact_on,
      channel: c.channel,
      initiatedBy: c.initiated_by as 'patient' | 'therapist' | 'someone_else',
      loggedAt: c.created_at,
    })),
  };
}
