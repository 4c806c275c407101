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
  IonText,
  IonTitle,
  IonToolbar,
} from '@ionic/react';
import { categoryLabel } from '@smt/shared/categories';
import { useDevice } from '../../device/device-context.tsx';
import { useObservable } from '../../device/use-observable.ts';
import type { ReportEntry } from '../../device/citizen-view.ts';
import { currentLanguage, formatDateTime } from '../../i18n/index.ts';
import { OfflineBanner } from '../../ui/OfflineBanner.tsx';
import { StandingProgress } from '../../ui/StandingProgress.tsx';
import { standingColor, standingText } from './standing.ts';

/** 上报历史: every report on this phone, newest first, each with where it stands. */
export default function HistoryPage() {
  const { t } = useTranslation();
  const { view } = useDevice();
  const online = useObservable(view?.online$, false);
  const entries = useObservable<ReportEntry[] | undefined>(view?.reports$, undefined);
  const lng = currentLanguage();

  return (
    <IonPage data-testid="history-page">
      <IonHeader>
        <IonToolbar color="primary">
          <IonTitle>{t('history.title')}</IonTitle>
        </IonToolbar>
        <OfflineBanner online={online} />
      </IonHeader>
      <IonContent>
        {!entries && <IonSpinner name="crescent" className="page-spinner" />}
        {entries?.length === 0 && (
          <p className="ion-padding muted" data-testid="history-empty">
            {t('history.empty')}
          </p>
        )}
        <IonList className="narrow">
          {entries?.map(({ report, status, standing }) => (
            <IonItem
              key={report._id}
              data-testid="report-item"
              data-report-id={report._id}
              routerLink={`/history/${report._id}`}
              detail
            >
              <IonLabel className="ion-text-wrap">
                <h2>{categoryLabel(report.category.major, report.category.minor, lng)}</h2>
                <p>{report.description}</p>
                <IonText color={standingColor(standing)}>
                  <p data-testid="report-standing" data-kind={standing.kind}>
                    {standingText(t, standing)}
                  </p>
                </IonText>
                <StandingProgress standing={standing} />
                <IonNote>
                  {formatDateTime(report.createdAt)}
                  {status?.caseNumber ? ` · ${t('history.caseNumber')} ${status.caseNumber}` : ''}
                </IonNote>
              </IonLabel>
            </IonItem>
          ))}
        </IonList>
      </IonContent>
    </IonPage>
  );
}
