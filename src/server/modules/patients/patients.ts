import type { z } from 'zod';
import type { CreatePatientBody, PatientListQuery, UpdatePatientBody } from '../../../shared/patients/contract.js';
import { forReading, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAccess, recordAudit } from '../audit/index.js';
import { type Actor, membershipsOf, requireClinic } from '../clinic/index.js';
import { assertCanRegisterPatients, requirePatient } from './access.js';
import type { PatientsDeps } from './deps.js';
import { presentSummary } from './present.js';
import { digitsOf, searchable } from './rules.js';
import { insertPatient, insertRelationship, searchPatients, updatePatient as storeUpdatePatient } from './store.js';
import type { PatientsTable } from './tables.js';

type CreateInput = z.output<typeof CreatePatientBody>;
type UpdateInput = z.output<typeof UpdatePatientBody>;

function searchTextOf(p: Pick<PatientsTable, 'legal_first_name' | 'legal_last_name' | 'preferred_name' | 'email'>): string {
  return searchable([p.legal_first_name, p.legal_last_name, p.preferred_name, p.email, p.legal_last_name].filter(Boolean).join(' '));
}

/** Which therapist will treat a new patient: the creator if they treat, or the one the front desk names. */
async function treatingTherapist(deps: PatientsDeps, actor: Actor, requested: string | undefined): Promise<string> {
  const clinic = requireClinic(actor);
  const actorTreats = clinic.role === 'therapist' || (clinic.role === 'owner' && clinic.treats);
  if (clinic.role === 'therapist' && requested && requested !== actor.user.id) {
    throw new AppError('FORBIDDEN', 'A therapist registers patients for themself. The front desk can register for a colleague.', {
      field: 'therapistUserId',
    });
  }
  const userId = requested ?? (actorTreats ? actor.user.id : undefined);
  if (!userId) throw new AppError('VALIDATION', 'Choose the therapist who will treat this patient.', { field: 'therapistUserId' });
  const membership = (await membershipsOf(deps.db, userId)).find((m) => m.clinic_id === clinic.clinicId);
  const treatsHere = membership && (membership.role === 'therapist' || (membership.role === 'owner' && membership.treats === 1));
  if (!treatsHere) throw new AppError('VALIDATION', 'That person does not treat patients in this clinic.', { field: 'therapistUserId' });
  return userId;
}

export async function createPatient(deps: PatientsDeps, actor: Actor, input: CreateInput, ip: string | null) {
  const clinic = assertCanRegisterPatients(actor);
  const therapistUserId = await treatingTherapist(deps, actor, input.therapistUserId);
  const now = deps.now();
  const at = now.toISOString();
  const row: PatientsTable = {
    id: crypto.randomUUID(),
    clinic_id: clinic.clinicId,
    legal_first_name: input.legalFirstName,
    legal_last_name: input.legalLastName,
    preferred_name: input.preferredName || null,
    pronouns: input.pronouns || null,
    date_of_birth: input.dateOfBirth,
    email: input.email?.toLowerCase() || null,
    phone: input.phone || null,
    phone_digits: digitsOf(input.phone),
    address: input.address || null,
    emergency_contact_name: input.emergencyContactName || null,
    emergency_contact_phone: input.emergencyContactPhone || null,
    emergency_contact_relationship: input.emergencyContactRelationship || null,
    preferred_language: input.preferredLanguage,
    communication_preferences: JSON.stringify(input.communicationPreferences),
    capable: input.capable ? 1 : 0,
    search_text: '',
    created_at: at,
    created_by: actor.user.id,
    updated_at: at,
    archived_at: null,
    last_visit_on: null,
  };
  row.search_text = searchTextOf(row);
  await inTransaction(deps.db, async (tx) => {
    await insertPatient(tx, row);
    const relationshipId = crypto.randomUUID();
    await insertRelationship(tx, {
      id: relationshipId,
      clinic_id: clinic.clinicId,
      patient_id: row.id,
      therapist_user_id: therapistUserId,
      started_on: at.slice(0, 10),
      status: 'active',
      patient_goals: null,
      updated_at: at,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'patient.created',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: row.id,
      subject: { type: 'patient', id: row.id },
      ip,
    });
    await recordAudit(tx, deps.dialect, {
      type: 'relationship.created',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: row.id,
      subject: { type: 'relationship', id: relationshipId },
      ip,
      data: { therapistUserId },
    });
  });
  return presentSummary(row, at.slice(0, 10));
}

