import type { Role } from '../../../shared/auth/contract.js';
import { AppError } from '../../platform/errors.js';

/**
 * Who may do what with the calendar, one line per rule. Anything not listed is refused.
 * "own" rules also need the person to treat patients in the clinic (a therapist, or an
 * owner or admin who treats). Locums and mentors have no calendar access yet.
 */
export const RULES = {
  'scheduling.settings.read': ['owner', 'admin', 'therapist'],
  'scheduling.settings.write': ['owner'],
  'scheduling.types.read': ['owner', 'admin', 'therapist'],
  'scheduling.types.write': ['owner', 'admin'],
  'scheduling.calendar.own': ['owner', 'admin', 'therapist'],
  'scheduling.calendar.any': ['owner', 'admin'],
  'scheduling.feed.own': ['owner', 'admin', 'therapist'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof RULES;

export function allows(role: Role, action: Action): boolean {
  return (RULES[action] as readonly Role[]).includes(role);
}

export function assertAllowed(role: Role, action: Action): void {
  if (!allows(role, action)) {
    throw new AppError('FORBIDDEN', 'Your role in this clinic does not include the calendar. The clinic owner can change roles.');
  }
}
