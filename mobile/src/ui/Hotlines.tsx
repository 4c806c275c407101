import { useTranslation } from 'react-i18next';
import { IonButton, IonIcon } from '@ionic/react';
import { callOutline } from 'ionicons/icons';
import { currentLanguage } from '../i18n/index.ts';
import { useRules } from '../rules/use-rules.ts';

/** 12319 and 12345 as tel: links: the way to report what the app cannot take. */
export function Hotlines({ testIdPrefix = 'hotline' }: { testIdPrefix?: string }) {
  const { t } = useTranslation();
  const rules = useRules();
  if (!rules) return null;
  const lng = currentLanguage();
  return (
    <div className="hotlines">
      {rules.hotlines.map((line) => (
        <IonButton
          key={line.number}
          data-testid={`${testIdPrefix}-${line.number}`}
          href={`tel:${line.number}`}
          fill="outline"
          expand="block"
        >
          <IonIcon slot="start" icon={callOutline} />
          {t('hotline.call', { number: line.number, name: line.name[lng] })}
        </IonButton>
      ))}
    </div>
  );
}
