import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from './categories.ts';
import type { ReportDoc } from './docs.ts';
import { MAX_DESCRIPTION_CHARS, parseReport } from './report-schema.ts';

function validReport(): ReportDoc {
  return {
    _id: 'r01hzx3k9q7m2v8c4b6n5t0',
    type: 'report',
    category: { major: 'garbage', minor: 'overflowing-bin' },
    description: '  长安区中山东路垃圾桶满了 🗑️😡\r\n请尽快处理  ',
    location: { lat: 38.0475, lng: 114.5482, accuracyM: 12, source: 'gps' },
    capturedAt: '2024-07-15T10:03:00+08:00',
    photoCount: 2,
    followUpSms: true,
    createdAt: '2024-07-15T02:04:10.123Z',
  };
}

function detailOf(doc: unknown): string | undefined {
  const result = parseReport(doc);
  expect(result.ok).toBe(false);
  if (result.ok) return undefined;
  expect(result.reason.code).toBe('report-malformed');
  return result.reason.detail;
}

describe('parseReport', () => {
  it('accepts a valid report and keeps the description exactly as typed', () => {
    const result = parseReport(validReport());
    expect(result).toEqual({ ok: true, report: validReport() });
  });

  it('drops the keys CouchDB and RxDB add', () => {
    const result = parseReport({ ...validReport(), _rev: '1-abc', _meta: { lwt: 1 } });
    expect(result.ok && Object.keys(result.report)).not.toContain('_rev');
  });

  it('counts the description in characters a person sees, so 10,000 emoji fit', () => {
    const emoji = '🗑'.repeat(MAX_DESCRIPTION_CHARS);
    expect(parseReport({ ...validReport(), description: emoji }).ok).toBe(true);
    expect(detailOf({ ...validReport(), description: `${emoji}x` })).toBe('description: too long');
  });

  const change = (patch: Record<string, unknown>) => ({ ...validReport(), ...patch });
  const location = (patch: Record<string, unknown>) =>
    change({ location: { ...validReport().location, ...patch } });

  it.each([
    ['not an object', null, 'document'],
    ['an array', [validReport()], 'document'],
    ['an id not made by a device', change({ _id: 'R-123' }), '_id'],
    ['another document type', change({ type: 'status' }), 'type'],
    [
      'an unknown major category',
      change({ category: { major: 'noise', minor: 'x' } }),
      'category.minor',
    ],
    [
      'a minor under the wrong major',
      change({ category: { major: 'street-vendor', minor: 'overflowing-bin' } }),
      'category.minor',
    ],
    ['a missing category', change({ category: undefined }), 'category'],
    ['an empty description', change({ description: '' }), 'description'],
    ['a description of spaces', change({ description: ' \n\t ' }), 'description'],
    ['a description with a broken character', change({ description: 'ok \ud83d' }), 'description'],
    ['a description that is not text', change({ description: 42 }), 'description'],
    ['a latitude past the pole', location({ lat: 91 }), 'location.lat'],
    ['a longitude past the date line', location({ lng: -181 }), 'location.lng'],
    ['a latitude that is not a number', location({ lat: Number.NaN }), 'location.lat'],
    ['a negative accuracy', location({ accuracyM: -1 }), 'location.accuracyM'],
    ['an unknown location source', location({ source: 'wifi' }), 'location.source'],
    [
      'a capture time without an offset',
      change({ capturedAt: '2024-07-15T10:03:00' }),
      'capturedAt',
    ],
    [
      'a capture time on a day that does not exist',
      change({ capturedAt: '2024-02-30T10:00:00+08:00' }),
      'capturedAt',
    ],
    ['a capture time in seconds', change({ capturedAt: 1721008980 }), 'capturedAt'],
    ['four photos', change({ photoCount: 4 }), 'photoCount'],
    ['a negative photo count', change({ photoCount: -1 }), 'photoCount'],
    ['half a photo', change({ photoCount: 1.5 }), 'photoCount'],
    ['a follow-up flag as text', change({ followUpSms: 'yes' }), 'followUpSms'],
    ['no creation time', change({ createdAt: undefined }), 'createdAt'],
  ])('refuses %s and names the field', (_what, doc, field) => {
    expect(detailOf(doc)).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
  });

  it('names the first bad field when several are bad', () => {
    expect(detailOf(change({ type: 'x', photoCount: 9 }))).toMatch(/^type: /);
  });

  it('never copies the offending value into the detail', () => {
    const phone = '13812345678';
    const detail = detailOf(change({ description: `${phone} `.repeat(1000) + 'x'.repeat(9000) }));
    expect(detail).not.toContain(phone);
    expect(detailOf(location({ lat: 99.123456 }))).not.toContain('99.12');
  });
});

describe('parseReport properties', () => {
  const pairs = CATEGORIES.flatMap((major) =>
    major.minors.map((minor) => ({ major: major.code, minor: minor.code })),
  );
  const report = fc.record({
    _id: fc.stringMatching(/^r[a-z0-9]{19,39}$/),
    type: fc.constant('report' as const),
    category: fc.constantFrom(...pairs),
    description: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
      .filter((s) => /\S/u.test(s)),
    location: fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lng: fc.double({ min: -180, max: 180, noNaN: true }),
      source: fc.constantFrom('gps' as const, 'map' as const),
    }),
    capturedAt: fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    photoCount: fc.integer({ min: 0, max: 3 }),
    followUpSms: fc.boolean(),
    createdAt: fc.constant('2024-07-15T02:04:10.123Z'),
  });

  it('accepts any well-formed report and returns it unchanged', () => {
    fc.assert(
      fc.property(report, (doc) => {
        expect(parseReport(structuredClone(doc))).toEqual({ ok: true, report: doc });
      }),
      { numRuns: 300 },
    );
  });

  it('answers anything else with report-malformed and never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (doc) => {
        const result = parseReport(doc);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason.code).toBe('report-malformed');
      }),
      { numRuns: 300 },
    );
  });
});
