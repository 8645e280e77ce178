import type { z } from 'zod';
import type { AmendNoteBody, CreateNoteBody, Note, NoteContent } from '../../../shared/records/contract.js';
import { type AppDb, type DialectName, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit, recordPatientRead } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { sensitiveAreasConsentedFor, treatmentConsentInPlace } from '../consent/index.js';
import { requirePatient } from '../patients/index.js';
import { appointmentForRecords } from '../scheduling/index.js';
import { AREA_LABEL, applyAmendments, BUILT_IN_TEMPLATE, changedFields, fieldsOf, rowPatch, sensitiveAreasIn } from './rules.js';
import { amendmentsOf, findNote, findNoteByAppointment, findTemplate, insertAmendment, insertNote, notesOf, updateDraft } from './store.js';
import type { NotesTable } from './tables.js';

export interface RecordsDeps {
  db: AppDb;
  dialect: DialectName;
  now: () => Date;
}

type AuditType = Parameters<typeof recordAudit>[2]['type'];

/**
 * A note may follow the built-in template or one of the clinic's own that is still offered (a
 * draft already on a template the clinic stopped offering may keep it). Anything else is refused.
 */
async function assertTemplate(deps: RecordsDeps, clinicId: string, templateId: string | null | undefined, current?: string | null) {
  if (templateId === undefined || templateId === null || templateId === BUILT_IN_TEMPLATE.id || templateId === current) return;
  const template = await findTemplate(deps.db, clinicId, templateId);
  if (!template) throw new AppError('NOT_FOUND', 'This note template does not exist in your clinic.', { field: 'templateId' });
  if (template.active !== 1) {
    throw new AppError('CONFLICT', `The template “${template.name}” is no longer offered. Choose another one.`, { field: 'templateId' });
  }
}

async function audit(
  deps: RecordsDeps,
  tx: AppDb,
  actor: Actor,
  clinicId: string,
  patientId: string,
  type: AuditType,
  noteId: string,
  ip: string | null,
) {
  await recordAudit(tx, deps.dialect, { type, clinicId, actorUserId: actor.user.id, patientId, subject: { type: 'note', id: noteId }, ip });
}

async function presentNote(deps: RecordsDeps, row: NotesTable): Promise<Note> {
  const amendments = (await amendmentsOf(deps.db, row.id)).map((a) => ({
    id: a.id,
    amendedAt: a.amended_at,
    amendedBy: a.amended_by,
    amendedByName: a.amended_by_name,
    reason: a.reason,
    changes: JSON.parse(a.changes),
  }));
  const original = fieldsOf(row);
  return {
    id: row.id,
    patientId: row.patient_id,
    appointmentId: row.appointment_id,
    therapistUserId: row.therapist_user_id,
    templateId: row.template_id,
    status: row.status as Note['status'],
    original,
    current: applyAmendments(
      original,
      amendments.map((a) => a.changes),
    ),
    amendments,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    signedAt: row.signed_at,
  };
}

/** The note's own therapist: treating therapists share a chart, but each writes their own notes. */
async function ownNote(deps: RecordsDeps, actor: Actor, patientId: string, noteId: string) {
  const { clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const note = await findNote(deps.db, clinic.clinicId, patientId, noteId);
  if (!note) throw new AppError('NOT_FOUND', 'This note does not exist.');
  return { clinic, note };
}

export async function startNote(
  deps: RecordsDeps,
  actor: Actor,
  patientId: string,
  input: z.output<typeof CreateNoteBody>,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const appointment = await appointmentForRecords(deps.db, clinic.clinicId, input.appointmentId);
  if (!appointment || appointment.patientId !== patient.id) {
    throw new AppError('NOT_FOUND', 'This appointment is not one of this patient’s.', { field: 'appointmentId' });
  }
  if (appointment.therapistUserId !== actor.user.id)
    throw new AppError('FORBIDDEN', 'Notes are written by the therapist who gave the treatment.');
  if (appointment.status === 'cancelled' || appointment.status === 'no_show') {
    throw new AppError('CONFLICT', 'There is no treatment to note: this appointment was cancelled or missed.');
  }
  if (await findNoteByAppointment(deps.db, appointment.id))
    throw new AppError('CONFLICT', 'This appointment already has a note. Open it to continue.');
  await assertTemplate(deps, clinic.clinicId, input.templateId);
  const at = deps.now().toISOString();
  const row: NotesTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    patient_id: patient.id,
    appointment_id: appointment.id,
    therapist_user_id: actor.user.id,
    template_id: null,
    status: 'draft',
    subjective: '',
    objective: '',
    assessment: '',
    plan: '',
    areas_treated: '[]',
    techniques: '[]',
    pressure: null,
    patient_response: '',
    home_care: '',
    pain_before: null,
    pain_after: null,
    created_at: at,
    updated_at: at,
    signed_at: null,
    signed_by: null,
    ...rowPatch(input),
  };
  await inTransaction(deps.db, async (tx) => {
    await insertNote(tx, row);
    await audit(deps, tx, actor, clinic.clinicId, patient.id, 'note.created', row.id, ip);
  });
  return presentNote(deps, row);
}

