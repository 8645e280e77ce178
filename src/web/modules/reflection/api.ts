// The private room's API calls live with the private room: nothing outside it imports them.
import type {
  CheckInBody,
  CheckInResult,
  IdentifyingTerms,
  JournalEntry,
  JournalEntryBody,
  JournalEntryEditBody,
  JournalEntryList,
  JournalKeyBody,
  JournalKeyState,
  JournalPassphraseBody,
  LearningPlanBody,
  LearningPlanState,
  NeedsAssessment,
  NeedsAssessmentBody,
  NeedsHistory,
  NeedsQuestionnaire,
  PatientPresence,
  RecentCheckIns,
  SelfCarePlanBody,
  SelfCarePlanView,
  SignalList,
  SignalSettingsBody,
  SignalSettingsView,
  Trend,
} from '../../../shared/reflection/contract.js';
import { get, type Infer, type Input, type Ok, post, put, query, seg } from '../../lib/api.js';

export type CheckInResultData = Infer<typeof CheckInResult>;
export type CheckInData = CheckInResultData['checkIn'];
export type TrendData = Infer<typeof Trend>;
export type TrendBy = TrendData['by'];
export type SignalData = Infer<typeof SignalList>['signals'][number];
/** The thresholds as saved, with the version a change must be based on (null: never tuned). */
export type SignalSettingsData = Infer<typeof SignalSettingsView>;
export type JournalEntryData = Infer<typeof JournalEntry>;
export type JournalKeyData = NonNullable<Infer<typeof JournalKeyState>['key']>;
export type NeedsQuestionnaireData = Infer<typeof NeedsQuestionnaire>;
export type NeedsHistoryData = Infer<typeof NeedsHistory>;
export type SelfCarePlanData = Infer<typeof SelfCarePlanView>;

export const reflectionApi = {
  checkIn: (body: CheckInBody) => post<CheckInResultData>('/api/reflection/check-ins', body),
  recentCheckIns: () => get<Infer<typeof RecentCheckIns>>('/api/reflection/check-ins'),
  presenceForPatient: (patientId: string) => get<Infer<typeof PatientPresence>>(`/api/reflection/presence/${seg(patientId)}`),
  checkInTrend: (params: { from: string; to: string; by: TrendBy }) => get<TrendData>(`/api/reflection/check-ins/trend${query(params)}`),
  signals: () => get<Infer<typeof SignalList>>('/api/reflection/signals'),
  dismissSignal: (key: string) => post<Ok>('/api/reflection/signals/dismiss', { key }),
  markSignalReflected: (key: string) => post<Ok>('/api/reflection/signals/reflected', { key }),
  signalSettings: () => get<SignalSettingsData>('/api/reflection/signal-settings'),
  setSignalSettings: (body: Input<typeof SignalSettingsBody>) => put<SignalSettingsData>('/api/reflection/signal-settings', body),
  needsQuestionnaire: () => get<NeedsQuestionnaireData>('/api/reflection/needs/questionnaire'),
  needsHistory: () => get<NeedsHistoryData>('/api/reflection/needs/assessments'),
  submitNeeds: (body: Input<typeof NeedsAssessmentBody>) => post<Infer<typeof NeedsAssessment>>('/api/reflection/needs/assessments', body),
  setNeedsCadence: (cadence: NeedsHistoryData['cadence']) => put<NeedsHistoryData>('/api/reflection/needs/settings', { cadence }),
  selfCarePlan: () => get<SelfCarePlanData>('/api/reflection/self-care-plan'),
  setSelfCarePlan: (body: Input<typeof SelfCarePlanBody>) => put<SelfCarePlanData>('/api/reflection/self-care-plan', body),
  journalKey: () => get<Infer<typeof JournalKeyState>>('/api/reflection/journal/key'),
  setJournalKey: (body: Input<typeof JournalKeyBody>) => put<Infer<typeof JournalKeyState>>('/api/reflection/journal/key', body),
  changeJournalPassphrase: (body: Input<typeof JournalPassphraseBody>) =>
    put<Infer<typeof JournalKeyState>>('/api/reflection/journal/key/passphrase', body),
  learningPlan: () => get<Infer<typeof LearningPlanState>>('/api/reflection/learning-plan'),
  saveLearningPlan: (body: Input<typeof LearningPlanBody>) => put<Infer<typeof LearningPlanState>>('/api/reflection/learning-plan', body),
  journalEntries: () => get<Infer<typeof JournalEntryList>>('/api/reflection/journal/entries?limit=200'),
  addJournalEntry: (body: Input<typeof JournalEntryBody>) => post<JournalEntryData>('/api/reflection/journal/entries', body),
  editJournalEntry: (id: string, body: Input<typeof JournalEntryEditBody>) =>
    put<JournalEntryData>(`/api/reflection/journal/entries/${seg(id)}`, body),
  deleteJournalEntry: (id: string) => post<Ok>(`/api/reflection/journal/entries/${seg(id)}/delete`),
  journalIdentifiers: () => get<Infer<typeof IdentifyingTerms>>('/api/reflection/journal/identifiers'),
};
