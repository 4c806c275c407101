import { useTranslation } from 'react-i18next';
import {
  IonContent,
  IonHeader,
  IonItem,
  IonLabel,
  IonList,
  IonNote,
  IonPage,
  IonSpinner,
  IonTitle,
  IonToolbar,
} from '@ionic/react';
import type { MessageDoc } from '@smt/shared/docs';
import { useDevice } from '../../device/device-context.tsx';
import { useObservable } from '../../device/use-observable.ts';
import { formatDateTime } from '../../i18n/index.ts';
import { OfflineBanner } from '../../ui/OfflineBanner.tsx';

/** 消息: what the platform told this citizen, newest first; kept on the phone. */
export default function MessagesPage() {
  const { t } = useTranslation();
  const { view } = useDevice();
  const online = useObservable(view?.online$, false);
  const messages = useObservable<MessageDoc[] | undefined>(view?.messages$, undefined);

  return (
    <IonPage data-testid="messages-page">
      <IonHeader>
        <IonToolbar color="primary">
          <IonTitle>{t('messages.title')}</IonTitle>
        </IonToolbar>
        <OfflineBanner online={online} />
      </IonHeader>
      <IonContent>
        {!messages && <IonSpinner name="crescent" className="page-spinner" />}
        {messages?.length === 0 && (
          <p className="ion-padding muted" data-testid="messages-empty">
            {t('messages.empty')}
          </p>
        )}
        <IonList className="narrow">
          {messages?.map((message) => (
            <IonItem
              key={message._id}
              data-testid="message-item"
              routerLink={message.reportId ? `/history/${message.reportId}` : undefined}
            >
              <IonLabel className="ion-text-wrap">
                <h2>{message.title}</h2>
                <p>{message.body}</p>
                <IonNote>{formatDateTime(message.createdAt)}</IonNote>
              </IonLabel>
            </IonItem>
          ))}
        </IonList>
      </IonContent>
    </IonPage>
  );
}
