import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IonButton,
  IonContent,
  IonHeader,
  IonItem,
  IonLabel,
  IonList,
  IonListHeader,
  IonPage,
  IonSegment,
  IonSegmentButton,
  IonTitle,
  IonToolbar,
  useIonAlert,
} from '@ionic/react';
import { useAuth } from '../../auth/auth-context.tsx';
import { useDevice } from '../../device/device-context.tsx';
import { useObservable } from '../../device/use-observable.ts';
import type { ReportEntry } from '../../device/citizen-view.ts';
import {
  currentLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
  setLanguage,
  type Language,
} from '../../i18n/index.ts';
import { Hotlines } from '../../ui/Hotlines.tsx';
import { OfflineBanner } from '../../ui/OfflineBanner.tsx';
import { NoticeModal } from '../notice/NoticeModal.tsx';

const UNSENT_KINDS = new Set(['saved', 'sending', 'photos']);

/** 我的: who is signed in, language, what is still to send, the notice, and signing out. */
export default function AccountPage() {
  const { t } = useTranslation();
  const { client, maskedPhone } = useAuth();
  const { view } = useDevice();
  const online = useObservable(view?.online$, false);
  const entries = useObservable<ReportEntry[]>(view?.reports$, []);
  const unsent = entries.filter((e) => UNSENT_KINDS.has(e.standing.kind)).length;
  const [language, setLanguageState] = useState<Language>(currentLanguage());
  const [showNotice, setShowNotice] = useState(false);
  const [alert] = useIonAlert();

  useEffect(() => setLanguageState(currentLanguage()), []);

  async function signOut() {
    const hasUnsent = view ? await view.hasUnsent() : false;
    await alert({
      header: t('account.signOutTitle'),
      message: hasUnsent
        ? t('account.signOutUnsent', { count: Math.max(unsent, 1) })
        : t('account.signOutConfirm'),
      cssClass: hasUnsent ? 'alert-unsent' : undefined,
      buttons: [
        {
          text: t('account.cancel'),
          role: 'cancel',
          htmlAttributes: { 'data-testid': 'signout-cancel' },
        },
        {
          text: hasUnsent ? t('account.signOutAnyway') : t('account.signOut'),
          role: 'destructive',
          htmlAttributes: { 'data-testid': 'signout-confirm' },
          handler: () => {
            void client.signOut();
          },
        },
      ],
    });
  }

  return (
    <IonPage data-testid="account-page">
      <IonHeader>
        <IonToolbar color="primary">
          <IonTitle>{t('account.title')}</IonTitle>
        </IonToolbar>
        <OfflineBanner online={online} />
      </IonHeader>
      <IonContent>
        <IonList className="narrow">
          <IonItem>
            <IonLabel>
              <p>{t('account.phone')}</p>
              <h2 data-testid="account-phone">{maskedPhone ?? '—'}</h2>
            </IonLabel>
          </IonItem>
          <IonItem>
            <IonLabel>
              <p>{t('account.sync')}</p>
              <h2 data-testid="account-unsent">
                {unsent > 0 ? t('account.unsent', { count: unsent }) : t('account.allSent')}
              </h2>
            </IonLabel>
          </IonItem>

          <IonListHeader>
            <IonLabel>{t('account.language')}</IonLabel>
          </IonListHeader>
          <div className="ion-padding-horizontal">
            <IonSegment
              value={language}
              onIonChange={(e) => {
                const next = e.detail.value === 'en' ? 'en' : 'zh-CN';
                setLanguageState(next);
                void setLanguage(next);
              }}
            >
              {LANGUAGES.map((lng) => (
                <IonSegmentButton key={lng} value={lng} data-testid={`language-${lng}`}>
                  <IonLabel>{LANGUAGE_NAMES[lng]}</IonLabel>
                </IonSegmentButton>
              ))}
            </IonSegment>
          </div>

          <IonListHeader>
            <IonLabel>{t('account.hotlines')}</IonLabel>
          </IonListHeader>
          <div className="ion-padding-horizontal">
            <Hotlines testIdPrefix="account-hotline" />
          </div>

          <div className="ion-padding">
            <IonButton
              data-testid="account-notice"
              expand="block"
              fill="outline"
              onClick={() => setShowNotice(true)}
            >
              {t('account.notice')}
            </IonButton>
            <IonButton data-testid="sign-out" expand="block" color="danger" onClick={signOut}>
              {t('account.signOut')}
            </IonButton>
          </div>
        </IonList>
        <NoticeModal isOpen={showNotice} onClose={() => setShowNotice(false)} />
      </IonContent>
    </IonPage>
  );
}
