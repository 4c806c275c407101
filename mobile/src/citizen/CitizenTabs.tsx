import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route } from 'react-router-dom';
import {
  IonIcon,
  IonLabel,
  IonRouterOutlet,
  IonSpinner,
  IonTabBar,
  IonTabButton,
  IonTabs,
} from '@ionic/react';
import { IonReactRouter } from '@ionic/react-router';
import { cameraOutline, chatbubblesOutline, personOutline, timeOutline } from 'ionicons/icons';
import ReportPage from './report/ReportPage.tsx';
import { TAB_BAR_ID } from './tab-bar.ts';

// The report form is what a citizen opens the app for; the other tabs load after it.
const HistoryPage = lazy(() => import('./history/HistoryPage.tsx'));
const ReportDetailPage = lazy(() => import('./history/ReportDetailPage.tsx'));
const MessagesPage = lazy(() => import('./messages/MessagesPage.tsx'));
const AccountPage = lazy(() => import('./account/AccountPage.tsx'));

function later(page: React.ReactNode) {
  return (
    <Suspense fallback={<IonSpinner name="crescent" className="page-spinner" />}>{page}</Suspense>
  );
}

/** The four tabs of 市民通: 上报, 上报历史, 消息, 我的. */
export function CitizenTabs() {
  const { t } = useTranslation();
  return (
    <IonReactRouter>
      <IonTabs>
        <IonRouterOutlet>
          <Route path="/report" element={<ReportPage />} />
          <Route path="/history" element={later(<HistoryPage />)} />
          <Route path="/history/:reportId" element={later(<ReportDetailPage />)} />
          <Route path="/messages" element={later(<MessagesPage />)} />
          <Route path="/account" element={later(<AccountPage />)} />
          <Route path="*" element={<Navigate to="/report" replace />} />
        </IonRouterOutlet>
        <IonTabBar slot="bottom" id={TAB_BAR_ID}>
          <IonTabButton tab="report" href="/report" data-testid="tab-report">
            <IonIcon icon={cameraOutline} aria-hidden="true" />
            <IonLabel>{t('tabs.report')}</IonLabel>
          </IonTabButton>
          <IonTabButton tab="history" href="/history" data-testid="tab-history">
            <IonIcon icon={timeOutline} aria-hidden="true" />
            <IonLabel>{t('tabs.history')}</IonLabel>
          </IonTabButton>
          <IonTabButton tab="messages" href="/messages" data-testid="tab-messages">
            <IonIcon icon={chatbubblesOutline} aria-hidden="true" />
            <IonLabel>{t('tabs.messages')}</IonLabel>
          </IonTabButton>
          <IonTabButton tab="account" href="/account" data-testid="tab-account">
            <IonIcon icon={personOutline} aria-hidden="true" />
            <IonLabel>{t('tabs.account')}</IonLabel>
          </IonTabButton>
        </IonTabBar>
      </IonTabs>
    </IonReactRouter>
  );
}
