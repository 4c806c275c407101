import { lazy, Suspense } from 'react';
import { IonApp, IonSpinner } from '@ionic/react';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { DeviceProvider } from './device/device-context.tsx';
import { CitizenTabs } from './citizen/CitizenTabs.tsx';

// Someone signed in never needs the sign-in page, nor the phone-number metadata it carries.
const SignInPage = lazy(() => import('./auth/SignInPage.tsx'));

function Gate() {
  const { principal } = useAuth();
  if (principal === undefined) return <IonSpinner name="crescent" className="page-spinner" />;
  if (principal === null) {
    return (
      <Suspense fallback={<IonSpinner name="crescent" className="page-spinner" />}>
        <SignInPage />
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
