import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { IonButton, IonIcon, IonNote, IonSpinner, IonText } from '@ionic/react';
import { locateOutline, mapOutline } from 'ionicons/icons';
import type { GeoPoint } from '@smt/shared/docs';
import type { FixJudgement } from '../../location/fix.ts';
import { locate } from '../../location/locate.ts';
import { loadRules } from '../../rules/use-rules.ts';

const LocationMap = lazy(() => import('./map/LocationMap.tsx'));

type Problem = Extract<FixJudgement, { ok: false }>;

interface Props {
  value: GeoPoint | undefined;
  onChange(value: GeoPoint | undefined): void;
}

function problemText(t: TFunction, problem: Problem): string {
  switch (problem.why) {
    case 'stale':
      return t('location.stale', { minutes: Math.round(problem.ageMs / 60_000) });
    case 'inaccurate':
      return t('location.inaccurate', { meters: Math.round(problem.fix.accuracyM) });
    default:
      return t(`location.${problem.why}`);
  }
}

/** The district a point falls in, looked up in the lazily loaded coverage data. */
function useDistrict(point: GeoPoint | undefined): string | null | undefined {
  const [district, setDistrict] = useState<string | null>();
  useEffect(() => {
    let live = true;
    if (!point) {
      setDistrict(undefined);
      return;
    }
    void loadRules().then((rules) => live && setDistrict(rules.districtAt(point) ?? null));
    return () => {
      live = false;
    };
  }, [point]);
  return district;
}

/**
 * The phone's fix when it is fresh and precise; otherwise the map, where the citizen puts the
 * pin. A bad fix never fills the field on its own.
 */
export function LocationField({ value, onChange }: Props) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [mapOpen, setMapOpen] = useState(false);
  const district = useDistrict(value);

  async function findMe() {
    setLocating(true);
    const judged = await locate();
    setLocating(false);
    if (judged.ok) {
      setProblem(undefined);
      onChange(judged.point);
    } else {
      setProblem(judged);
      setMapOpen(true);
    }
  }

  useEffect(() => {
    // Only on first show, and only without a location from the draft: later fixes are the
    // citizen's call.
    if (!value) void findMe();
  }, []);

  return (
    <div className="location-field">
      {value && (
        <div data-testid="location-value" data-source={value.source} className="location-value">
          <strong>{value.source === 'gps' ? t('location.fromGps') : t('location.fromMap')}</strong>
          <span>
            {t('location.coordinates', { lat: value.lat.toFixed(5), lng: value.lng.toFixed(5) })}
          </span>
          {value.accuracyM !== undefined && (
            <span data-testid="location-accuracy">
              {t('location.accuracy', { meters: value.accuracyM })}
            </span>
          )}
          {district !== undefined && (
            <span data-testid="location-district" className={district ? '' : 'warn'}>
              {district ? t('location.inDistrict', { district }) : t('location.notCovered')}
            </span>
          )}
        </div>
      )}
      {problem && (
        <IonText color="warning" role="alert">
          <p data-testid="location-problem" data-why={problem.why}>
            {problemText(t, problem)}
          </p>
        </IonText>
      )}
      <div className="button-row">
        <IonButton
          data-testid="location-locate"
          fill="outline"
          disabled={locating}
          onClick={findMe}
        >
          {locating ? (
            <IonSpinner name="crescent" />
          ) : (
            <IonIcon slot="start" icon={locateOutline} />
          )}
          {locating
            ? t('location.locating')
            : value
              ? t('location.relocate')
              : t('location.locate')}
        </IonButton>
        <IonButton
          data-testid="location-pick-on-map"
          fill="outline"
          onClick={() => setMapOpen(true)}
        >
          <IonIcon slot="start" icon={mapOutline} />
          {t('location.pickOnMap')}
        </IonButton>
      </div>
      {(mapOpen || value) && (
        <>
          <IonNote className="block-note">{t('location.mapHint')}</IonNote>
          <Suspense fallback={<p className="map-placeholder">{t('location.mapLoading')}</p>}>
            <LocationMap
              point={value}
              onPick={(point) => {
                setProblem(undefined);
                onChange({ lat: point.lat, lng: point.lng, source: 'map' });
              }}
            />
          </Suspense>
        </>
      )}
    </div>
  );
}
