import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IonNote, IonText } from '@ionic/react';
import type { PhotoRef } from '@smt/shared/docs';
import type { CitizenView } from '../../device/citizen-view.ts';
import { reasonText } from '../../i18n/index.ts';

interface Props {
  view: CitizenView;
  reportId: string;
  serverPhotos: PhotoRef[];
}

/**
 * The photos as kept on this phone, which works offline; failing that, the server's
 * thumbnails, which need a connection. Object URLs are revoked when the page goes.
 */
export function ReportPhotos({ view, reportId, serverPhotos }: Props) {
  const { t } = useTranslation();
  const [urls, setUrls] = useState<string[]>([]);
  const [fromPhone, setFromPhone] = useState(true);
  const thumbs = serverPhotos.map((p) => p.thumb ?? p.display).filter((h): h is string => !!h);
  const thumbKey = thumbs.join(',');

  useEffect(() => {
    let live = true;
    let made: string[] = [];
    void (async () => {
      const blobs = await view.localPhotos(reportId).catch(() => []);
      if (blobs.length > 0) {
        made = blobs.map((blob) => URL.createObjectURL(blob));
        if (live) {
          setUrls(made);
          setFromPhone(true);
        }
        return;
      }
      const remote = await Promise.all(
        thumbKey
          .split(',')
          .filter(Boolean)
          .map((h) => view.mediaUrl(h)),
      );
      if (live) {
        setUrls(remote.filter((u): u is string => !!u));
        setFromPhone(false);
      }
    })();
    return () => {
      live = false;
      made.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [view, reportId, thumbKey]);

  // The platform's reason for each photo it could not use, whichever copy is shown above.
  const refused = serverPhotos.flatMap((photo, index) =>
    photo.refused
      ? [
          <IonText key={`refused-${index}`} color="danger">
            <p data-testid="photo-refused" data-code={photo.refused.code}>
              {t('photo.alt', { index: index + 1 })}: {reasonText(t, photo.refused)}
            </p>
          </IonText>,
        ]
      : [],
  );

  if (urls.length === 0) {
    return (
      <>
        <IonNote>{t('photo.pending')}</IonNote>
        {refused}
      </>
    );
  }
  return (
    <>
      <div
        className="photo-strip"
        data-testid="report-photos"
        data-source={fromPhone ? 'phone' : 'server'}
      >
        {urls.map((url, index) => (
          <figure key={url} className="photo-thumb">
            <img src={url} alt={t('photo.alt', { index: index + 1 })} loading="lazy" />
          </figure>
        ))}
      </div>
      {refused}
    </>
  );
}
