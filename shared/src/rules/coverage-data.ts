import type { Feature, FeatureCollection } from 'geojson';
import gcoord from 'gcoord';
import { z } from 'zod';
import boundaryFile from '../../data/districts.gcj02.json' with { type: 'json' };
import coverageFile from '../../config/coverage.json' with { type: 'json' };
import zonesFile from '../../config/excluded-zones.geojson.json' with { type: 'json' };
import {
  areaCollectionSchema,
  areaGeometrySchema,
  boundingBox,
  deepFreeze,
  type AreaGeometry,
} from './geojson-schema.ts';

/**
 * Loads the coverage area: covered districts (from the county boundary file, plus districts
 * drawn in config/coverage.json) and excluded zones. Everything on disk is GCJ-02; it is
 * checked, converted to WGS-84 once here, and frozen. Nothing else converts boundary data.
 */
const boundarySchema = areaCollectionSchema(
  z.object({ adcode: z.number().int(), name: z.string().min(1) }).loose(),
);

const districtNames = z.object({ 'zh-Hant': z.string().min(1), en: z.string().min(1) });

const districtEntry = z.union([
  z.object({ name: z.string().min(1), names: districtNames, adcode: z.number().int() }),
  z.object({
    name: z.string().min(1),
    names: districtNames,
    placeholder: z.string().min(1).optional(),
    geometry: areaGeometrySchema,
  }),
]);

const coverageSchema = z.object({
  districts: z
    .array(districtEntry)
    .min(1)
    .refine((list) => new Set(list.map((d) => d.name)).size === list.length, 'duplicate name'),
});

export const EXCLUDED_ZONE_KINDS = [
  'market',
  'residential-compound',
  'urban-village',
  'expressway',
] as const;
export type ExcludedZoneKind = (typeof EXCLUDED_ZONE_KINDS)[number];

const zonesSchema = areaCollectionSchema(
  z.object({ kind: z.enum(EXCLUDED_ZONE_KINDS), name: z.string().min(1) }),
);

export interface DistrictProperties {
  /** Simplified Chinese, as in the boundary file: 栾城区, 桥西区. */
  name: string;
  names: z.infer<typeof districtNames>;
  adcode?: number;
  /** Set when the outline is not official and must be replaced. */
  placeholder?: string;
  /** Precedence: where outlines overlap or meet, the lowest rank wins. */
  rank: number;
}

export interface ExcludedZoneProperties {
  kind: ExcludedZoneKind;
  name: string;
}

export type DistrictFeature = Feature<AreaGeometry, DistrictProperties>;
export type ExcludedZoneFeature = Feature<AreaGeometry, ExcludedZoneProperties>;

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`invalid ${what}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** The file's outline for an adcode, insisting the configured name is the file's name. */
function boundaryFor(
  boundaries: z.infer<typeof boundarySchema>,
  adcode: number,
  name: string,
): AreaGeometry {
  const feature = boundaries.features.find((f) => f.properties.adcode === adcode);
  if (!feature) throw new Error(`coverage: adcode ${adcode} (${name}) is not in the boundary file`);
  if (feature.properties.name !== name) {
    throw new Error(
      `coverage: adcode ${adcode} is ${feature.properties.name} in the boundary file, not ${name}`,
    );
  }
  return feature.geometry as AreaGeometry;
}

type GcoordInput = Parameters<typeof gcoord.transform>[0];

/** GCJ-02 to WGS-84, on a copy: gcoord converts GeoJSON in place. */
function toWgs84<G extends AreaGeometry, P>(collection: FeatureCollection<G, P>) {
  // gcoord types positions as [lng, lat] tuples, geojson as number[]; the data is the same.
  const copy = structuredClone(collection) as unknown as GcoordInput;
  const converted = gcoord.transform(
    copy,
    gcoord.GCJ02,
    gcoord.WGS84,
  ) as unknown as typeof collection;
  for (const feature of converted.features) feature.bbox = boundingBox(feature.geometry);
  return deepFreeze(converted);
}

export function loadCoverage(input: { boundaries: unknown; coverage: unknown; zones: unknown }): {
  districts: readonly DistrictFeature[];
  zones: readonly ExcludedZoneFeature[];
} {
  const boundaries = parseOrThrow(boundarySchema, input.boundaries, 'district boundary file');
  const coverage = parseOrThrow(coverageSchema, input.coverage, 'coverage configuration');
  const zones = parseOrThrow(zonesSchema, input.zones, 'excluded-zones configuration');

  const districtsGcj: FeatureCollection<AreaGeometry, DistrictProperties> = {
    type: 'FeatureCollection',
    features: coverage.districts.map((entry, rank) => {
      const { name, names } = entry;
      if ('adcode' in entry) {
        const geometry = boundaryFor(boundaries, entry.adcode, name);
        return {
          type: 'Feature',
          properties: { name, names, adcode: entry.adcode, rank },
          geometry,
        };
      }
      const properties: DistrictProperties = { name, names, rank };
      if (entry.placeholder) properties.placeholder = entry.placeholder;
      return { type: 'Feature', properties, geometry: entry.geometry as AreaGeometry };
    }),
  };
  const zonesGcj = zones as FeatureCollection<AreaGeometry, ExcludedZoneProperties>;

  return { districts: toWgs84(districtsGcj).features, zones: toWgs84(zonesGcj).features };
}

// Known shortcoming: 高新区's outline is a placeholder and the excluded zones are samples in
// 长安区 only (config/); the simplified county outlines leave thin slivers between neighbours,
// where a point inside the covered area is judged outside-coverage.
const loaded = loadCoverage({ boundaries: boundaryFile, coverage: coverageFile, zones: zonesFile });

/** Covered districts in WGS-84, in precedence order. Frozen: clone before converting for a map. */
export const COVERED_DISTRICTS_WGS84: readonly DistrictFeature[] = loaded.districts;

/** Excluded zones in WGS-84. Frozen, like the districts. */
export const EXCLUDED_ZONES_WGS84: readonly ExcludedZoneFeature[] = loaded.zones;
