import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonButton, IonNote } from '@ionic/react';
import { CATEGORIES, findCategory } from '@smt/shared/categories';
import { currentLanguage } from '../../i18n/index.ts';

interface Props {
  value: { major: string; minor: string } | undefined;
  onChange(value: { major: string; minor: string }): void;
}

/**
 * The five kinds as large buttons, then the five sub-kinds of the chosen one: two taps, no
 * overlay, readable at 360 px and usable with a thumb.
 */
export function CategoryPicker({ value, onChange }: Props) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const [openMajor, setOpenMajor] = useState(value?.major);
  const major = CATEGORIES.find((m) => m.code === openMajor);
  const chosen = value && findCategory(value.major, value.minor);

  return (
    <div className="category-picker">
      <IonNote className="picker-label">{t('report.chooseMajor')}</IonNote>
      <div className="choice-grid" role="group" aria-label={t('report.chooseMajor')}>
        {CATEGORIES.map((m) => (
          <IonButton
            key={m.code}
            data-testid={`category-major-${m.code}`}
            fill={m.code === openMajor ? 'solid' : 'outline'}
            aria-pressed={m.code === openMajor}
            onClick={() => setOpenMajor(m.code)}
          >
            {m.name[lng]}
          </IonButton>
        ))}
      </div>
      {major && (
        <>
          <IonNote className="picker-label">{t('report.chooseMinor')}</IonNote>
          <div className="choice-grid" role="group" aria-label={t('report.chooseMinor')}>
            {major.minors.map((minor) => {
              const selected = value?.major === major.code && value.minor === minor.code;
              return (
                <IonButton
                  key={minor.code}
                  data-testid={`category-minor-${minor.code}`}
                  fill={selected ? 'solid' : 'outline'}
                  color={selected ? 'success' : 'primary'}
                  aria-pressed={selected}
                  onClick={() => onChange({ major: major.code, minor: minor.code })}
                >
                  {minor.name[lng]}
                </IonButton>
              );
            })}
          </div>
        </>
      )}
      {chosen && (
        <p data-testid="category-chosen" className="chosen">
          {chosen.major.name[lng]} / {chosen.minor.name[lng]}
        </p>
      )}
    </div>
  );
}
