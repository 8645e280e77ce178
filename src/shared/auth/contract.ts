import { z } from 'zod';

/** Limits shared by the server (validation) and the web client (form hints). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
export const NAME_MAX = 120;
export const EMAIL_MAX = 254;
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const Email = z
  .string()
  .trim()
  .max(EMAIL_MAX)
  .pipe(z.email({ message: 'Enter an email address such as name@example.com.' }))
  .transform((v) => v.toLowerCase());
export const Password = z
  .string()
  .min(PASSWORD_MIN, { message: `Use at least ${PASSWORD_MIN} characters.` })
  .max(PASSWORD_MAX, { message: `Use at most ${PASSWORD_MAX} characters.` });
export const PersonName = z.string().trim().min(1, { message: 'Enter a name.' }).max(NAME_MAX);
export const TotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { message: 'Enter the 6-digit code from your authenticator app.' });
export const RecoveryCode = z
  .string()
  .trim()
  .regex(/^[a-z0-9]{5}-?[a-z0-9]{5}$/i, { message: 'A recovery code looks like abcde-12345.' });

export const LoginBody = z
  .object({
    email: Email,
    password: z.string().min(1, { message: 'Enter your password.' }).max(PASSWORD_MAX),
    totp: z.string().trim().max(20).optional(),
  })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const Role = z.enum(['owner', 'admin', 'therapist', 'locum', 'mentor']);
export type Role = z.infer<typeof Role>;
export const InvitableRole = z.enum(['admin', 'therapist', 'locum', 'mentor']);
export type InvitableRole = z.infer<typeof InvitableRole>;

export const Membership = z.object({
  clinicId: z.string(),
  clinicName: z.string(),
  role: Role,
  treats: z.boolean(),
  requireTotp: z.boolean(),
});
export type Membership = z.infer<typeof Membership>;

export const Me = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    locale: z.enum(LOCALES),
    totpEnabled: z.boolean(),
  }),
  clinic: Membership.nullable(),
  memberships: z.array(Membership),
  /** True when the clinic requires two-factor sign-in and this user has not enrolled yet. */
  mustEnrolTotp: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const LoginResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed-in'), me: Me }),
  z.object({ status: z.literal('totp-required') }),
]);
export type LoginResult = z.infer<typeof LoginResult>;

export const SwitchClinicBody = z.object({ clinicId: z.string().min(1).max(64) }).strict();

export const UpdateProfileBody = z.object({ name: PersonName.optional(), locale: z.enum(LOCALES).optional() }).strict();

export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX), newPassword: Password }).strict();

export const TotpEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;
export const TotpConfirmBody = z.object({ code: TotpCode }).strict();
export const TotpConfirmResult = z.object({ recoveryCodes: z.array(z.string()) });
export const TotpDisableBody = z.object({ password: z.string().min(1).max(PASSWORD_MAX) }).strict();

export const Ok = z.object({ ok: z.literal(true) });

/** Taking back a device that was handed to a patient. */
export const UnlockBody = z.object({ password: z.string().min(1, { message: 'Enter your password.' }).max(PASSWORD_MAX) }).strict();
export type UnlockBody = z.infer<typeof UnlockBody>;
