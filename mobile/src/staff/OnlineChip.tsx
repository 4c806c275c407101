import { useTranslation } from 'react-i18next';
import { IonIcon } from '@ionic/react';
import { cloudDoneOutline, cloudOfflineOutline } from 'ionicons/icons';
import { useObservable } from '../device/use-observable.ts';
import { useStaffDevice } from './staff-context.tsx';

/** Whether the server is reachable: actions wait on the device until it is. */
export function OnlineChip() {
  const { t } = useTranslation();
  const device = useStaffDevice();
  const online = useObservable(device.isOnline$, navigator.onLine);
  return (
    <span
      className={online ? 'online-chip' : 'online-chip offline'}
      data-testid="staff-online"
      data-online={online ? 'yes' : 'no'}
      role="status"
    >
      <IonIcon icon={online ? cloudDoneOutline : cloudOfflineOutline} aria-hidden="true" />
      {online ? t('staff.app.online') : t('staff.app.offline')}
    </span>
  );
}
