import type { Kysely } from 'kysely';
import type { AppDb } from '../../platform/db/index.js';
import { preparedQuery } from '../../platform/db/prepared.js';
import type { NoteAmendmentsTable, NotesTable, NoteTemplatesTable, PsfsAssessmentsTable, RecordsTables } from './tables.js';

interface UsersView {
  users: { id: string; name: string };
}
const own = (db: AppDb) => db as Kysely<RecordsTables & UsersView>;

export async function insertNote(db: AppDb, row: NotesTable) {
  await own(db).insertInto('notes').values(row).execute();
}

export function findNote(db: AppDb, clinicId: string, patientId: string, id: string) {
  return own(db)
    .selectFrom('notes')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findNoteByAppointment(db: AppDb, appointmentId: string) {
  return own(db).selectFrom('notes').select(['id']).where('appointment_id', '=', appointmentId).executeTakeFirst();
}

/** Drafts only: a signed note never changes (the WHERE makes that true even under a race). */
export async function updateDraft(db: AppDb, id: string, patch: Partial<NotesTable>): Promise<boolean> {
  const r = await own(db).updateTable('notes').set(patch).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function notesOf(db: AppDb, clinicId: string, patientId: string) {
  return own(db)
    .selectFrom('notes')
    .select(['id', 'appointment_id', 'status', 'created_at', 'signed_at', 'pain_before', 'pain_after'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function insertAmendment(db: AppDb, row: NoteAmendmentsTable) {
  await own(db).insertInto('note_amendments').values(row).execute();
}

export function amendmentsOf(db: AppDb, noteId: string) {
  return own(db)
    .selectFrom('note_amendments as a')
    .innerJoin('users as u', 'u.id', 'a.amended_by')
    .selectAll('a')
    .select('u.name as amended_by_name')
    .where('a.note_id', '=', noteId)
    .orderBy('a.amended_at')
    .orderBy('a.id')
    .execute();
}

export function templatesOf(db: AppDb, clinicId: string) {
  return own(db).selectFrom('note_templates').selectAll().where('clinic_id', '=', clinicId).orderBy('name').execute();
}

export function findTemplate(db: AppDb, clinicId: string, id: string) {
  return own(db).selectFrom('note_templates').selectAll().where('clinic_id', '=', clinicId).where('id', '=', id).executeTakeFirst();
}

export async function insertTemplate(db: AppDb, row: NoteTemplatesTable) {
  await own(db).insertInto('note_templates').values(row).execute();
}

export async function updateTemplate(db: AppDb, clinicId: string, id: string, patch: Partial<NoteTemplatesTable>) {
  const r = await own(db)
    .updateTable('note_templates')
    .set(patch)
    .where('clinic_id', '=', clinicId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertPsfs(db: AppDb, row: PsfsAssessmentsTable) {
  await own(db).insertInto('psfs_assessments').values(row).execute();
}

export function psfsOf(db: AppDb, clinicId: string, patientId: string) {
  return own(db)
    .selectFrom('psfs_assessments')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .orderBy('taken_on')
    .execute();
}

/** Pain before and after each of a patient's signed sessions, oldest first (from the covering index notes_pain_series). */
export const painSeriesQuery = (db: AppDb, clinicId: string, patientId: string) =>
  own(db)
    .selectFrom('notes')
    .select(['id', 'appointment_id', 'created_at', 'pain_before', 'pain_after'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('status', '=', 'signed')
    .orderBy('created_at');
export const painSeries = preparedQuery(painSeriesQuery);

/**
 * The amendments of a patient's signed notes, oldest first: what corrects the pain series. The
 * same rows as `amendmentsOfNotes` given the series' note ids, as a query another can embed.
 */
export const painAmendmentsQuery = (db: AppDb, clinicId: string, patientId: string) =>
  own(db)
    .selectFrom('note_amendments as a')
    .innerJoin('notes as n', 'n.id', 'a.note_id')
    .select(['a.note_id', 'a.changes'])
    .where('n.clinic_id', '=', clinicId)
    .where('n.patient_id', '=', patientId)
    .where('n.status', '=', 'signed')
    .orderBy('a.amended_at')
    .orderBy('a.id');

/** Amendments of several notes at once, oldest first (for series that must show corrected values). */
export function amendmentsOfNotes(db: AppDb, noteIds: string[]) {
  if (noteIds.length === 0) return Promise.resolve([]);
  return own(db)
    .selectFrom('note_amendments')
    .select(['note_id', 'changes'])
    .where('note_id', 'in', noteIds)
    .orderBy('amended_at')
    .orderBy('id')
    .execute();
}
