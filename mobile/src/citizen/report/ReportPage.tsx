import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IonButton,
  IonButtons,
  IonContent,
  IonHeader,
  IonIcon,
  IonItem,
  IonLabel,
  IonList,
  IonListHeader,
  IonNote,
  IonPage,
  IonSpinner,
  IonText,
  IonTextarea,
  IonTitle,
  IonToggle,
  IonToolbar,
  useIonRouter,
  useIonToast,
} from '@ionic/react';
import { informationCircleOutline } from 'ionicons/icons';
import { useAuth } from '../../auth/auth-context.tsx';
import { useDevice } from '../../device/device-context.tsx';
import { useObservable } from '../../device/use-observable.ts';
import { loadRules } from '../../rules/use-rules.ts';
import type { Precheck } from '../../rules/rules.ts';
import { OfflineBanner } from '../../ui/OfflineBanner.tsx';
import { errorText } from '../../ui/error-text.ts';
import { acceptNotice, NoticeModal, noticeAccepted } from '../notice/NoticeModal.tsx';
import { TAB_BAR_ID } from '../tab-bar.ts';
import { CategoryPicker } from './CategoryPicker.tsx';
import { LocationField } from './LocationField.tsx';
import { PhotoPicker } from './PhotoPicker.tsx';
import { PrecheckWarning } from './PrecheckWarning.tsx';
import { missingFields, type Draft, type MissingField } from './draft-store.ts';
import { useDraft } from './use-draft.ts';

const MAX_DESCRIPTION_CHARS = 500;
const TOAST_MS = 2500;

