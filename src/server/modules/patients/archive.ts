import type { z } from 'zod';
import type { ArchivePatientBody, PatientArchiveState } from '../../../shared/patients/contract.js';
import { type AppDb, inTransaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import type { Actor } from '../clinic/index.js';
import { requirePatientInAnyState } from './access.js';
import type { PatientsDeps } from './deps.js';
import { presentArchive } from './present.js';
import { relationshipsOf, setArchived } from './store.js';

/**
 * Something another module needs settled before a patient is archived (scheduling: their upcoming
 * appointments). Runs inside the archiving transaction; returns a sentence saying what to do, or null.
 */
export type ArchiveCheck = (db: AppDb, clinicId: string, patientId: string, now: Date) => Promise<string | null>;

export interface ArchiveDeps extends PatientsDeps {
  archiveChecks?: readonly ArchiveCheck[];
}

type ArchiveRow = Parameters<typeof presentArchive>[0] & { id: string };

const stateOf = (p: ArchiveRow): z.infer<typeof PatientArchiveState> => ({ id: p.id, archived: presentArchive(p) });

/** Another therapist's care that archiving would hide from them: theirs to end, or the front desk's to decide. */
async function colleaguesStillTreating(db: AppDb, patientId: string, therapistUserId: string) {
  return (await relationshipsOf(db, patientId)).filter(
    (r) => r.therapist_user_id !== therapistUserId && (r.status === 'active' || r.status === 'covered'),
  );
}

/**
 * Archives a patient: every record is kept, and the patient leaves the clinic's lists, booking,
 * reminders and feedback requests until someone restores them. The front desk and the treating
 * therapist may archive; a therapist only a patient no colleague is still treating. Archiving an
 * archived patient changes nothing (a second click, or two people at once).
 */
export async function archivePatient(
  deps: ArchiveDeps,
  actor: Actor,
  patientId: string,
  input: z.output<typeof ArchivePatientBody>,
  ip: string | null,
) {
  const { patient, clinic } = await requirePatientInAnyState(deps, actor, patientId, 'demographics');
  if (patient.archived_at) return stateOf(patient);
  if (clinic.role !== 'owner' && clinic.role !== 'admin') {
    const others = await colleaguesStillTreating(deps.db, patient.id, actor.user.id);
    if (others.length > 0) {
      throw new AppError(
        'CONFLICT',
        `${others.map((r) => r.therapist_name).join(' and ')} still ${others.length === 1 ? 'treats' : 'treat'} this patient. Archiving would hide them from everyone: the clinic's owner or front desk can decide.`,
      );
    }
  }
  const now = deps.now();
  const at = now.toISOString();
  const note = input.note || null;
  await inTransaction(deps.db, async (tx) => {
    const unsettled: string[] = [];
    for (const check of deps.archiveChecks ?? []) {
      const problem = await check(tx, clinic.clinicId, patient.id, now);
      if (problem) unsettled.push(problem);
    }
    if (unsettled.length > 0) throw new AppError('CONFLICT', unsettled.join(' '));
    if (!(await setArchived(tx, patient.id, { at, by: actor.user.id, reason: input.reason, note }, at))) return;
    await recordAudit(tx, deps.dialect, {
      type: 'patient.archived',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'patient', id: patient.id },
      ip,
      // The reason is a fixed word; the note may say more than an audit record should hold.
      data: { reason: input.reason },
    });
  });
  const { patient: after } = await requirePatientInAnyState(deps, actor, patientId, 'demographics');
  return stateOf(after);
}

/** Brings an archived patient back to the clinic's lists as they were; restoring a current patient changes nothing. */
export async function restorePatient(deps: PatientsDeps, actor: Actor, patientId: string, ip: string | null) {
  const { patient, clinic } = await requirePatientInAnyState(deps, actor, patientId, 'demographics');
  if (!patient.archived_at) return stateOf(patient);
  const archivedOn = patient.archived_at.slice(0, 10);
  const at = deps.now().toISOString();
  await inTransaction(deps.db, async (tx) => {
    if (!(await setArchived(tx, patient.id, null, at))) return;
    await recordAudit(tx, deps.dialect, {
      type: 'patient.restored',
      clinicId: clinic.clinicId,
      actorUserId: actor.user.id,
      patientId: patient.id,
      subject: { type: 'patient', id: patient.id },
      ip,
      data: { archivedOn },
    });
  });
  return { id: patient.id, archived: null };
}