export async function listPatients(deps: PatientsDeps, actor: Actor, query: z.output<typeof PatientListQuery>, ip: string | null) {
  const clinic = requireClinic(actor);
  let therapistUserId: string | undefined;
  if (clinic.role === 'therapist') therapistUserId = actor.user.id;
  else if (clinic.role !== 'owner' && clinic.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'Your role in this clinic does not include the patient list.');
  }
  const text = query.q ? searchable(query.q) : undefined;
  const digits = query.q && /\d{3,}/.test(query.q) ? digitsOf(query.q) : null;
  // A search scans names: on SQLite it runs on the reader connection, beside the writer's queue.
  const { rows, total } = await searchPatients(forReading(deps.db), {
    clinicId: clinic.clinicId,
    therapistUserId,
    text: text || undefined,
    digits: digits ?? undefined,
    state: query.status,
    limit: query.limit,
    offset: query.offset,
  });
  const today = deps.now().toISOString().slice(0, 10);
  // A list shows who is a patient here: audited as one event (who searched, how many were shown).
  await recordAccess(deps.db, deps.dialect, {
    type: 'patient.listed',
    clinicId: clinic.clinicId,
    actorUserId: actor.user.id,
    ip,
    data: { searched: Boolean(query.q), shown: rows.length, ...(query.status === 'archived' ? { archived: true } : {}) },
  });
  return { patients: rows.map((r) => presentSummary(r, today)), total };
}

export async function updatePatientDemographics(
  deps: PatientsDeps,
  actor: Actor,
  patientId: string,
  input: UpdateInput,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatient(deps, actor, patientId, 'demographics');
  const patch: Partial<PatientsTable> = { updated_at: deps.now().toISOString() };
  const changed: string[] = [];
  const set = <K extends keyof PatientsTable>(key: K, value: PatientsTable[K], field: string) => {
    patch[key] = value;
    changed.push(field);
  };
  if (input.legalFirstName !== undefined) set('legal_first_name', input.legalFirstName, 'legalFirstName');
  if (input.legalLastName !== undefined) set('legal_last_name', input.legalLastName, 'legalLastName');
  if (input.preferredName !== undefined) set('preferred_name', input.preferredName || null, 'preferredName');
  if (input.pronouns !== undefined) set('pronouns', input.pronouns || null, 'pronouns');
  if (input.dateOfBirth !== undefined) set('date_of_birth', input.dateOfBirth, 'dateOfBirth');
  if (input.email !== undefined) set('email', input.email?.toLowerCase() || null, 'email');
  if (input.phone !== undefined) {
    set('phone', input.phone || null, 'phone');
    patch.phone_digits = digitsOf(input.phone);
  }
  if (input.address !== undefined) set('address', input.address || null, 'address');
  if (input.emergencyContactName !== undefined) set('emergency_contact_name', input.emergencyContactName || null, 'emergencyContactName');
  if (input.emergencyContactPhone !== undefined)
    set('emergency_contact_phone', input.emergencyContactPhone || null, 'emergencyContactPhone');
  if (input.emergencyContactRelationship !== undefined)
    set('emergency_contact_relationship', input.emergencyContactRelationship || null, 'emergencyContactRelationship');
  if (input.preferredLanguage !== undefined) set('preferred_language', input.preferredLanguage, 'preferredLanguage');
  if (input.communicationPreferences !== undefined)
    set('communication_preferences', JSON.stringify(input.communicationPreferences), 'communicationPreferences');
  if (input.capable !== undefined) set('capable', input.capable ? 1 : 0, 'capable');
  patch.search_text = searchTextOf({ ...patient, ...patch });
  await inTransaction(deps.db, async (tx) => {
    await storeUpdatePatient(tx, patient.id, patch);
    await recordAudit(tx, deps.dialect, {
      type: 'patient.updated',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'patient', id: patient.id },
      ip,
      // Which fields changed, never their values.
      data: { fields: changed.join(',') },
    });
  });
}
