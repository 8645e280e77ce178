/**
 * The one way the web client talks to the server. Types come from the shared zod contracts
 * (type-only imports: zod stays out of the browser bundle). State-changing requests always send
 * a JSON body, because the server refuses anything else.
 */

import type { z } from 'zod';
import type {
  ChangePasswordBody,
  InvitableRole,
  LoginBody,
  LoginResult,
  Me,
  Role,
  TotpConfirmResult,
  TotpEnrolment,
  UpdateProfileBody,
} from '../../shared/auth/contract.js';
import type {
  AcceptInvitationBody,
  ChangeRoleBody,
  ClinicSettings,
  CreateInvitationBody,
  FailedSignInList,
  Invitation,
  InvitationList,
  InvitationPreview,
  MemberList,
  SetupBody,
  SetupStatus,
  UpdateClinicSettingsBody,
} from '../../shared/clinic/contract.js';
import type { ErrorBody } from '../../shared/platform/contract.js';

type Infer<T extends z.ZodType> = z.infer<T>;
type Input<T extends z.ZodType> = z.input<T>;

export type { InvitableRole, Invitation, Me, Role };
export type Membership = Me['memberships'][number];
export type Member = Infer<typeof MemberList>['members'][number];
export type FailedSignIn = Infer<typeof FailedSignInList>['attempts'][number];
export type InvitationPreviewData = Infer<typeof InvitationPreview>;
export type ClinicSettingsData = Infer<typeof ClinicSettings>;

/** An error answered by the API (or a network failure, code NETWORK). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: Partial<ErrorBody>) {
    super(body.message ?? 'Something went wrong. Please try again.');
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error ?? 'UNKNOWN';
    this.field = body.field;
    this.retryAfterSeconds = body.retryAfterSeconds;
  }
}

export const isApiError = (e: unknown, code?: string): e is ApiError => e instanceof ApiError && (code === undefined || e.code === code);

async function request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (method !== 'GET') {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, { error: 'NETWORK', message: 'Attune could not be reached. Check your connection and try again.' });
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) throw new ApiError(res.status, (data as Partial<ErrorBody> | undefined) ?? { error: `HTTP_${res.status}` });
  return data as T;
}

const get = <T>(path: string) => request<T>('GET', path);
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body);
const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
const seg = encodeURIComponent;

type Ok = { ok: true };

export const api = {
  setupStatus: () => get<Infer<typeof SetupStatus>>('/api/setup'),
  setup: (body: SetupBody) => post<{ me: Me }>('/api/setup', body),

  login: (body: Input<typeof LoginBody>) => post<LoginResult>('/api/auth/login', body),
  logout: () => post<Ok>('/api/auth/logout'),

  me: () => get<Me>('/api/me'),
  updateMe: (body: Input<typeof UpdateProfileBody>) => patch<Me>('/api/me', body),
  changePassword: (body: Input<typeof ChangePasswordBody>) => post<Ok>('/api/me/password', body),
  switchClinic: (clinicId: string) => post<Me>('/api/me/clinic', { clinicId }),
  totpEnrol: () => post<TotpEnrolment>('/api/me/totp/enrol'),
  totpConfirm: (code: string) => post<Infer<typeof TotpConfirmResult>>('/api/me/totp/confirm', { code }),
  totpDisable: (password: string) => post<Ok>('/api/me/totp/disable', { password }),

  invitation: (token: string) => get<InvitationPreviewData>(`/api/invitations/${seg(token)}`),
  acceptInvitation: (token: string, body: AcceptInvitationBody) => post<{ me: Me }>(`/api/invitations/${seg(token)}/accept`, body),

  clinicSettings: () => get<ClinicSettingsData>('/api/clinic/settings'),
  updateClinicSettings: (body: Input<typeof UpdateClinicSettingsBody>) => patch<ClinicSettingsData>('/api/clinic/settings', body),
  members: () => get<Infer<typeof MemberList>>('/api/clinic/members'),
  changeRole: (userId: string, body: Input<typeof ChangeRoleBody>) => patch<Ok>(`/api/clinic/members/${seg(userId)}`, body),
  removeMember: (userId: string) => post<Ok>(`/api/clinic/members/${seg(userId)}/remove`),
  invitations: () => get<Infer<typeof InvitationList>>('/api/clinic/invitations'),
  createInvitation: (body: Input<typeof CreateInvitationBody>) => post<Invitation>('/api/clinic/invitations', body),
  revokeInvitation: (id: string) => post<Ok>(`/api/clinic/invitations/${seg(id)}/revoke`),
  failedSignIns: () => get<Infer<typeof FailedSignInList>>('/api/clinic/security/failed-sign-ins'),
};
