import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IonButton,
  IonContent,
  IonHeader,
  IonInput,
  IonItem,
  IonList,
  IonNote,
  IonPage,
  IonText,
  IonTitle,
  IonToolbar,
} from '@ionic/react';
import { addStaffStrings } from '../staff/i18n/index.ts';
import { errorCode, errorText } from '../ui/error-text.ts';
import { useAuth } from './auth-context.tsx';

addStaffStrings();

/**
 * Staff sign in with an account name and a password. A citizen's phone number never works
 * here, and a staff name never works on the citizen's page.
 */
export default function StaffSignInPage({ onBack }: { onBack(): void }) {
  const { t } = useTranslation();
  const { client } = useAuth();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await client.signInStaff(name.trim(), password);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'unauthorized') setError(t('staff.signIn.wrong'));
      else if (code === 'offline') setError(t('signIn.networkFailed'));
      else setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <IonPage data-testid="staff-signin-page">
      <IonHeader>
        <IonToolbar color="dark">
          <IonTitle>{t('staff.signIn.title')}</IonTitle>
        </IonToolbar>
      </IonHeader>
      <IonContent className="ion-padding">
        <div className="narrow">
          <p>{t('staff.signIn.intro')}</p>
          <form onSubmit={submit}>
            <IonList inset={false}>
              <IonItem>
                <IonInput
                  data-testid="staff-signin-name"
                  label={t('staff.signIn.name')}
                  labelPlacement="stacked"
                  autocomplete="username"
                  autocapitalize="off"
                  placeholder={t('staff.signIn.namePlaceholder')}
                  value={name}
                  onIonInput={(e) => setName(String(e.detail.value ?? ''))}
                />
              </IonItem>
              <IonItem>
                <IonInput
                  data-testid="staff-signin-password"
                  label={t('staff.signIn.password')}
                  labelPlacement="stacked"
                  type="password"
                  autocomplete="current-password"
                  value={password}
                  onIonInput={(e) => setPassword(String(e.detail.value ?? ''))}
                />
              </IonItem>
            </IonList>
            {error && (
              <IonText color="danger" role="alert">
                <p data-testid="staff-signin-error">{error}</p>
              </IonText>
            )}
            <IonButton
              data-testid="staff-signin-submit"
              type="submit"
              expand="block"
              disabled={busy || name.trim() === '' || password === ''}
            >
              {busy ? t('staff.signIn.working') : t('staff.signIn.submit')}
            </IonButton>
          </form>
          <IonButton data-testid="staff-signin-back" expand="block" fill="clear" onClick={onBack}>
            {t('staff.signIn.toCitizen')}
          </IonButton>
          <IonNote className="block-note">{t('signIn.needNetwork')}</IonNote>
        </div>
      </IonContent>
    </IonPage>
  );
}
