import gcoord from 'gcoord';
import type { TileDatum } from '../../../config.ts';

/**
 * Reports and boundaries are WGS-84. Most tile servers in China draw GCJ-02, about 500 m
 * away here, so with such tiles every point is shifted on its way onto the map and back off
 * it; nothing outside this module ever sees a GCJ-02 coordinate.
 */
export interface LatLng {
  lat: number;
  lng: number;
}

export function toDisplay(point: LatLng, datum: TileDatum): LatLng {
  if (datum === 'wgs84') return { lat: point.lat, lng: point.lng };
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat, lng };
}

export function fromDisplay(point: LatLng, datum: TileDatum): LatLng {
  if (datum === 'wgs84') return { lat: point.lat, lng: point.lng };
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lat, lng };
}

/** A GeoJSON object for display; the input is cloned because gcoord converts in place. */
export function geoJsonToDisplay<T extends object>(geojson: T, datum: TileDatum): T {
  const copy = structuredClone(geojson);
  if (datum === 'wgs84') return copy;
  return gcoord.transform(copy as never, gcoord.WGS84, gcoord.GCJ02) as unknown as T;
}
