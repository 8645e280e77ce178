import { AppError } from '../../platform/errors.js';
import { type Actor, requireClinic } from '../clinic/index.js';

/** Who treats in this clinic (and so may have patients' feedback and a private summary of their own). */
export function treats(clinic: { role: string; treats: boolean }): boolean {
  return clinic.role === 'therapist' || clinic.role === 'locum' || (clinic.role === 'owner' && clinic.treats);
}

export function requireTreating(actor: Actor) {
  const clinic = requireClinic(actor);
  if (!treats(clinic)) throw new AppError('FORBIDDEN', 'This summary is for therapists who treat patients in this clinic.');
  return clinic;
}

export function requireOwner(actor: Actor) {
  const clinic = requireClinic(actor);
  if (clinic.role !== 'owner') throw new AppError('FORBIDDEN', 'Only the clinic owner can change how feedback questionnaires work.');
  return clinic;
}
