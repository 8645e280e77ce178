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
import type {
  ConsentList,
  Consent as ConsentRecord,
  ConsentStatus as ConsentStatusData,
  RecordConsentBody,
  SensitiveArea,
} from '../../shared/consent/contract.js';
import type {
  ArchivePatientBody,
  CreateIntakeLinkBody,
  CreatePatientBody,
  HealthHistoryAnswers,
  HealthHistoryView,
  IntakeForm,
  IntakeLink,
  PatientArchiveState,
  PatientChart,
  PatientList,
  PatientSummary,
  RecordAccessReport,
  Sdm,
  SdmInput,
  TreatmentPlan,
  TreatmentPlanInput,
  UpdatePatientBody,
  UpdateRelationshipBody,
  VulnerabilityFactor,
  VulnerabilityInput,
} from '../../shared/patients/contract.js';
import type { ErrorBody } from '../../shared/platform/contract.js';
import type {
  AmendNoteBody,
  CreateNoteBody,
  Measures,
  Note,
  NoteFields,
  NoteList,
  NoteTemplateList,
  PsfsAssessment,
  PsfsBody,
  UpdateNoteBody,
} from '../../shared/records/contract.js';
import type {
  Appointment,
  AppointmentType,
  AppointmentTypeList,
  Availability,
  BookAppointmentBody,
  CreateAppointmentTypeBody,
  DayView,
  MoveAppointmentBody,
  SchedulingSettings,
  SetWeeklyHoursBody,
  TodayView,
  UpdateAppointmentTypeBody,
  WeekView,
} from '../../shared/scheduling/contract.js';

export type Infer<T extends z.ZodType> = z.infer<T>;
export type Input<T extends z.ZodType> = z.input<T>;

export type { InvitableRole, Invitation, Me, Role };
export type Membership = Me['memberships'][number];
export type Member = Infer<typeof MemberList>['members'][number];
export type FailedSignIn = Infer<typeof FailedSignInList>['attempts'][number];
export type InvitationPreviewData = Infer<typeof InvitationPreview>;
export type ClinicSettingsData = Infer<typeof ClinicSettings>;

export type PatientSummaryData = Infer<typeof PatientSummary>;
export type Chart = Infer<typeof PatientChart>;
export type Demographics = Chart['patient'];
export type Clinical = NonNullable<Chart['clinical']>;
export type RelationshipData = Clinical['relationships'][number];
export type VulnerabilityFactorData = Infer<typeof VulnerabilityFactor>;
export type SdmData = Infer<typeof Sdm>;
export type AccessEntry = Infer<typeof RecordAccessReport>['entries'][number];
export type PatientInput = Input<typeof CreatePatientBody>;
export type ConsentData = Infer<typeof ConsentRecord>;
export type ConsentStatusInfo = Infer<typeof ConsentStatusData>;
export type { SensitiveArea };
export type AppointmentData = Infer<typeof Appointment>;
export type TodayAppointment = Infer<typeof TodayView>['appointments'][number];
export type AppointmentTypeData = Infer<typeof AppointmentType>;
export type AvailabilityData = Infer<typeof Availability>;
export type DayViewData = Infer<typeof DayView>;
export type WeekViewData = Infer<typeof WeekView>;
export type NoteData = Infer<typeof Note>;
export type NoteFieldsData = Infer<typeof NoteFields>;
export type NoteContentInput = Input<typeof UpdateNoteBody>;
export type MeasuresData = Infer<typeof Measures>;
export type HealthHistoryViewData = Infer<typeof HealthHistoryView>;
export type IntakeFormData = Infer<typeof IntakeForm>;
export type IntakeAnswers = HealthHistoryAnswers;

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

async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<T> {
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

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body);
const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
export const seg = encodeURIComponent;
export const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
};
const pat = (id: string) => `/api/patients/${seg(id)}`;

export type Ok = { ok: true };