/** 我要上报: photos, description, category, location, 回访, submit; works with no network. */
export default function ReportPage() {
  const { t } = useTranslation();
  const router = useIonRouter();
  const [toast] = useIonToast();
  const { view } = useDevice();
  const online = useObservable(view?.online$, false);
  const { principal } = useAuth();
  const { draft, update, reset, saveError } = useDraft(principal?.id ?? 'signed-out');
  const [showNotice, setShowNotice] = useState(() => !noticeAccepted());
  const [missing, setMissing] = useState<MissingField[]>([]);
  const [check, setCheck] = useState<Precheck>();
  const [saving, setSaving] = useState(false);
  const [submitError, setSubmitError] = useState<string>();

  function change(patch: (d: Draft) => Draft) {
    setMissing([]);
    update(patch);
  }

  async function queue(ready: Draft) {
    if (!view) return;
    setSaving(true);
    setSubmitError(undefined);
    try {
      await view.submit({
        category: ready.category!,
        description: ready.description.trim(),
        location: ready.location!,
        capturedAt: ready.capturedAt ?? new Date().toISOString(),
        followUpSms: ready.followUpSms,
        photos: ready.photos.map((p) => p.blob),
      });
      await reset();
      const message = online ? t('report.savedToastOnline') : t('report.savedToast');
      void toast({ message, duration: TOAST_MS, position: 'bottom', positionAnchor: TAB_BAR_ID });
      router.push('/history', 'root');
    } catch (err) {
      setSubmitError(t('report.saveFailed', { message: errorText(t, err) }));
    } finally {
      setSaving(false);
    }
  }

  async function submit() {
    if (!draft) return;
    const gaps = missingFields(draft);
    setMissing(gaps);
    if (gaps.length > 0) return;

    const rules = await loadRules();
    const judged = rules.precheck(draft.capturedAt ?? new Date().toISOString(), draft.location!);
    if (judged.ok) await queue(draft);
    else setCheck(judged);
  }

  return (
    <IonPage data-testid="report-page">
      <IonHeader>
        <IonToolbar color="primary">
          <IonTitle>{t('report.title')}</IonTitle>
          <IonButtons slot="end">
            <IonButton
              data-testid="notice-open"
              aria-label={t('notice.open')}
              onClick={() => setShowNotice(true)}
            >
              <IonIcon slot="icon-only" icon={informationCircleOutline} />
            </IonButton>
          </IonButtons>
        </IonToolbar>
        <OfflineBanner online={online} />
      </IonHeader>
      <IonContent>
        {!draft ? (
          <IonSpinner name="crescent" className="page-spinner" />
        ) : (
          <div className="narrow report-form">
            <IonList>
              <IonListHeader>
                <IonLabel>{t('report.photos')}</IonLabel>
              </IonListHeader>
              <div className="ion-padding-horizontal">
                <PhotoPicker
                  photos={draft.photos}
                  onAdd={(photo) =>
                    change((d) => ({
                      ...d,
                      photos: [...d.photos, photo],
                      capturedAt: d.capturedAt ?? new Date().toISOString(),
                    }))
                  }
                  onRemove={(index) =>
                    change((d) => {
                      const photos = d.photos.filter((_, i) => i !== index);
                      return { ...d, photos, capturedAt: photos.length ? d.capturedAt : undefined };
                    })
                  }
                />
              </div>

              <IonListHeader>
                <IonLabel>{t('report.description')}</IonLabel>
              </IonListHeader>
              <IonItem>
                <IonTextarea
                  data-testid="report-description"
                  aria-label={t('report.description')}
                  placeholder={t('report.descriptionPlaceholder')}
                  autoGrow
                  rows={3}
                  maxlength={MAX_DESCRIPTION_CHARS}
                  counter
                  value={draft.description}
                  onIonInput={(e) => {
                    const description = String(e.detail.value ?? '');
                    change((d) => ({ ...d, description }));
                  }}
                />
              </IonItem>

              <IonListHeader>
                <IonLabel>{t('report.category')}</IonLabel>
              </IonListHeader>
              <div className="ion-padding-horizontal">
                <CategoryPicker
                  value={draft.category}
                  onChange={(category) => change((d) => ({ ...d, category }))}
                />
              </div>

              <IonListHeader>
                <IonLabel>{t('report.location')}</IonLabel>
              </IonListHeader>
              <div className="ion-padding-horizontal">
                <LocationField
                  value={draft.location}
                  onChange={(location) => change((d) => ({ ...d, location }))}
                />
              </div>

              <IonItem>
                <IonToggle
                  data-testid="report-follow-up"
                  checked={draft.followUpSms}
                  onIonChange={(e) => {
                    const followUpSms = e.detail.checked;
                    change((d) => ({ ...d, followUpSms }));
                  }}
                >
                  <IonLabel>
                    {t('report.followUp')}
                    <p>{t('report.followUpHint')}</p>
                  </IonLabel>
                </IonToggle>
              </IonItem>
            </IonList>

            <div className="ion-padding">
              {missing.length > 0 && (
                <IonText color="danger" role="alert">
                  <ul data-testid="report-missing" className="compact">
                    {missing.map((field) => (
                      <li key={field}>{t(`report.missing.${field}`)}</li>
                    ))}
                  </ul>
                </IonText>
              )}
              {submitError && (
                <IonText color="danger" role="alert">
                  <p data-testid="report-submit-error">{submitError}</p>
                </IonText>
              )}
              <IonButton
                data-testid="report-submit"
                expand="block"
                size="large"
                disabled={saving || !view}
                onClick={submit}
              >
                {saving ? t('report.saving') : t('report.submit')}
              </IonButton>
              <IonNote className="block-note">
                {saveError ? errorText(t, saveError) : t('report.draftKept')}
              </IonNote>
            </div>
          </div>
        )}
        <PrecheckWarning
          check={check}
          onBack={() => setCheck(undefined)}
          onSubmitAnyway={() => {
            setCheck(undefined);
            if (draft) void queue(draft);
          }}
        />
        <NoticeModal
          isOpen={showNotice}
          onClose={() => {
            acceptNotice();
            setShowNotice(false);
          }}
        />
      </IonContent>
    </IonPage>
  );
}
