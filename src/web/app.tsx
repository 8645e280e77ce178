import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSetupStatus } from './lib/session.js';
import { type CheckInButtonProps, CheckInSlot } from './ui/check-in-slot.js';
import { Loading } from './ui/notices.js';
import { type PresenceBesideProps, PresenceSlot } from './ui/presence-slot.js';
import { PublicLayout } from './ui/public-layout.js';
import { SignedInLayout } from './ui/signed-in-layout.js';

const SetupPage = lazy(() => import('./modules/clinic/setup-page.js'));
const SignInPage = lazy(() => import('./modules/auth/sign-in-page.js'));
const InvitationPage = lazy(() => import('./modules/clinic/invitation-page.js'));
const HomePage = lazy(() => import('./modules/home/home-page.js'));
const ProfilePage = lazy(() => import('./modules/settings/profile-page.js'));
const SecurityPage = lazy(() => import('./modules/settings/security-page.js'));
const PeoplePage = lazy(() => import('./modules/clinic/people-page.js'));
const NotFoundPage = lazy(() => import('./modules/home/not-found-page.js'));
const TodayPage = lazy(() => import('./modules/today/today-page.js'));
const CalendarPage = lazy(() => import('./modules/calendar/calendar-page.js'));
const CalendarSettingsPage = lazy(() => import('./modules/calendar/settings-page.js'));
const PatientsPage = lazy(() => import('./modules/patients/patients-page.js'));
const NewPatientPage = lazy(() => import('./modules/patients/new-patient-page.js'));
const ChartPage = lazy(() => import('./modules/patients/chart-page.js'));
const ConsentPage = lazy(() => import('./modules/consent/consent-page.js'));
const NotePage = lazy(() => import('./modules/records/note-page.js'));
const NoteTemplatesPage = lazy(() => import('./modules/records/templates-page.js'));
const IntakePage = lazy(() => import('./modules/intake/intake-page.js'));
const FeedbackAnswerPage = lazy(() => import('./modules/feedback/answer-page.js'));
const PatientFeedbackPage = lazy(() => import('./modules/feedback/feedback-page.js'));
const ClinicFeedbackPage = lazy(() => import('./modules/feedback/clinic-feedback-page.js'));
const PracticePage = lazy(() => import('./modules/reflection/practice-page.js'));
const JournalPage = lazy(() => import('./modules/reflection/journal-page.js'));
const LearningPlanPage = lazy(() => import('./modules/reflection/learning-plan-page.js'));
const NeedsPage = lazy(() => import('./modules/reflection/needs-page.js'));
const LazyCheckInButton = lazy(() => import('./modules/reflection/check-in-dialog.js').then((m) => ({ default: m.CheckInButton })));

/** The private room's check-in button, lent to Today through a slot (only this root imports the room). */
function CheckInButton(props: CheckInButtonProps) {
  return (
    <Suspense fallback={null}>
      <LazyCheckInButton {...props} />
    </Suspense>
  );
}

const LazyPresenceBeside = lazy(() => import('./modules/reflection/presence-beside-feedback.js'));
function PresenceBesideFeedback(props: PresenceBesideProps) {
  return (
    <Suspense fallback={null}>
      <LazyPresenceBeside {...props} />
    </Suspense>
  );
}

export function App() {
  const setup = useSetupStatus();
  const { pathname } = useLocation();
  if (setup.isPending) return <Loading />;
  // If the status cannot be read, carry on: the pages report their own errors.
  const needsSetup = setup.data?.needsSetup === true;
  if (needsSetup && pathname !== '/setup') return <Navigate to="/setup" replace />;

  return (
    <CheckInSlot.Provider value={CheckInButton}>
      <PresenceSlot.Provider value={PresenceBesideFeedback}>
        <Routes>
          <Route element={<PublicLayout />}>
            <Route path="/setup" element={needsSetup ? <SetupPage /> : <Navigate to="/" replace />} />
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/invitation/:token" element={<InvitationPage />} />
            <Route path="/intake/:token" element={<IntakePage />} />
            <Route path="/feedback/:token" element={<FeedbackAnswerPage />} />
          </Route>
          <Route element={<SignedInLayout />}>
            <Route index element={<HomePage />} />
            <Route path="/settings/profile" element={<ProfilePage />} />
            <Route path="/settings/security" element={<SecurityPage />} />
            <Route path="/clinic/people" element={<PeoplePage />} />
            <Route path="/today" element={<TodayPage />} />
            <Route path="/calendar" element={<CalendarPage />} />
            <Route path="/calendar/settings" element={<CalendarSettingsPage />} />
            <Route path="/note-templates" element={<NoteTemplatesPage />} />
            <Route path="/patients" element={<PatientsPage />} />
            <Route path="/patients/new" element={<NewPatientPage />} />
            <Route path="/patients/:patientId" element={<ChartPage />} />
            <Route path="/patients/:patientId/consent" element={<ConsentPage />} />
            <Route path="/patients/:patientId/notes/:noteId" element={<NotePage />} />
            <Route path="/patients/:patientId/feedback" element={<PatientFeedbackPage />} />
            <Route path="/feedback" element={<ClinicFeedbackPage />} />
            <Route path="/reflection" element={<PracticePage />} />
            <Route path="/reflection/journal" element={<JournalPage />} />
            <Route path="/reflection/learning-plan" element={<LearningPlanPage />} />
            <Route path="/reflection/needs" element={<NeedsPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </PresenceSlot.Provider>
    </CheckInSlot.Provider>
  );
}
