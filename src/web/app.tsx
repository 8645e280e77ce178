import { lazy } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSetupStatus } from './lib/session.js';
import { Loading } from './ui/notices.js';
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

export function App() {
  const setup = useSetupStatus();
  const { pathname } = useLocation();
  if (setup.isPending) return <Loading />;
  // If the status cannot be read, carry on: the pages report their own errors.
  const needsSetup = setup.data?.needsSetup === true;
  if (needsSetup && pathname !== '/setup') return <Navigate to="/setup" replace />;

  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="/setup" element={needsSetup ? <SetupPage /> : <Navigate to="/" replace />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/invitation/:token" element={<InvitationPage />} />
      </Route>
      <Route element={<SignedInLayout />}>
        <Route index element={<HomePage />} />
        <Route path="/settings/profile" element={<ProfilePage />} />
        <Route path="/settings/security" element={<SecurityPage />} />
        <Route path="/clinic/people" element={<PeoplePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
