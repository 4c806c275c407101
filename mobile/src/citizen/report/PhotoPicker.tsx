import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonButton, IonIcon, IonNote, IonSpinner, IonText } from '@ionic/react';
import { cameraOutline, closeCircle } from 'ionicons/icons';
import { hasNativeCamera, takeNativePhoto } from '../../photos/capture.ts';
import { PhotoRefusedError, shrinkPhoto } from '../../photos/shrink.ts';
import type { DraftPhoto } from './draft-store.ts';

export const MAX_PHOTOS = 3;

interface Props {
  photos: DraftPhoto[];
  onAdd(photo: DraftPhoto): void;
  onRemove(index: number): void;
}

/** Object URLs for the previews, revoked when the photos change or the picker goes away. */
function usePreviewUrls(photos: DraftPhoto[]): string[] {
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p.blob)), [photos]);
  useEffect(() => () => urls.forEach((url) => URL.revokeObjectURL(url)), [urls]);
  return urls;
}

export function PhotoPicker({ photos, onAdd, onRemove }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const urls = usePreviewUrls(photos);
  const full = photos.length >= MAX_PHOTOS;

  async function accept(original: Blob) {
    setBusy(true);
    setRefusal(undefined);
    try {
      onAdd(await shrinkPhoto(original));
    } catch (err) {
      const code = err instanceof PhotoRefusedError ? err.code : 'photo-unreadable';
      setRefusal(t(`errors.${code}`));
    } finally {
      setBusy(false);
    }
  }

  async function take() {
    if (!hasNativeCamera()) {
      input.current?.click();
      return;
    }
    try {
      const photo = await takeNativePhoto();
      if (photo) await accept(photo);
    } catch {
      setRefusal(t('errors.photo-unreadable'));
    }
  }

  return (
    <div className="photo-picker">
      <div className="photo-strip">
        {urls.map((url, index) => (
          <figure key={url} className="photo-thumb">
            <img
              data-testid={`photo-preview-${index}`}
              data-width={photos[index]!.width}
              data-height={photos[index]!.height}
              data-bytes={photos[index]!.blob.size}
              src={url}
              alt={t('photo.alt', { index: index + 1 })}
            />
            <IonButton
              data-testid={`photo-remove-${index}`}
              className="photo-remove"
              fill="clear"
              aria-label={t('report.removePhoto')}
              onClick={() => onRemove(index)}
            >
              <IonIcon slot="icon-only" icon={closeCircle} />
            </IonButton>
          </figure>
        ))}
        {!full && (
          <IonButton
            data-testid="photo-add"
            className="photo-add"
            fill="outline"
            disabled={busy}
            onClick={take}
          >
            {busy ? <IonSpinner name="crescent" /> : <IonIcon slot="start" icon={cameraOutline} />}
            {busy ? t('report.shrinking') : t('report.addPhoto')}
          </IonButton>
        )}
      </div>
      <input
        ref={input}
        data-testid="photo-input"
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void accept(file);
        }}
      />
      <IonNote>
        {t('report.photosHint')} · {t('report.photoCount', { count: photos.length })}
      </IonNote>
      {refusal && (
        <IonText color="danger" role="alert">
          <p data-testid="photo-error">{refusal}</p>
        </IonText>
      )}
    </div>
  );
}
