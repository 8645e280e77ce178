import { z } from 'zod';
import { Email, InvitableRole, Me, Password, PersonName, Role } from '../auth/contract.js';

export const CLINIC_NAME_MAX = 160;
export const ClinicName = z.string().trim().min(1, { message: 'Enter the name of your practice.' }).max(CLINIC_NAME_MAX);

export const SetupStatus = z.object({ needsSetup: z.boolean() });
export const SetupBody = z
  .object({ clinicName: ClinicName, name: PersonName, email: Email, password: Password, treats: z.boolean().default(true) })
  .strict();
export type SetupBody = z.input<typeof SetupBody>;
export const SetupResult = z.object({ me: Me });

export const CreateInvitationBody = z.object({ email: Email, name: PersonName.optional(), role: InvitableRole }).strict();
export const Invitation = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  /** Present only in the response that creates it: the link to share if email is not set up. */
  link: z.string().optional(),
  emailQueued: z.boolean().optional(),
});
export type Invitation = z.infer<typeof Invitation>;
export const InvitationList = z.object({ invitations: z.array(Invitation) });

export const InvitationPreview = z.object({
  clinicName: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  hasAccount: z.boolean(),
});
export const AcceptInvitationBody = z.object({ name: PersonName.optional(), password: z.string().min(1).max(256) }).strict();
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;

export const Member = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  treats: z.boolean(),
  totpEnabled: z.boolean(),
  joinedAt: z.string(),
});
export const MemberList = z.object({ members: z.array(Member) });
export const ChangeRoleBody = z.object({ role: InvitableRole.or(z.literal('owner')), treats: z.boolean().optional() }).strict();

export const ClinicSettings = z.object({ name: z.string(), requireTotp: z.boolean() });
export const UpdateClinicSettingsBody = z.object({ name: ClinicName.optional(), requireTotp: z.boolean().optional() }).strict();

export const FailedSignIn = z.object({ at: z.string(), email: z.string(), ip: z.string().nullable(), reason: z.string() });
export const FailedSignInList = z.object({ attempts: z.array(FailedSignIn) });

export { Password };
