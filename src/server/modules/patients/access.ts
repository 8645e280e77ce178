import { fromJson } from '../../platform/db/json.js';
import { AppError } from '../../platform/errors.js';
import { type Actor, requireClinic } from '../clinic/index.js';
import type { PatientsDeps } from './deps.js';
import { chartRead, patientWithTreated, patientWithTreatedInAnyState, treatedAmong, treats } from './store.js';

/**
 * What one person may see of one patient:
 * - clinical: the treating therapist (a relationship that is active, covered or ended);
 * - demographics: the owner and admins (front desk), for every patient of the clinic;
 * - none: everyone else (locums and mentors until coverage and consultation grant narrow access).
 */
export type PatientAccess = 'none' | 'demographics' | 'clinical';

const mayTreat = (clinic: { role: string; treats: boolean }) => clinic.role === 'therapist' || (clinic.role === 'owner' && clinic.treats);

/** The rule itself, given whether the reader holds a relationship with the patient that opens the chart. */
function accessGiven(clinic: { role: string; treats: boolean }, holdsRelationship: () => boolean): PatientAccess {
  if (mayTreat(clinic) && holdsRelationship()) return 'clinical';
  if (clinic.role === 'owner' || clinic.role === 'admin') return 'demographics';
  return 'none';
}

export async function accessTo(deps: PatientsDeps, actor: Actor, patientId: string): Promise<PatientAccess> {
  const clinic = requireClinic(actor);
  const holds = mayTreat(clinic) && (await treats(deps.db, actor.user.id, patientId));
  return accessGiven(clinic, () => holds);
}

/**
 * Admits the reader to a patient row read with `treated` (store.ts: the patient and the relationship
 * check in one statement) at least at `needed`; 404 otherwise, exactly as `accessTo` decides.
 */
function admit<Row extends { treated: unknown }>(
  clinic: { role: string; treats: boolean },
  row: Row | undefined,
  needed: Exclude<PatientAccess, 'none'>,
) {
  // Another clinic's patient and a patient one may not see look the same: not found.
  const access = row ? accessGiven(clinic, () => Boolean(row.treated)) : 'none';
  if (!row || access === 'none') throw new AppError('NOT_FOUND', 'This patient is not in your list.');
  if (needed === 'clinical' && access !== 'clinical') {
    throw new AppError('FORBIDDEN', 'Only the treating therapist can see or change clinical information.');
  }
  return { row, access };
}

/** Finds a patient of the actor's clinic that the actor may see at least at `needed`; 404 otherwise. */
export async function requirePatient(deps: PatientsDeps, actor: Actor, patientId: string, needed: Exclude<PatientAccess, 'none'>) {
  const clinic = requireClinic(actor);
  const [found] = await patientWithTreated(deps.db, clinic.clinicId, patientId, actor.user.id);
  const { row, access } = admit(clinic, found, needed);
  const { treated: _, ...patient } = row;
  return { patient, access, clinic };
}

/**
 * `requirePatient` for archiving and restoring, the only acts on an archived patient: the same rule,
 * whether or not the patient is archived (with the name of whoever archived them).
 */
export async function requirePatientInAnyState(
  deps: PatientsDeps,
  actor: Actor,
  patientId: string,
  needed: Exclude<PatientAccess, 'none'>,
) {
  const clinic = requireClinic(actor);
  const [found] = await patientWithTreatedInAnyState(deps.db, clinic.clinicId, patientId, actor.user.id);
  const { row, access } = admit(clinic, found, needed);
  const { treated: _, ...patient } = row;
  return { patient, access, clinic };
}

/** The reader's clinic, and whether their role may treat at all (a statement need not read clinical lists otherwise). */
export function readerOf(actor: Actor) {
  const clinic = requireClinic(actor);
  return { clinic, clinicalWanted: mayTreat(clinic) ? 1 : 0 };
}

/**
 * `requirePatient` for a statement that read `found` and `treated` itself (`patientFoundAndTreated`)
 * together with what the route shows: 404 / 403 exactly as `requirePatient` decides.
 */
export function admitRead(
  clinic: { role: string; treats: boolean },
  read: { found: unknown; treated: unknown } | undefined,
  needed: Exclude<PatientAccess, 'none'>,
): PatientAccess {
  return admit(clinic, read?.found ? read : undefined, needed).access;
}

/**
 * `requirePatient` for the chart, in one statement with the open substitute decision-makers and, when
 * the access is clinical, the clinical lists (`clinical`; null otherwise: they were not even read).
 */
export async function requireChart(deps: PatientsDeps, actor: Actor, patientId: string) {
  const { clinic, clinicalWanted } = readerOf(actor);
  const [found] = await chartRead(deps.db, clinic.clinicId, patientId, actor.user.id, clinicalWanted);
  const { row, access } = admit(clinic, found, 'demographics');
  const { treated: _, sdms, relationships, plans, vulnerability, latest_health_history_at, ...patient } = row;
  const clinical =
    access === 'clinical' && relationships !== null && plans !== null && vulnerability !== null
      ? {
          relationships: fromJson(relationships),
          plans: fromJson(plans),
          vulnerability: fromJson(vulnerability),
          latestHealthHistoryAt: latest_health_history_at,
        }
      : null;
  if (access === 'clinical' && !clinical) throw new Error('the chart statement left out the clinical lists of a treating reader');
  return { patient, sdms: fromJson(sdms), access, clinic, clinical };
}

/** Who may register patients: the front desk and anyone who treats. */
export function assertCanRegisterPatients(actor: Actor) {
  const clinic = requireClinic(actor);
  if (!['owner', 'admin', 'therapist'].includes(clinic.role)) {
    throw new AppError('FORBIDDEN', 'Your role in this clinic does not include registering patients.');
  }
  return clinic;
}

/** The same rule as `accessTo` for a list at once: the patients whose clinical parts the actor may see. */
export async function clinicalAccessAmong(deps: PatientsDeps, actor: Actor, patientIds: string[]): Promise<Set<string>> {
  const clinic = requireClinic(actor);
  return mayTreat(clinic) ? treatedAmong(deps.db, actor.user.id, [...new Set(patientIds)]) : new Set();
}
