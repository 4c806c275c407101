import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { IonButton, IonContent, IonPage, IonSpinner, IonText } from '@ionic/react';
import type { Principal } from '@smt/sync/auth-client';
import { errorText } from '../ui/error-text.ts';
import { DirectoryProvider } from './directory.tsx';
import { addStaffStrings } from './i18n/index.ts';
import './staff.css';
import { StaffProvider, useStaff } from './staff-context.tsx';
import { useStaffSignOut } from './use-sign-out.ts';

// The field view is what a phone opens; the console (with its map) only on a desk.
const FieldApp = lazy(() => import('./field/FieldApp.tsx'));
const ConsoleApp = lazy(() => import('./console/ConsoleApp.tsx'));

addStaffStrings();

const spinner = <IonSpinner name="crescent" className="page-spinner" />;

function RoleView() {
  const { t } = useTranslation();
  const { profile, device, error, retry } = useStaff();
  const signOut = useStaffSignOut();

  if (error) {
    return (
      <IonPage>
        <IonContent className="ion-padding">
          <IonText color="danger" role="alert">
            <p data-testid="staff-open-failed">
              {t('staff.app.openFailed', { message: errorText(t, error) })}
            </p>
          </IonText>
          {!profile && <p>{t('staff.app.profileNeeded')}</p>}
          <IonButton expand="block" onClick={retry}>
            {t('staff.app.retry')}
          </IonButton>
          <IonButton expand="block" fill="outline" onClick={() => void signOut()}>
            {t('staff.app.signOut')}
          </IonButton>
        </IonContent>
      </IonPage>
    );
  }
  if (!profile || !device) return spinner;
  const field = profile.role === 'supervisor' || profile.role === 'disposal-team';
  return (
    <DirectoryProvider>
      <Suspense fallback={spinner}>{field ? <FieldApp /> : <ConsoleApp />}</Suspense>
    </DirectoryProvider>
  );
}

/** Everything a staff member sees, by role: the field view or the centre's console. */
export default function StaffApp({ principal }: { principal: Principal }) {
  return (
    <StaffProvider principal={principal}>
      <RoleView />
    </StaffProvider>
  );
}
