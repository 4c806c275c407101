import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import {
  IonBackButton,
  IonButtons,
  IonContent,
  IonHeader,
  IonItem,
  IonLabel,
  IonList,
  IonListHeader,
  IonPage,
  IonSpinner,
  IonText,
  IonTitle,
  IonToolbar,
} from '@ionic/react';
import { categoryLabel } from '@smt/shared/categories';
import { useDevice } from '../../device/device-context.tsx';
import { useObservable } from '../../device/use-observable.ts';
import type { ReportEntry } from '../../device/citizen-view.ts';
import { currentLanguage, formatDateTime, reasonText } from '../../i18n/index.ts';
import { Hotlines } from '../../ui/Hotlines.tsx';
import { StandingProgress } from '../../ui/StandingProgress.tsx';
import { ReportPhotos } from './ReportPhotos.tsx';
import { standingColor, standingText } from './standing.ts';

/** One report: where it stands, its timeline, photos and what was sent. Readable offline. */
export default function ReportDetailPage() {
  const { t } = useTranslation();
  const { reportId } = useParams<{ reportId: string }>();
  const { view } = useDevice();
  const entries = useObservable<ReportEntry[] | undefined>(view?.reports$, undefined);
  const entry = entries?.find((e) => e.report._id === reportId);
  const lng = currentLanguage();

  return (
    <IonPage data-testid="report-detail-page">
      <IonHeader>
        <IonToolbar color="primary">
          <IonButtons slot="start">
            <IonBackButton defaultHref="/history" />
          </IonButtons>
          <IonTitle>{t('history.title')}</IonTitle>
        </IonToolbar>
      </IonHeader>
      <IonContent>
        {!entries && <IonSpinner name="crescent" className="page-spinner" />}
        {entries && !entry && <p className="ion-padding">{t('history.notFound')}</p>}
        {entry && view && (
          <div className="narrow">
            <div className="ion-padding">
              <IonText color={standingColor(entry.standing)}>
                <p
                  className="standing-headline"
                  data-testid="detail-standing"
                  data-kind={entry.standing.kind}
                >
                  {standingText(t, entry.standing)}
                </p>
              </IonText>
              <StandingProgress standing={entry.standing} />
              {entry.standing.kind === 'rejected' && (
                <>
                  <p>{t('history.callHotlines')}</p>
                  <Hotlines testIdPrefix="detail-hotline" />
                </>
              )}
            </div>
            <IonList>
              <IonListHeader>
                <IonLabel>{t('history.timeline')}</IonLabel>
              </IonListHeader>
              <IonItem>
                <IonLabel className="ion-text-wrap">
                  <h3>{t('history.timelineSaved')}</h3>
                  <p>{formatDateTime(entry.report.createdAt)}</p>
                </IonLabel>
              </IonItem>
              {entry.status?.history.map((event, index) => (
                <IonItem key={`${event.state}-${index}`} data-testid="timeline-event">
                  <IonLabel className="ion-text-wrap">
                    <h3>{t(`caseState.${event.state}`)}</h3>
                    <p>{formatDateTime(event.at)}</p>
                    {event.reason && <p>{reasonText(t, event.reason)}</p>}
                  </IonLabel>
                </IonItem>
              ))}

              <IonListHeader>
                <IonLabel>{t('history.photos')}</IonLabel>
              </IonListHeader>
              <div className="ion-padding-horizontal">
                <ReportPhotos
                  view={view}
                  reportId={entry.report._id}
                  serverPhotos={entry.status?.photos ?? []}
                />
              </div>

              <IonItem>
                <IonLabel className="ion-text-wrap">
                  <p>{t('history.category')}</p>
                  <h3>
                    {categoryLabel(entry.report.category.major, entry.report.category.minor, lng)}
                  </h3>
                </IonLabel>
              </IonItem>
              {entry.status?.caseNumber && (
                <IonItem>
                  <IonLabel>
                    <p>{t('history.caseNumber')}</p>
                    <h3 data-testid="detail-case-number">{entry.status.caseNumber}</h3>
                  </IonLabel>
                </IonItem>
              )}
              <IonItem>
                <IonLabel className="ion-text-wrap">
                  <p>{t('history.description')}</p>
                  <h3>{entry.report.description}</h3>
                </IonLabel>
              </IonItem>
              <IonItem>
                <IonLabel className="ion-text-wrap">
                  <p>{t('history.location')}</p>
                  <h3>
                    {entry.status?.district ? `${entry.status.district} · ` : ''}
                    {entry.report.location.lat.toFixed(5)}, {entry.report.location.lng.toFixed(5)}
                  </h3>
                </IonLabel>
              </IonItem>
              <IonItem>
                <IonLabel className="ion-text-wrap">
                  <p>{t('history.capturedAt')}</p>
                  <h3>{formatDateTime(entry.report.capturedAt)}</h3>
                  <p>
                    {entry.report.followUpSms ? t('history.followUpOn') : t('history.followUpOff')}
                  </p>
                </IonLabel>
              </IonItem>
            </IonList>
          </div>
        )}
      </IonContent>
    </IonPage>
  );
}
