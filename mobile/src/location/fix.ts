import type { GeoPoint } from '@smt/shared/docs';

/**
 * Whether a location fix is good enough to file a report on. A stale, vague or refused fix is
 * never used silently: the citizen is sent to the map to pick the point, because a report
 * filed 300 m off sends an inspector to the wrong street.
 */
export const MAX_FIX_AGE_MS = 2 * 60 * 1000;
export const MAX_FIX_ACCURACY_M = 100;

export interface RawFix {
  lat: number;
  lng: number;
  accuracyM: number;
  /** When the phone took the fix, in ms since the epoch. */
  timestampMs: number;
}

export type FixJudgement =
  | { ok: true; point: GeoPoint }
  | { ok: false; why: 'stale'; ageMs: number; fix: RawFix }
  | { ok: false; why: 'inaccurate'; fix: RawFix }
  | { ok: false; why: 'denied' | 'unavailable' };

export function judgeFix(fix: RawFix, nowMs: number): FixJudgement {
  // A fix stamped after "now" means the phone's clock is behind; it is not old.
  const ageMs = Math.max(0, nowMs - fix.timestampMs);
  if (ageMs > MAX_FIX_AGE_MS) return { ok: false, why: 'stale', ageMs, fix };
  if (!(fix.accuracyM <= MAX_FIX_ACCURACY_M)) return { ok: false, why: 'inaccurate', fix };
  return {
    ok: true,
    point: { lat: fix.lat, lng: fix.lng, accuracyM: Math.round(fix.accuracyM), source: 'gps' },
  };
}

/** Capacitor's web and native plugins report a refusal in different shapes. */
export function isPermissionDenied(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code === 1) return true;
  return typeof message === 'string' && /denied|permission/i.test(message);
}
