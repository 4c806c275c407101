import { lazy, Suspense, useState } from 'react';
import { IonApp, IonSpinner } from '@ionic/react';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { DeviceProvider } from './device/device-context.tsx';
import { CitizenTabs } from './citizen/CitizenTabs.tsx';

// Someone signed in never needs the sign-in page, nor the phone-number metadata it carries.
const SignInPage = lazy(() => import('./auth/SignInPage.tsx'));
// Staff views are a separate download: the citizen's first load does not grow with them.
const StaffSignInPage = lazy(() => import('./auth/StaffSignInPage.tsx'));
const StaffApp = lazy(() => import('./staff/StaffApp.tsx'));

const STAFF_HASH = '#staff';

function Gate() {
  const { principal } = useAuth();
  // A desk can bookmark <app>/#staff to open straight on the staff sign-in.
  const [staffSignIn, setStaffSignIn] = useState(() => window.location.hash === STAFF_HASH);
  if (principal === undefined) return <IonSpinner name="crescent" className="page-spinner" />;
  if (principal === null) {
    return (
      <Suspense fallback={<IonSpinner name="crescent" className="page-spinner" />}>
        {staffSignIn ? (
          <StaffSignInPage onBack={() => setStaffSignIn(false)} />
        ) : (
          <SignInPage onStaff={() => setStaffSignIn(true)} />
        )}
      </Suspense>
    );
  }
  if (principal.kind !== 'citizen') {
    return (
      <Suspense fallback={<IonSpinner name="crescent" className="page-spinner" />}>
        <StaffApp principal={principal} />
      </Suspense>
    );
  }
  return (
    <DeviceProvider principal={principal}>
      <CitizenTabs />
    </DeviceProvider>
  );
}

export function App() {
  return (
    <IonApp>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </IonApp>
  );
}
