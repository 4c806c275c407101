import gcoord from 'gcoord';
import type { LatLng } from './coverage.ts';

/**
 * Test geometry for coverage: points a fixed distance either side of a district's edge.
 * Used by the coverage tests only; it lives beside them because it is about the same data.
 *
 * A probe starts from a vertex of the GCJ-02 boundary file, converts that vertex and its two
 * neighbours to WGS-84 (exactly as a phone's point would relate to the map), and steps along
 * the normal of the local edge in metres, so the points test the converted outline.
 */
type Position = number[];

const METRES_PER_DEGREE_LAT = 111_320;

export interface BoundaryProbe {
  district: string;
  /** The other county-level division that shares this vertex. */
  neighbour: string;
  inside: LatLng;
  outside: LatLng;
}

export function gcjToWgs([lng, lat]: Position): LatLng {
  const [x, y] = gcoord.transform([lng!, lat!] as [number, number], gcoord.GCJ02, gcoord.WGS84);
  return { lat: y, lng: x };
}

/** Local east/north metres between two nearby points. */
function metresBetween(from: LatLng, to: LatLng): [number, number] {
  const east = (to.lng - from.lng) * METRES_PER_DEGREE_LAT * Math.cos((from.lat * Math.PI) / 180);
  const north = (to.lat - from.lat) * METRES_PER_DEGREE_LAT;
  return [east, north];
}

function offset(from: LatLng, [east, north]: [number, number]): LatLng {
  return {
    lat: from.lat + north / METRES_PER_DEGREE_LAT,
    lng: from.lng + east / (METRES_PER_DEGREE_LAT * Math.cos((from.lat * Math.PI) / 180)),
  };
}

/** Positive for a counter-clockwise ring (shoelace formula in degrees; only the sign matters). */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i += 1) {
    sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  }
  return sum / 2;
}

export interface ProbeOptions {
  stepM: number;
  /** No third division may have a vertex this close: junctions of three are skipped. */
  clearOfOthersM: number;
  /** Both edges at the vertex must be at least this long, so the step stays near one edge. */
  minEdgeM: number;
  /** The boundary may turn at most this much at the vertex. */
  maxTurnDeg: number;
}

function nearOthers(
  vertex: Position,
  names: string[],
  divisions: BoundaryIndex['divisions'],
  radiusM: number,
): boolean {
  const here = { lng: vertex[0]!, lat: vertex[1]! };
  return divisions.some(
    (division) =>
      !names.includes(division.name) &&
      division.vertices.some((p) => {
        const [east, north] = metresBetween(here, { lng: p[0]!, lat: p[1]! });
        return Math.hypot(east, north) < radiusM;
      }),
  );
}

/**
 * Probes on one ring of a district: at vertices that the file shares with exactly one other
 * division, where the outline is locally straight and no third division is near.
 */
export function probesOnRing(
  district: string,
  ring: Position[],
  index: BoundaryIndex,
  options: ProbeOptions,
): BoundaryProbe[] {
  const counterClockwise = signedArea(ring) > 0;
  const probes: BoundaryProbe[] = [];
  const vertices = ring.slice(0, -1);
  vertices.forEach((vertex, i) => {
    const owners = index.owners.get(`${vertex[0]},${vertex[1]}`) ?? [];
    const sharedWith = owners.filter((name) => name !== district);
    if (sharedWith.length !== 1) return;
    if (nearOthers(vertex, owners, index.divisions, options.clearOfOthersM)) return;

    const here = gcjToWgs(vertex);
    const before = gcjToWgs(vertices[(i - 1 + vertices.length) % vertices.length]!);
    const after = gcjToWgs(vertices[(i + 1) % vertices.length]!);
    const [ax, ay] = metresBetween(before, here);
    const [bx, by] = metresBetween(here, after);
    const lengthA = Math.hypot(ax, ay);
    const lengthB = Math.hypot(bx, by);
    if (Math.min(lengthA, lengthB) < options.minEdgeM) return;
    const turn = Math.acos(Math.min(1, (ax * bx + ay * by) / (lengthA * lengthB)));
    if ((turn * 180) / Math.PI > options.maxTurnDeg) return;

    // The left normal of the direction of travel points inward on a counter-clockwise ring.
    const [tx, ty] = [ax / lengthA + bx / lengthB, ay / lengthA + by / lengthB];
    const length = Math.hypot(tx, ty);
    const sign = counterClockwise ? 1 : -1;
    const inward: [number, number] = [
      (-ty / length) * options.stepM * sign,
      (tx / length) * options.stepM * sign,
    ];
    probes.push({
      district,
      neighbour: sharedWith[0]!,
      inside: offset(here, inward),
      outside: offset(here, [-inward[0], -inward[1]]),
    });
  });
  return probes;
}

export interface BoundaryIndex {
  /** For each "lng,lat" vertex of the file, the names of the divisions whose outline has it. */
  owners: Map<string, string[]>;
  divisions: { name: string; vertices: Position[] }[];
}

export function indexBoundaries(
  features: readonly { properties: { name: string }; geometry: { coordinates: unknown } }[],
): BoundaryIndex {
  const owners = new Map<string, string[]>();
  const divisions = features.map((feature) => {
    const vertices = (feature.geometry.coordinates as Position[][][]).flat(2);
    const keys = new Set(vertices.map((p) => `${p[0]},${p[1]}`));
    for (const key of keys) owners.set(key, [...(owners.get(key) ?? []), feature.properties.name]);
    return { name: feature.properties.name, vertices };
  });
  return { owners, divisions };
}
