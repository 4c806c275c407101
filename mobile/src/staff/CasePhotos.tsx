import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonNote } from '@ionic/react';
import type { PhotoRef } from '@smt/shared/docs';
import { useStaff } from './staff-context.tsx';
import { photoBlob, photoHashes } from './photo-cache.ts';

/**
 * The citizen's photos of a case, from this device's cache when they are there (offline
 * too), else from the server. `data-cached` says whether every shown photo came from the cache.
 */
export function CasePhotos({ photos }: { photos: readonly PhotoRef[] }) {
  const { t } = useTranslation();
  const { auth } = useStaff();
  const [shown, setShown] = useState<{ url: string; cached: boolean }[]>();
  const key = photoHashes(photos).join(',');

  useEffect(() => {
    let live = true;
    let urls: string[] = [];
    void (async () => {
      const hashes = key.split(',').filter(Boolean);
      const got = await Promise.all(hashes.map((hash) => photoBlob(auth, hash)));
      const next = got
        .filter((g): g is NonNullable<typeof g> => g !== undefined)
        .map((g) => ({ url: URL.createObjectURL(g.blob), cached: g.cached }));
      urls = next.map((n) => n.url);
      if (live) setShown(next);
      else urls.forEach((url) => URL.revokeObjectURL(url));
    })();
    return () => {
      live = false;
      urls.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [auth, key]);

  if (!key) return <IonNote>{t('staff.task.noPhotos')}</IonNote>;
  if (!shown || shown.length === 0) {
    return <IonNote data-testid="case-photos-missing">{t('staff.task.photosMissing')}</IonNote>;
  }
  return (
    <div
      className="photo-strip"
      data-testid="case-photos"
      data-count={shown.length}
      data-cached={shown.every((s) => s.cached) ? 'yes' : 'no'}
    >
      {shown.map((s, index) => (
        <figure key={s.url} className="photo-thumb staff-photo">
          <img src={s.url} alt={t('photo.alt', { index: index + 1 })} />
        </figure>
      ))}
    </div>
  );
}
