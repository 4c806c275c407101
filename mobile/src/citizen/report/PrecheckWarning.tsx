import { useTranslation } from 'react-i18next';
import { IonButton, IonContent, IonHeader, IonModal, IonTitle, IonToolbar } from '@ionic/react';
import type { Precheck } from '../../rules/rules.ts';
import { formatDateTime } from '../../i18n/index.ts';
import { Hotlines } from '../../ui/Hotlines.tsx';

interface Props {
  check: Precheck | undefined;
  onSubmitAnyway(): void;
  onBack(): void;
}

/**
 * Said before a report is queued outside hours or outside the covered area, with the
 * hotlines that do take it. The citizen may still submit: the server decides.
 */
export function PrecheckWarning({ check, onSubmitAnyway, onBack }: Props) {
  const { t } = useTranslation();
  return (
    <IonModal isOpen={check !== undefined} onDidDismiss={onBack} data-testid="precheck-modal">
      <IonHeader>
        <IonToolbar color="warning">
          <IonTitle>{t('precheck.title')}</IonTitle>
        </IonToolbar>
      </IonHeader>
      <IonContent className="ion-padding">
        {check && (
          <div data-testid="precheck-warning" className="narrow">
            {!check.hours.open && (
              <p data-testid="precheck-hours">
                {t('precheck.outsideHours', {
                  next: check.hours.nextOpening ? formatDateTime(check.hours.nextOpening) : '',
                })}
              </p>
            )}
            {!check.coverage.covered && (
              <p data-testid="precheck-coverage">
                {check.coverage.zone ? t('precheck.excludedZone') : t('precheck.outsideCoverage')}
              </p>
            )}
            <p>{t('precheck.callInstead')}</p>
            <Hotlines testIdPrefix="precheck-hotline" />
            <p className="muted">{t('precheck.serverDecides')}</p>
            <IonButton data-testid="precheck-submit-anyway" expand="block" onClick={onSubmitAnyway}>
              {t('precheck.submitAnyway')}
            </IonButton>
            <IonButton data-testid="precheck-back" expand="block" fill="clear" onClick={onBack}>
              {t('precheck.back')}
            </IonButton>
          </div>
        )}
      </IonContent>
    </IonModal>
  );
}
