import { describe, expect, it } from 'vitest';
import { isPermissionDenied, judgeFix, MAX_FIX_ACCURACY_M, MAX_FIX_AGE_MS } from './fix.ts';

const NOW_MS = Date.parse('2024-07-01T03:00:00Z');
const fix = (overrides: Partial<Parameters<typeof judgeFix>[0]> = {}) => ({
  lat: 38.0497,
  lng: 114.5224,
  accuracyM: 12.4,
  timestampMs: NOW_MS - 5_000,
  ...overrides,
});

describe('judgeFix', () => {
  it('uses a fresh, precise fix as a GPS point with its accuracy rounded', () => {
    expect(judgeFix(fix(), NOW_MS)).toEqual({
      ok: true,
      point: { lat: 38.0497, lng: 114.5224, accuracyM: 12, source: 'gps' },
    });
  });

  it('refuses a fix older than two minutes and says how old it is', () => {
    const judged = judgeFix(fix({ timestampMs: NOW_MS - MAX_FIX_AGE_MS - 1 }), NOW_MS);
    expect(judged).toMatchObject({ ok: false, why: 'stale', ageMs: MAX_FIX_AGE_MS + 1 });
  });

  it('accepts a fix exactly two minutes old', () => {
    expect(judgeFix(fix({ timestampMs: NOW_MS - MAX_FIX_AGE_MS }), NOW_MS).ok).toBe(true);
  });

  it('refuses a fix less precise than 100 m', () => {
    const judged = judgeFix(fix({ accuracyM: MAX_FIX_ACCURACY_M + 0.5 }), NOW_MS);
    expect(judged).toMatchObject({ ok: false, why: 'inaccurate' });
  });

  it('refuses a fix whose accuracy is unknown', () => {
    expect(judgeFix(fix({ accuracyM: Number.NaN }), NOW_MS)).toMatchObject({ why: 'inaccurate' });
  });

  it('does not call a fix stale when the phone clock is behind the fix time', () => {
    expect(judgeFix(fix({ timestampMs: NOW_MS + 60 * 60_000 }), NOW_MS).ok).toBe(true);
  });
});

describe('isPermissionDenied', () => {
  it('recognises the browser refusal by its code', () => {
    expect(isPermissionDenied({ code: 1, message: 'User denied Geolocation' })).toBe(true);
  });

  it('recognises the native refusal by its message', () => {
    expect(isPermissionDenied(new Error('Location permission was denied'))).toBe(true);
  });

  it('treats a timeout as something other than a refusal', () => {
    expect(isPermissionDenied({ code: 3, message: 'Timeout expired' })).toBe(false);
  });
});
