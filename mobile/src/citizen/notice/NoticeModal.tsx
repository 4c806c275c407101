import { useTranslation } from 'react-i18next';
import {
  IonButton,
  IonContent,
  IonHeader,
  IonModal,
  IonSpinner,
  IonTitle,
  IonToolbar,
} from '@ionic/react';
import { CATEGORIES } from '@smt/shared/categories';
import { currentLanguage } from '../../i18n/index.ts';
import { useRules } from '../../rules/use-rules.ts';
import { Hotlines } from '../../ui/Hotlines.tsx';

const NOTICE_ACCEPTED_KEY = 'smt.noticeAccepted.v1';

export function noticeAccepted(): boolean {
  return localStorage.getItem(NOTICE_ACCEPTED_KEY) === 'yes';
}

export function acceptNotice(): void {
  localStorage.setItem(NOTICE_ACCEPTED_KEY, 'yes');
}

/** "05-01" → "5月1日" / "1 May". */
function monthDay(md: string, lng: 'zh-CN' | 'en'): string {
  const [month, day] = md.split('-').map(Number);
  const date = new Date(Date.UTC(2024, month! - 1, day));
  return new Intl.DateTimeFormat(lng, { month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

/**
 * 用户须知: where, what and when the service takes reports, and the hotlines for the rest.
 * Everything comes from the shared configuration the server judges with.
 */
export function NoticeModal({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const rules = useRules();
  const lng = currentLanguage();

  return (
    <IonModal isOpen={isOpen} onDidDismiss={onClose} data-testid="notice-modal">
      <IonHeader>
        <IonToolbar color="primary">
          <IonTitle>{t('notice.title')}</IonTitle>
        </IonToolbar>
      </IonHeader>
      <IonContent className="ion-padding">
        <div className="narrow notice" data-testid="notice">
          {!rules && <IonSpinner name="crescent" />}
          <h2>{t('notice.scopeTitle')}</h2>
          <p>{t('notice.scope')}</p>
          {rules && (
            <p data-testid="notice-districts">
              {rules.coveredDistricts
                .map((d) => (lng === 'en' ? d.properties.names.en : d.properties.name))
                .join(lng === 'en' ? ', ' : '、')}
            </p>
          )}
          <p className="muted">{t('notice.excluded')}</p>

          <h2>{t('notice.categoriesTitle')}</h2>
          <ul className="compact">
            {CATEGORIES.map((major) => (
              <li key={major.code}>
                <strong>{major.name[lng]}</strong>:
                {major.minors.map((m) => m.name[lng]).join(lng === 'en' ? ', ' : '、')}
              </li>
            ))}
          </ul>

          <h2>{t('notice.hoursTitle')}</h2>
          {rules?.acceptanceHours.seasons.map((season) => (
            <p key={season.name} data-testid={`notice-hours-${season.name}`}>
              {t('notice.hoursSeason', {
                from: monthDay(season.from, lng),
                to: monthDay(season.to, lng),
                windows: season.windows
                  .map((w) => `${w.start}–${w.end}`)
                  .join(lng === 'en' ? ', ' : '、'),
              })}
            </p>
          ))}

          <h2>{t('notice.hotlinesTitle')}</h2>
          <p>{t('notice.hotlines')}</p>
          <Hotlines testIdPrefix="notice-hotline" />
          <p className="muted">{t('notice.privacy')}</p>

          <IonButton data-testid="notice-accept" expand="block" onClick={onClose}>
            {t('notice.accept')}
          </IonButton>
        </div>
      </IonContent>
    </IonModal>
  );
}