export const api = {
  setupStatus: () => get<Infer<typeof SetupStatus>>('/api/setup'),
  setup: (body: SetupBody) => post<{ me: Me }>('/api/setup', body),

  login: (body: Input<typeof LoginBody>) => post<LoginResult>('/api/auth/login', body),
  logout: () => post<Ok>('/api/auth/logout'),
  lockDevice: () => post<Ok>('/api/auth/device/lock'),
  unlockDevice: (password: string) => post<Me>('/api/auth/device/unlock', { password }),

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

  patients: (params: { q?: string; limit?: number; offset?: number; status?: 'current' | 'archived' }) =>
    get<Infer<typeof PatientList>>(`/api/patients${query(params)}`),
  archivePatient: (id: string, body: Input<typeof ArchivePatientBody>) =>
    post<Infer<typeof PatientArchiveState>>(`${pat(id)}/archive`, body),
  restorePatient: (id: string) => post<Infer<typeof PatientArchiveState>>(`${pat(id)}/restore`),
  createPatient: (body: PatientInput) => post<PatientSummaryData>('/api/patients', body),
  chart: (id: string) => get<Chart>(pat(id)),
  updatePatient: (id: string, body: Input<typeof UpdatePatientBody>) => patch<Ok>(pat(id), body),
  accessReport: (id: string) => get<Infer<typeof RecordAccessReport>>(`${pat(id)}/access-report`),
  addSdm: (id: string, body: Input<typeof SdmInput>) => post<SdmData>(`${pat(id)}/substitute-decision-makers`, body),
  removeSdm: (id: string, sdmId: string) => post<Ok>(`${pat(id)}/substitute-decision-makers/${seg(sdmId)}/remove`),
  updateRelationship: (id: string, relId: string, body: Input<typeof UpdateRelationshipBody>) =>
    patch<Ok>(`${pat(id)}/relationships/${seg(relId)}`, body),
  setPlan: (id: string, relId: string, body: Input<typeof TreatmentPlanInput>) =>
    put<Infer<typeof TreatmentPlan>>(`${pat(id)}/relationships/${seg(relId)}/plan`, body),
  addVulnerability: (id: string, body: Input<typeof VulnerabilityInput>) => post<VulnerabilityFactorData>(`${pat(id)}/vulnerability`, body),
  endVulnerability: (id: string, factorId: string) => post<Ok>(`${pat(id)}/vulnerability/${seg(factorId)}/end`),

  consents: (id: string) => get<Infer<typeof ConsentList>>(`${pat(id)}/consents`),
  recordConsent: (id: string, body: RecordConsentBody) => post<ConsentData>(`${pat(id)}/consents`, body),
  withdrawConsent: (id: string, consentId: string, reason: string) =>
    post<Ok>(`${pat(id)}/consents/${seg(consentId)}/withdraw`, { reason }),
  consentStatus: (id: string, appointmentId?: string) => get<ConsentStatusInfo>(`${pat(id)}/consent-status${query({ appointmentId })}`),

  healthHistory: (id: string) => get<HealthHistoryViewData>(`${pat(id)}/health-history`),
  createIntakeLink: (id: string, body: Input<typeof CreateIntakeLinkBody>) =>
    post<Infer<typeof IntakeLink>>(`${pat(id)}/intake-links`, body),
  intake: (token: string) => get<IntakeFormData>(`/api/intake/${seg(token)}`),
  submitIntake: (token: string, body: IntakeAnswers) => post<Ok>(`/api/intake/${seg(token)}`, body),

  schedulingSettings: () => get<Infer<typeof SchedulingSettings>>('/api/scheduling/settings'),
  appointmentTypes: (includeInactive = false) =>
    get<Infer<typeof AppointmentTypeList>>(`/api/scheduling/appointment-types${includeInactive ? '?includeInactive=true' : ''}`),
  createAppointmentType: (body: Input<typeof CreateAppointmentTypeBody>) =>
    post<AppointmentTypeData>('/api/scheduling/appointment-types', body),
  updateAppointmentType: (id: string, body: Input<typeof UpdateAppointmentTypeBody>) =>
    patch<AppointmentTypeData>(`/api/scheduling/appointment-types/${seg(id)}`, body),
  availability: (therapistId: string) => get<AvailabilityData>(`/api/scheduling/therapists/${seg(therapistId)}/availability`),
  setWeeklyHours: (therapistId: string, body: Input<typeof SetWeeklyHoursBody>) =>
    put<AvailabilityData>(`/api/scheduling/therapists/${seg(therapistId)}/availability`, body),
  book: (body: Input<typeof BookAppointmentBody>) => post<AppointmentData>('/api/scheduling/appointments', body),
  move: (id: string, body: Input<typeof MoveAppointmentBody>) =>
    post<AppointmentData>(`/api/scheduling/appointments/${seg(id)}/move`, body),
  cancel: (id: string, reason: string) => post<AppointmentData>(`/api/scheduling/appointments/${seg(id)}/cancel`, { reason }),
  noShow: (id: string) => post<AppointmentData>(`/api/scheduling/appointments/${seg(id)}/no-show`),
  arrived: (id: string) => post<AppointmentData>(`/api/scheduling/appointments/${seg(id)}/arrived`),
  complete: (id: string, actualEndAt?: string) =>
    post<AppointmentData>(`/api/scheduling/appointments/${seg(id)}/complete`, actualEndAt ? { actualEndAt } : {}),
  day: (date: string, therapistId?: string) => get<DayViewData>(`/api/scheduling/day${query({ date, therapistId })}`),
  week: (date: string, therapistId?: string) => get<WeekViewData>(`/api/scheduling/week${query({ date, therapistId })}`),
  today: () => get<Infer<typeof TodayView>>('/api/scheduling/today'),

  notes: (id: string) => get<Infer<typeof NoteList>>(`${pat(id)}/notes`),
  startNote: (id: string, body: Input<typeof CreateNoteBody>) => post<NoteData>(`${pat(id)}/notes`, body),
  note: (id: string, noteId: string) => get<NoteData>(`${pat(id)}/notes/${seg(noteId)}`),
  updateNote: (id: string, noteId: string, body: NoteContentInput) => patch<NoteData>(`${pat(id)}/notes/${seg(noteId)}`, body),
  signNote: (id: string, noteId: string) => post<NoteData>(`${pat(id)}/notes/${seg(noteId)}/sign`),
  amendNote: (id: string, noteId: string, body: Input<typeof AmendNoteBody>) =>
    post<NoteData>(`${pat(id)}/notes/${seg(noteId)}/amendments`, body),
  noteTemplates: () => get<Infer<typeof NoteTemplateList>>('/api/note-templates'),
  measures: (id: string) => get<MeasuresData>(`${pat(id)}/measures`),
  recordPsfs: (id: string, body: Input<typeof PsfsBody>) => post<Infer<typeof PsfsAssessment>>(`${pat(id)}/psfs`, body),
};
