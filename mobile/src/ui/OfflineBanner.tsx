import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonButton, IonIcon, IonText } from '@ionic/react';
import { cloudOfflineOutline, warningOutline } from 'ionicons/icons';
import { useDevice } from '../device/device-context.tsx';
import { errorText } from './error-text.ts';

/** How long the app may be starting up and still unheard-from before it says "offline". */
const FIRST_CONTACT_GRACE_MS = 4000;

/**
 * Shown under a page's title whenever the server has not been reached. Right after start the
 * sync layer has not heard from the server yet; the banner waits a moment unless the phone
 * itself says it has no network. A phone database that would not open is said here too,
 * with a retry: without it nothing can be queued, and a silent disabled button explains
 * nothing.
 */
export function OfflineBanner({ online }: { online: boolean }) {
  const { t } = useTranslation();
  const device = useDevice();
  const [graceOver, setGraceOver] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), FIRST_CONTACT_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);

  if (device.error) {
    return (
      <div className="offline-banner" data-testid="device-problem" role="alert">
        <IonIcon icon={warningOutline} aria-hidden="true" />
        <IonText>{t('app.openFailed', { message: errorText(t, device.error) })}</IonText>
        <IonButton size="small" fill="outline" onClick={device.retry}>
          {t('app.retry')}
        </IonButton>
      </div>
    );
  }
  if (online || (!graceOver && navigator.onLine)) return null;
  return (
    <div className="offline-banner" data-testid="offline-banner" role="status">
      <IonIcon icon={cloudOfflineOutline} aria-hidden="true" />
      <IonText>{t('app.offline')}</IonText>
    </div>
  );
}
