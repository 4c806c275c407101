import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import boundaryFile from '../../data/districts.gcj02.json' with { type: 'json' };
import coverageFile from '../../config/coverage.json' with { type: 'json' };
import zonesFile from '../../config/excluded-zones.geojson.json' with { type: 'json' };
import { gcjToWgs, indexBoundaries } from './boundary-probes.ts';
import {
  canonicalDistrictName,
  COVERED_DISTRICTS_WGS84,
  districtAt,
  EXCLUDED_ZONES_WGS84,
  judgeCoverage,
  loadCoverage,
} from './coverage.ts';

function seatOf(name: string): number[] {
  return boundaryFile.features.find((f) => f.properties.name === name)!.properties.center;
}

function districtFeature(name: string) {
  return COVERED_DISTRICTS_WGS84.find((d) => d.properties.name === name)!;
}

describe('covered districts', () => {
  it('covers exactly the districts the service announced, in simplified characters', () => {
    expect(COVERED_DISTRICTS_WGS84.map((d) => d.properties.name).sort()).toEqual(
      [
        '高新区',
        '长安区',
        '桥西区',
        '新华区',
        '裕华区',
        '鹿泉区',
        '藁城区',
        '栾城区',
        '正定县',
      ].sort(),
    );
  });

  it.each(['欒城區', '橋西區', '新華區', '正定縣'])(
    'maps the article’s traditional spelling %s to the boundary file’s name',
    (traditional) => {
      expect(canonicalDistrictName(traditional)).toBe(
        COVERED_DISTRICTS_WGS84.find((d) => d.properties.names['zh-Hant'] === traditional)
          ?.properties.name,
      );
      expect(canonicalDistrictName(traditional)).toMatch(/^[\u4e00-\u9fff]+[区县]$/);
    },
  );

  it.each(['长安区', '桥西区', '新华区', '裕华区', '鹿泉区', '藁城区', '栾城区', '正定县'])(
    'places the seat of %s, converted to WGS-84, in that district',
    (name) => {
      expect(judgeCoverage(gcjToWgs(seatOf(name)))).toEqual({ covered: true, district: name });
    },
  );

  it('gives 高新区 the points its placeholder outline shares with the county outlines', () => {
    const point = gcjToWgs([114.64, 38.02]);
    const counties = COVERED_DISTRICTS_WGS84.filter(
      (d) => d.properties.adcode && booleanPointInPolygon([point.lng, point.lat], d.geometry),
    );
    expect(counties.length).toBeGreaterThan(0);
    expect(districtAt(point)).toBe('高新区');
    expect(districtFeature('高新区').properties.placeholder).toMatch(/replace/);
  });

  it('gives a vertex two covered districts share to the one listed first', () => {
    const index = indexBoundaries(boundaryFile.features);
    const order = coverageFile.districts.map((d) => d.name);
    const shared = [...index.owners].filter(
      ([, names]) => names.includes('长安区') && names.includes('新华区'),
    );
    expect(shared.length).toBeGreaterThan(0);
    for (const [key] of shared) {
      const point = gcjToWgs(key.split(',').map(Number));
      expect(order.indexOf('长安区')).toBeLessThan(order.indexOf('新华区'));
      expect(districtAt(point)).toBe('长安区');
    }
  });

  it.each(['井陉县', '赞皇县', '平山县', '行唐县', '井陉矿区'])(
    'refuses the seat of %s as outside coverage',
    (name) => {
      const judgement = judgeCoverage(gcjToWgs(seatOf(name)));
      expect(judgement.covered).toBe(false);
      expect(judgement.district).toBeUndefined();
      expect(judgement.reason?.code).toBe('outside-coverage');
    },
  );

  it.each([
    ['Beijing', { lat: 39.9042, lng: 116.4074 }],
    ['null island', { lat: 0, lng: 0 }],
    ['no fix', { lat: Number.NaN, lng: Number.NaN }],
    ['beyond the poles', { lat: 138.05, lng: 114.55 }],
  ])('refuses %s as outside coverage', (_where, point) => {
    expect(judgeCoverage(point).reason?.code).toBe('outside-coverage');
  });

  it('keeps the exported outlines in WGS-84, some 300–900 m from the GCJ-02 file', () => {
    const gcj = boundaryFile.features.find((f) => f.properties.name === '长安区')!.geometry;
    const [lngGcj, latGcj] = gcj.coordinates[0]![0]![0]!;
    const [lngWgs, latWgs] = districtFeature('长安区').geometry.coordinates[0]![0]![0] as number[];
    const metres = Math.hypot(
      (lngGcj! - lngWgs!) * 111_320 * Math.cos((latGcj! * Math.PI) / 180),
      (latGcj! - latWgs!) * 111_320,
    );
    expect(metres).toBeGreaterThan(300);
    expect(metres).toBeLessThan(900);
  });

  it('refuses to let a consumer convert the shared outlines in place', () => {
    const feature = COVERED_DISTRICTS_WGS84[1]!;
    expect(() => gcoord.transform(feature as never, gcoord.WGS84, gcoord.GCJ02)).toThrow(TypeError);
    const copy = structuredClone(feature);
    expect(() => gcoord.transform(copy as never, gcoord.WGS84, gcoord.GCJ02)).not.toThrow();
    expect(judgeCoverage(gcjToWgs(seatOf('长安区'))).district).toBe('长安区');
  });
});

