import { describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_TARGET, photoTargetFrom } from './photo-config.ts';
import { fitWithin, MIN_JPEG_QUALITY, qualitySteps, START_JPEG_QUALITY } from './shrink.ts';

const LONG_EDGE_PX = 1600;

// The canvas work runs in a real browser (tests/browser/citizen.test.ts); these are the sums.
describe('fitWithin', () => {
  it('shrinks a landscape photo to a long edge of 1600 keeping its shape', () => {
    expect(fitWithin(4000, 3000, LONG_EDGE_PX)).toEqual({ width: 1600, height: 1200 });
  });

  it('shrinks a portrait photo by its height', () => {
    expect(fitWithin(3024, 4032, LONG_EDGE_PX)).toEqual({ width: 1200, height: 1600 });
  });

  it('never enlarges a small photo', () => {
    expect(fitWithin(800, 600, LONG_EDGE_PX)).toEqual({ width: 800, height: 600 });
  });

  it('keeps at least one pixel on a very thin panorama', () => {
    expect(fitWithin(20000, 3, LONG_EDGE_PX)).toEqual({ width: 1600, height: 1 });
  });
});

describe('qualitySteps', () => {
  it('tries the JPEG qualities from 0.8 down to 0.5', () => {
    const steps = qualitySteps();
    expect(steps[0]).toBe(START_JPEG_QUALITY);
    expect(steps.at(-1)).toBe(MIN_JPEG_QUALITY);
    expect(steps).toEqual([...steps].sort((a, b) => b - a));
  });
});

describe('photoTargetFrom', () => {
  it('shrinks to a long edge of 1600 px and 600 KB when nothing is configured', () => {
    expect(photoTargetFrom({})).toEqual({ longEdgePx: 1600, maxBytes: 600 * 1024 });
    expect(photoTargetFrom({ VITE_PHOTO_LONG_EDGE_PX: '' })).toEqual(DEFAULT_PHOTO_TARGET);
  });

  it('takes the long edge and the byte budget from the build settings', () => {
    const env = { VITE_PHOTO_LONG_EDGE_PX: '1280', VITE_PHOTO_MAX_BYTES: '307200' };

    expect(photoTargetFrom(env)).toEqual({ longEdgePx: 1280, maxBytes: 307_200 });
  });

  it('refuses a setting that is not a sensible whole number, naming it', () => {
    expect(() => photoTargetFrom({ VITE_PHOTO_LONG_EDGE_PX: '12.5' })).toThrow(
      /VITE_PHOTO_LONG_EDGE_PX: must be a whole number from 480 to 4096/,
    );
    expect(() => photoTargetFrom({ VITE_PHOTO_MAX_BYTES: '1000' })).toThrow(/VITE_PHOTO_MAX_BYTES/);
  });
});
