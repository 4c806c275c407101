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
import { maskPhone, normalizePhone } from '@smt/shared/phone';
import { errorCode, errorText } from '../ui/error-text.ts';
import { useAuth } from './auth-context.tsx';
import { useCountdown } from './use-countdown.ts';

/** Without a hint from the server, a code may be asked for again after a minute. */
const DEFAULT_RESEND_AFTER_S = 60;
const CODE_LENGTH = 6;

/** Phone number and SMS code: no password, no real name (as the 2020 service promised). */
export default function SignInPage({ onStaff }: { onStaff?: () => void }) {
  const { t } = useTranslation();
  const { client, rememberPhone } = useAuth();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [resendAtMs, setResendAtMs] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const secondsLeft = useCountdown(resendAtMs);

  async function sendCode() {
    const normalized = normalizePhone(phone);
    if (!normalized.ok) {
      setError(t('errors.invalid-phone'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const { resendAfterS } = await client.requestCode(normalized.e164);
      setSentTo(normalized.e164);
      setResendAtMs(Date.now() + (resendAfterS || DEFAULT_RESEND_AFTER_S) * 1000);
    } catch (err) {
      setError(errorCode(err) === 'offline' ? t('signIn.networkFailed') : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  async function verify(event: FormEvent) {
    event.preventDefault();
    if (!sentTo) return;
    setBusy(true);
    setError(undefined);
    try {
      await client.verify(sentTo, code.trim());
      rememberPhone(maskPhone(sentTo));
    } catch (err) {
      const why = errorCode(err);
      setError(why === 'offline' ? t('signIn.networkFailed') : errorText(t, err));
      // An expired or burned code cannot be retried: ask for a new one at once.
      if (why === 'code-expired' || why === 'code-burned') {
        setCode('');
        setResendAtMs(undefined);
      }
    } finally {
      setBusy(false);
    }
  }

  const sendLabel =
    secondsLeft > 0
      ? t('signIn.resendIn', { seconds: secondsLeft })
      : sentTo
        ? t('signIn.resend')
        : t('signIn.sendCode');

  return (
    <IonPage data-testid="signin-page">
      <IonHeader>
        <IonToolbar color="primary">
          <IonTitle>{t('signIn.title')}</IonTitle>
        </IonToolbar>
      </IonHeader>
      <IonContent className="ion-padding">
        <div className="narrow">
          <p>{t('signIn.intro')}</p>
          <form onSubmit={verify}>
            <IonList inset={false}>
              <IonItem>
                <IonInput
                  data-testid="signin-phone"
                  label={t('signIn.phone')}
                  labelPlacement="stacked"
                  type="tel"
                  inputmode="tel"
                  autocomplete="tel"
                  placeholder={t('signIn.phonePlaceholder')}
                  value={phone}
                  onIonInput={(e) => setPhone(String(e.detail.value ?? ''))}
                />
              </IonItem>
              <IonButton
                data-testid="signin-send-code"
                expand="block"
                fill="outline"
                disabled={busy || secondsLeft > 0 || phone.trim() === ''}
                onClick={sendCode}
              >
                {sendLabel}
              </IonButton>
              {sentTo && (
                <IonNote data-testid="signin-code-sent" className="block-note">
                  {t('signIn.codeSent', { phone: maskPhone(sentTo) })}
                </IonNote>
              )}
              <IonItem>
                <IonInput
                  data-testid="signin-code"
                  label={t('signIn.code')}
                  labelPlacement="stacked"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  maxlength={CODE_LENGTH}
                  placeholder={t('signIn.codePlaceholder')}
                  value={code}
                  disabled={!sentTo}
                  onIonInput={(e) => setCode(String(e.detail.value ?? ''))}
                />
              </IonItem>
            </IonList>
            {error && (
              <IonText color="danger" role="alert">
                <p data-testid="signin-error">{error}</p>
              </IonText>
            )}
            <IonButton
              data-testid="signin-submit"
              type="submit"
              expand="block"
              disabled={busy || !sentTo || code.trim().length !== CODE_LENGTH}
            >
              {busy ? t('signIn.working') : t('signIn.submit')}
            </IonButton>
          </form>
          <IonNote className="block-note">{t('signIn.needNetwork')}</IonNote>
          {onStaff && (
            <IonButton data-testid="signin-to-staff" expand="block" fill="clear" onClick={onStaff}>
              {t('signIn.staff')}
            </IonButton>
          )}
        </div>
      </IonContent>
    </IonPage>
  );
}
