// The feedback module's API calls (the patient's questionnaire and what the therapist sees of it).
import type {
  FeedbackAnswersBody,
  FeedbackCounts,
  FeedbackForm,
  FeedbackRequestCreated,
  FeedbackSettings,
  FeedbackSummary,
  FeedbackThanks,
  FeedbackTrajectory,
  MyOpenAlerts,
  QuestionnaireList,
} from '../../../shared/feedback/contract.js';
import type { PatientAppointmentList } from '../../../shared/scheduling/contract.js';
import { get, type Infer, type Ok, post, put, seg } from '../../lib/api.js';

export type FeedbackFormData = Infer<typeof FeedbackForm>;
export type FeedbackItemData = FeedbackFormData['items'][number];
export type TrajectoryData = Infer<typeof FeedbackTrajectory>;
export type AlertData = TrajectoryData['alerts'][number];
export type RequestCreatedData = Infer<typeof FeedbackRequestCreated>;
export type PatientAppointmentsData = Infer<typeof PatientAppointmentList>;

export const FEEDBACK_KEY = ['feedback'] as const;

export const feedbackApi = {
  form: (token: string) => get<FeedbackFormData>(`/api/feedback/${seg(token)}`),
  answer: (token: string, body: FeedbackAnswersBody) => post<Infer<typeof FeedbackThanks>>(`/api/feedback/${seg(token)}`, body),
  trajectory: (patientId: string) => get<TrajectoryData>(`/api/patients/${seg(patientId)}/feedback`),
  counts: (patientId: string) => get<Infer<typeof FeedbackCounts>>(`/api/patients/${seg(patientId)}/feedback/counts`),
  request: (appointmentId: string, delivery: 'email' | 'in_clinic') =>
    post<RequestCreatedData>('/api/feedback/requests', { appointmentId, delivery }),
  resolve: (alertId: string, note: string) => post<Ok>(`/api/feedback/alerts/${seg(alertId)}/resolve`, { note }),
  appointments: (patientId: string) => get<PatientAppointmentsData>(`/api/patients/${seg(patientId)}/appointments`),
};

export type SummaryData = Infer<typeof FeedbackSummary>;
export type QuestionnaireData = Infer<typeof QuestionnaireList>[number];

export type MyOpenAlertsData = Infer<typeof MyOpenAlerts>;

export const feedbackClinicApi = {
  openAlerts: () => get<MyOpenAlertsData>('/api/feedback/alerts'),
  summary: () => get<SummaryData>('/api/feedback/summary'),
  settings: () => get<Infer<typeof FeedbackSettings>>('/api/feedback/settings'),
  saveSettings: (body: { automaticEmail: boolean; questionnaireId?: string | null }) =>
    put<Infer<typeof FeedbackSettings>>('/api/feedback/settings', body),
  questionnaires: () => get<QuestionnaireData[]>('/api/feedback/questionnaires'),
  loadQuestionnaire: (resource: unknown) => post<QuestionnaireData>('/api/feedback/questionnaires', { resource }),
};