export async function updateNote(
  deps: RecordsDeps,
  actor: Actor,
  patientId: string,
  noteId: string,
  input: NoteContent,
  ip: string | null,
) {
  const { clinic, note } = await ownNote(deps, actor, patientId, noteId);
  if (note.therapist_user_id !== actor.user.id) throw new AppError('FORBIDDEN', 'Only the therapist who wrote this note can change it.');
  if (note.status !== 'draft') throw new AppError('CONFLICT', 'This note is signed and locked. To correct it, add an amendment.');
  await assertTemplate(deps, clinic.clinicId, input.templateId, note.template_id);
  const patch = { ...rowPatch(input), updated_at: deps.now().toISOString() };
  await inTransaction(deps.db, async (tx) => {
    if (!(await updateDraft(tx, note.id, patch)))
      throw new AppError('CONFLICT', 'This note was signed meanwhile. To correct it, add an amendment.');
    await audit(deps, tx, actor, clinic.clinicId, patientId, 'note.updated', note.id, ip);
  });
  return presentNote(deps, { ...note, ...patch });
}

/**
 * Signs and locks a note. Ontario: treatment of a sensitive area needs written consent for that
 * session; consent to treatment must be in place. What is missing is named in the refusal.
 */
export async function signNote(deps: RecordsDeps, actor: Actor, patientId: string, noteId: string, ip: string | null) {
  const { clinic, note } = await ownNote(deps, actor, patientId, noteId);
  if (note.therapist_user_id !== actor.user.id) throw new AppError('FORBIDDEN', 'Only the therapist who wrote this note can sign it.');
  if (note.status !== 'draft') throw new AppError('CONFLICT', 'This note is already signed.');
  const fields = fieldsOf(note);
  if (!fields.subjective.trim() && !fields.objective.trim() && !fields.assessment.trim() && !fields.plan.trim()) {
    throw new AppError('VALIDATION', 'The note is empty. Write at least one of subjective, objective, assessment or plan before signing.');
  }
  const treatment = await treatmentConsentInPlace(deps.db, clinic.clinicId, patientId, deps.now());
  if (!treatment.inPlace)
    throw new AppError('CONSENT_REQUIRED', `${treatment.message ?? 'Consent to treatment is missing.'} The note stays a draft until then.`);
  const treated = sensitiveAreasIn(fields.areasTreated);
  if (treated.length > 0) {
    const consented = await sensitiveAreasConsentedFor(deps.db, clinic.clinicId, patientId, note.appointment_id);
    const missing = treated.filter((a) => !consented.includes(a));
    if (missing.length > 0) {
      throw new AppError(
        'CONSENT_REQUIRED',
        `Written consent for this session is missing for: ${missing.map((a) => AREA_LABEL[a]).join(', ')}. In Ontario a sensitive area may be treated only with written consent given for that session. Record the patient’s signed consent, then sign the note.`,
      );
    }
  }
  const at = deps.now().toISOString();
  await inTransaction(deps.db, async (tx) => {
    if (!(await updateDraft(tx, note.id, { status: 'signed', signed_at: at, signed_by: actor.user.id, updated_at: at }))) {
      throw new AppError('CONFLICT', 'This note is already signed.');
    }
    await audit(deps, tx, actor, clinic.clinicId, patientId, 'note.signed', note.id, ip);
  });
  return presentNote(deps, { ...note, status: 'signed', signed_at: at, signed_by: actor.user.id, updated_at: at });
}

/** A signed note is corrected by an amendment that keeps the original and says who, when and why. */
export async function amendNote(
  deps: RecordsDeps,
  actor: Actor,
  patientId: string,
  noteId: string,
  input: z.output<typeof AmendNoteBody>,
  ip: string | null,
) {
  const { clinic, note } = await ownNote(deps, actor, patientId, noteId);
  if (note.therapist_user_id !== actor.user.id) throw new AppError('FORBIDDEN', 'Only the therapist who wrote this note can amend it.');
  if (note.status !== 'signed') throw new AppError('CONFLICT', 'This note is still a draft: edit it directly.');
  const { reason, templateId: _ignored, ...content } = input;
  const current = (await presentNote(deps, note)).current;
  const changes = changedFields(current, content);
  if (Object.keys(changes).length === 0) throw new AppError('VALIDATION', 'This amendment changes nothing.');
  const at = deps.now().toISOString();
  const id = crypto.randomUUID();
  await inTransaction(deps.db, async (tx) => {
    await insertAmendment(tx, {
      id,
      note_id: note.id,
      changes: JSON.stringify(changes),
      reason,
      amended_by: actor.user.id,
      amended_at: at,
    });
    await audit(deps, tx, actor, clinic.clinicId, patientId, 'note.amended', note.id, ip);
  });
  return presentNote(deps, note);
}

export async function viewNote(deps: RecordsDeps, actor: Actor, patientId: string, noteId: string, ip: string | null) {
  const { clinic, note } = await ownNote(deps, actor, patientId, noteId);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'note.viewed', patientId, {
    subject: { type: 'note', id: note.id },
  });
  return presentNote(deps, note);
}

export async function listNotes(deps: RecordsDeps, actor: Actor, patientId: string, ip: string | null) {
  const { clinic } = await requirePatient(deps, actor, patientId, 'clinical');
  const rows = await notesOf(deps.db, clinic.clinicId, patientId);
  await recordPatientRead(deps, { clinicId: clinic.clinicId, actorUserId: actor.user.id, ip }, 'note.listed', patientId);
  return rows.map((r) => ({
    id: r.id,
    appointmentId: r.appointment_id,
    status: r.status as 'draft' | 'signed',
    createdAt: r.created_at,
    signedAt: r.signed_at,
    painBefore: r.pain_before,
    painAfter: r.pain_after,
  }));
}
