import type { Role } from '../../../shared/auth/contract.js';
import { AppError } from '../../platform/errors.js';

/**
 * Who may do what in a clinic, one line per rule. Anything not listed is refused.
 * The access test walks every route with every role (test/access.test.ts).
 */
export const RULES = {
  'clinic.settings.read': ['owner', 'admin'],
  'clinic.settings.write': ['owner'],
  'clinic.members.read': ['owner', 'admin'],
  'clinic.members.write': ['owner'],
  'clinic.invitations.read': ['owner', 'admin'],
  'clinic.invitations.write': ['owner', 'admin'],
  'clinic.security.read': ['owner'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof RULES;

export function allows(role: Role, action: Action): boolean {
  return (RULES[action] as readonly Role[]).includes(role);
}

export function assertAllowed(role: Role | undefined, action: Action): void {
  if (!role || !allows(role, action)) {
    throw new AppError('FORBIDDEN', 'Your role in this clinic does not include this. The clinic owner can change roles.');
  }
}
