import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonIcon, IonText } from '@ionic/react';
import { cloudOfflineOutline } from 'ionicons/icons';

/** How long the app may be starting up and still unheard-from before it says "offline". */
const FIRST_CONTACT_GRACE_MS = 4000;

/**
 * Shown under a page's title whenever the server has not been reached. Right after start the
 * sync layer has not heard from the server yet; the banner waits a moment unless the phone
 * itself says it has no network.
 */
export function OfflineBanner({ online }: { online: boolean }) {
  const { t } = useTranslation();
  const [graceOver, setGraceOver] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), FIRST_CONTACT_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);

  if (online || (!graceOver && navigator.onLine)) return null;
  return (
    <div className="offline-banner" data-testid="offline-banner" role="status">
      <IonIcon icon={cloudOfflineOutline} aria-hidden="true" />
      <IonText>{t('app.offline')}</IonText>
    </div>
  );
}
