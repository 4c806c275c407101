import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { reason, type Reason } from '../errors.ts';
import {
  COVERED_DISTRICTS_WGS84,
  EXCLUDED_ZONES_WGS84,
  type DistrictFeature,
  type ExcludedZoneFeature,
  type ExcludedZoneProperties,
} from './coverage-data.ts';

/**
 * Coverage (覆盖范围): a report is covered when its WGS-84 point lies in a covered district
 * and in no excluded zone (markets, residential compounds, urban villages, expressways).
 *
 * Edges count as inside. A point exactly on the line between two covered districts, or inside
 * both where the simplified outlines overlap, belongs to the first district in the order of
 * config/coverage.json (高新区 first, because it is carved out of its neighbours), so the
 * answer never depends on iteration order. A point on an excluded zone's edge is in the zone.
 */
export interface LatLng {
  lat: number;
  lng: number;
}

export interface CoverageJudgement {
  covered: boolean;
  /** The covered district the point lies in, also given when an excluded zone refuses it. */
  district?: string;
  /** The excluded zone that refused the point. */
  zone?: ExcludedZoneProperties;
  /** outside-coverage or in-excluded-zone; absent when covered. */
  reason?: Reason;
}

function isPlausible(point: LatLng): boolean {
  return (
    Number.isFinite(point.lat) &&
    Number.isFinite(point.lng) &&
    Math.abs(point.lat) <= 90 &&
    Math.abs(point.lng) <= 180
  );
}

function contains(feature: DistrictFeature | ExcludedZoneFeature, point: LatLng): boolean {
  const box = feature.bbox;
  const { lat, lng } = point;
  if (box && (lng < box[0] || lat < box[1] || lng > box[2]! || lat > box[3]!)) return false;
  return booleanPointInPolygon([lng, lat], feature.geometry);
}

/** The covered district at a WGS-84 point, by the precedence rule above; undefined outside. */
export function districtAt(point: LatLng): string | undefined {
  if (!isPlausible(point)) return undefined;
  return COVERED_DISTRICTS_WGS84.find((district) => contains(district, point))?.properties.name;
}

/** The excluded zone at a WGS-84 point (the first listed, if zones overlap). */
export function excludedZoneAt(point: LatLng): ExcludedZoneProperties | undefined {
  if (!isPlausible(point)) return undefined;
  return EXCLUDED_ZONES_WGS84.find((zone) => contains(zone, point))?.properties;
}

export function judgeCoverage(point: LatLng): CoverageJudgement {
  const district = districtAt(point);
  if (!district) return { covered: false, reason: reason('outside-coverage') };

  const zone = excludedZoneAt(point);
  if (zone) {
    return {
      covered: false,
      district,
      zone: { kind: zone.kind, name: zone.name },
      reason: reason('in-excluded-zone', zone.kind),
    };
  }
  return { covered: true, district };
}

/** Canonical (simplified) name for a covered district named in either script, e.g. 欒城區. */
export function canonicalDistrictName(name: string): string | undefined {
  return COVERED_DISTRICTS_WGS84.find(
    (d) => d.properties.name === name || d.properties.names['zh-Hant'] === name,
  )?.properties.name;
}

export {
  COVERED_DISTRICTS_WGS84,
  EXCLUDED_ZONES_WGS84,
  EXCLUDED_ZONE_KINDS,
  loadCoverage,
} from './coverage-data.ts';
export type {
  DistrictFeature,
  DistrictProperties,
  ExcludedZoneFeature,
  ExcludedZoneKind,
  ExcludedZoneProperties,
} from './coverage-data.ts';
