import type { MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';

/**
 * The little of GeoJSON that coverage needs: polygons and multipolygons of [lng, lat]
 * positions with closed rings. Boundary and zone files are checked against it when they load.
 */
const position = z
  .array(z.number())
  .min(2)
  .max(3)
  .refine(([lng, lat]) => Math.abs(lng!) <= 180 && Math.abs(lat!) <= 90, 'expected [lng, lat]');

const linearRing = z
  .array(position)
  .min(4)
  .refine((ring) => {
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    return first[0] === last[0] && first[1] === last[1];
  }, 'a ring must end where it starts');

const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(linearRing).min(1),
});

const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(linearRing).min(1)).min(1),
});

export const areaGeometrySchema = z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema]);

export type AreaGeometry = Polygon | MultiPolygon;

/** A FeatureCollection of areas whose properties match `properties`. */
export function areaCollectionSchema<P extends z.ZodType>(properties: P) {
  return z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        properties,
        geometry: areaGeometrySchema,
      }),
    ),
  });
}

/** [west, south, east, north], so that point tests can skip far-away areas cheaply. */
export function boundingBox(geometry: AreaGeometry): [number, number, number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons) {
    for (const [lng, lat] of polygon[0] ?? []) {
      box[0] = Math.min(box[0], lng!);
      box[1] = Math.min(box[1], lat!);
      box[2] = Math.max(box[2], lng!);
      box[3] = Math.max(box[3], lat!);
    }
  }
  return box;
}

/** Freezes a parsed structure so no consumer can move a boundary the rules depend on. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
