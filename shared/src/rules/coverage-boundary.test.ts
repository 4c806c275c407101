import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import boundaryFile from '../../data/districts.gcj02.json' with { type: 'json' };
import coverageFile from '../../config/coverage.json' with { type: 'json' };
import zonesFile from '../../config/excluded-zones.geojson.json' with { type: 'json' };
import { gcjToWgs, indexBoundaries, probesOnRing, type BoundaryProbe } from './boundary-probes.ts';
import { COVERED_DISTRICTS_WGS84, districtAt, judgeCoverage, type LatLng } from './coverage.ts';

type Position = number[];
type Rings = Position[][];

const COVERED_NAMES = coverageFile.districts.map((d) => d.name);
const GAOXIN = COVERED_DISTRICTS_WGS84.find((d) => d.properties.name === '高新区')!;

function probes(): BoundaryProbe[] {
  const index = indexBoundaries(boundaryFile.features);
  const options = { stepM: 100, minEdgeM: 300, maxTurnDeg: 30, clearOfOthersM: 500 };
  const inGaoxin = (p: LatLng) => booleanPointInPolygon([p.lng, p.lat], GAOXIN.geometry);
  return boundaryFile.features
    .filter((f) => COVERED_NAMES.includes(f.properties.name))
    .flatMap((f) =>
      f.geometry.coordinates.flatMap((polygon) =>
        probesOnRing(f.properties.name, polygon[0]!, index, options),
      ),
    )
    .filter((probe) => !inGaoxin(probe.inside) && !inGaoxin(probe.outside));
}

describe('points 100 m either side of a district boundary (GCJ-02 vertex, converted)', () => {
  const all = probes();
  const toUncovered = all.filter((p) => !COVERED_NAMES.includes(p.neighbour));
  const toCovered = all.filter((p) => COVERED_NAMES.includes(p.neighbour));

  it('finds enough straight stretches of boundary to probe', () => {
    expect(toUncovered.length).toBeGreaterThanOrEqual(5);
    expect(toCovered.length).toBeGreaterThanOrEqual(8);
  });

  it('covers the inner point and refuses the outer one where coverage ends', () => {
    for (const probe of toUncovered) {
      const label = `${probe.district} | ${probe.neighbour}`;
      expect(judgeCoverage(probe.inside), label).toEqual({
        covered: true,
        district: probe.district,
      });
      expect(judgeCoverage(probe.outside).reason?.code, label).toBe('outside-coverage');
    }
  });

  it('puts each point in the district on its own side between two covered districts', () => {
    for (const probe of toCovered) {
      const label = `${probe.district} | ${probe.neighbour}`;
      expect(districtAt(probe.inside), label).toBe(probe.district);
      expect(districtAt(probe.outside), label).toBe(probe.neighbour);
    }
  });
});

/**
 * An oracle that shares no code with the module: the raw files converted here position by
 * position, and an even-odd ray test (which also handles holes) instead of turf.
 */
function wgsRings(geometry: { type: string; coordinates: unknown }): Rings {
  const rings =
    geometry.type === 'Polygon'
      ? (geometry.coordinates as Rings)
      : (geometry.coordinates as Rings[]).flat();
  return rings.map((ring) =>
    ring.map((p) =>
      gcoord.transform([p[0]!, p[1]!] as [number, number], gcoord.GCJ02, gcoord.WGS84),
    ),
  );
}

function insideByRayCasting(point: LatLng, rings: Rings): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      const crosses =
        yi > point.lat !== yj > point.lat &&
        point.lng < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi;
      if (crosses) inside = !inside;
    }
  }
  return inside;
}

const oracleDistricts = coverageFile.districts.map((entry) => {
  const geometry =
    entry.geometry ??
    boundaryFile.features.find((f) => f.properties.adcode === entry.adcode)!.geometry;
  return { name: entry.name, rings: wgsRings(geometry) };
});
const oracleZones = zonesFile.features.map((f) => wgsRings(f.geometry));

describe('coverage properties', () => {
  // Points anywhere around the covered area, and points close to the file's vertices, where
  // districts meet and where mistakes in conversion or precedence would show.
  const anywhere = fc.record({
    lat: fc.double({ min: 37.7, max: 38.45, noNaN: true }),
    lng: fc.double({ min: 114.1, max: 115.1, noNaN: true }),
  });
  // At least 1e-6 degrees (about 0.1 m) off a vertex: a point within a rounding error of an
  // edge is inside for one correct algorithm and outside for another, which proves nothing.
  const nudge = (maxDeg: number) =>
    fc
      .tuple(fc.double({ min: 1e-6, max: maxDeg, noNaN: true }), fc.boolean())
      .map(([size, negative]) => (negative ? -size : size));
  const vertices = boundaryFile.features.flatMap((f) => f.geometry.coordinates.flat(2));
  const nearVertex = fc
    .tuple(fc.constantFrom(...vertices), nudge(0.01), nudge(0.01))
    .map(([vertex, dLng, dLat]) => {
      const p = gcjToWgs(vertex);
      return { lat: p.lat + dLat, lng: p.lng + dLng };
    });
  const zoneVertices = zonesFile.features.flatMap((f) => f.geometry.coordinates.flat());
  const nearZone = fc
    .tuple(fc.constantFrom(...zoneVertices), nudge(0.002), nudge(0.002))
    .map(([vertex, dLng, dLat]) => {
      const p = gcjToWgs(vertex);
      return { lat: p.lat + dLat, lng: p.lng + dLng };
    });
  const point = fc.oneof(anywhere, nearVertex, nearZone);

  it('answers the same every time for the same point', () => {
    fc.assert(
      fc.property(point, (p) => {
        expect(judgeCoverage({ ...p })).toEqual(judgeCoverage({ ...p }));
      }),
      { numRuns: 300 },
    );
  });

  it('covers a point iff it is in a covered district and in no excluded zone', () => {
    fc.assert(
      fc.property(point, (p) => {
        const containing = oracleDistricts.filter((d) => insideByRayCasting(p, d.rings));
        const excluded = oracleZones.some((rings) => insideByRayCasting(p, rings));
        const judgement = judgeCoverage(p);
        expect(judgement.covered).toBe(containing.length > 0 && !excluded);
        expect(judgement.district).toBe(containing[0]?.name);
      }),
      { numRuns: 1000 },
    );
  });
});
