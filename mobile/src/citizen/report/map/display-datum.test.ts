import { describe, expect, it } from 'vitest';
import { fromDisplay, geoJsonToDisplay, toDisplay } from './display-datum.ts';

const CHANG_AN = { lat: 38.0497, lng: 114.5224 };
const METRES_PER_DEGREE_LAT = 111_320;

function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = (a.lat - b.lat) * METRES_PER_DEGREE_LAT;
  const dLng = (a.lng - b.lng) * METRES_PER_DEGREE_LAT * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dLat, dLng);
}

describe('display datum', () => {
  it('leaves points alone for WGS-84 tiles', () => {
    expect(toDisplay(CHANG_AN, 'wgs84')).toEqual(CHANG_AN);
  });

  it('shifts a Shijiazhuang point by a few hundred metres for GCJ-02 tiles', () => {
    const shown = toDisplay(CHANG_AN, 'gcj02');
    expect(distanceM(shown, CHANG_AN)).toBeGreaterThan(200);
    expect(distanceM(shown, CHANG_AN)).toBeLessThan(800);
  });

  it('brings a point picked on GCJ-02 tiles back to within a metre of WGS-84', () => {
    const back = fromDisplay(toDisplay(CHANG_AN, 'gcj02'), 'gcj02');
    expect(distanceM(back, CHANG_AN)).toBeLessThan(1);
  });

  it('converts a copy of a boundary and leaves the original untouched', () => {
    const ring = [
      [114.5, 38.0],
      [114.6, 38.0],
      [114.6, 38.1],
      [114.5, 38.0],
    ];
    const polygon = { type: 'Polygon' as const, coordinates: [ring] };
    const shown = geoJsonToDisplay(polygon, 'gcj02');
    expect(polygon.coordinates[0]![0]).toEqual([114.5, 38.0]);
    expect(shown.coordinates[0]![0]).not.toEqual([114.5, 38.0]);
  });
});