describe('excluded zones', () => {
  it('refuses a point in each zone and names its kind, not the person', () => {
    expect(EXCLUDED_ZONES_WGS84.map((z) => z.properties.kind).sort()).toEqual(
      ['expressway', 'market', 'residential-compound', 'urban-village'].sort(),
    );
    for (const zone of zonesFile.features) {
      const ring = zone.geometry.coordinates[0]!.slice(0, -1);
      const centre = ring.reduce(
        ([x, y], [lng, lat]) => [x! + lng! / ring.length, y! + lat! / ring.length],
        [0, 0],
      );
      const judgement = judgeCoverage(gcjToWgs(centre));
      expect(judgement).toMatchObject({
        covered: false,
        district: '长安区',
        zone: zone.properties,
      });
      expect(judgement.reason).toMatchObject({
        code: 'in-excluded-zone',
        detail: zone.properties.kind,
      });
    }
  });

  it('lies wholly inside 长安区, as the sample zones are meant to', () => {
    const changan = districtFeature('长安区');
    for (const zone of EXCLUDED_ZONES_WGS84) {
      const { geometry } = zone;
      const rings =
        geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
      for (const position of rings.flat()) {
        expect(booleanPointInPolygon(position, changan.geometry), zone.properties.name).toBe(true);
      }
    }
  });
});

describe('loading coverage data', () => {
  const files = { boundaries: boundaryFile, coverage: coverageFile, zones: zonesFile };
  const coverageWith = (change: (districts: Record<string, unknown>[]) => void) => {
    const coverage = structuredClone(coverageFile) as { districts: Record<string, unknown>[] };
    change(coverage.districts);
    return coverage;
  };

  it('refuses a district named in traditional characters that the file spells simplified', () => {
    const coverage = coverageWith((d) => (d.find((e) => e.adcode === 130111)!.name = '欒城区'));
    expect(() => loadCoverage({ ...files, coverage })).toThrow(/130111 is 栾城区/);
  });

  it('refuses an adcode the boundary file does not have', () => {
    const coverage = coverageWith((d) =>
      d.push({ name: '某区', adcode: 130199, names: { 'zh-Hant': '某區', en: 'X' } }),
    );
    expect(() => loadCoverage({ ...files, coverage })).toThrow(/130199/);
  });

  it('refuses a zone of an unknown kind or with a ring left open', () => {
    const badKind = structuredClone(zonesFile);
    (badKind.features[0]!.properties as { kind: string }).kind = 'park';
    expect(() => loadCoverage({ ...files, zones: badKind })).toThrow(/excluded-zones/);
    const openRing = structuredClone(zonesFile);
    openRing.features[0]!.geometry.coordinates[0]!.pop();
    expect(() => loadCoverage({ ...files, zones: openRing })).toThrow(/end where it starts/);
  });
});
