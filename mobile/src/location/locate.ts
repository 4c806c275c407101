import { Geolocation } from '@capacitor/geolocation';
import { isPermissionDenied, judgeFix, type FixJudgement } from './fix.ts';

const LOCATE_TIMEOUT_MS = 20_000;

/** One fresh, high-accuracy fix from the phone (or the browser), judged for use. */
export async function locate(): Promise<FixJudgement> {
  try {
    const position = await Geolocation.getCurrentPosition({
      enableHighAccuracy: true,
      timeout: LOCATE_TIMEOUT_MS,
      maximumAge: 0,
    });
    return judgeFix(
      {
        lat: position.coords.latitude,
        lng: position.coords.longitude,
        accuracyM: position.coords.accuracy,
        timestampMs: position.timestamp,
      },
      Date.now(),
    );
  } catch (err) {
    return { ok: false, why: isPermissionDenied(err) ? 'denied' : 'unavailable' };
  }
}
