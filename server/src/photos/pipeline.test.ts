import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as fixtures from '../../../tests/fixtures/photos.ts';
import { QUADRANTS, PLANTED, RED, type Rgb } from '../../../tests/fixtures/photos.ts';
import {
  colourAt,
  colourDistance,
  inspect,
  plantedStringsIn,
} from '../../../tests/fixtures/photo-inspect.ts';
import { canDecode } from './formats.ts';
import { processPhoto, type Derivative, type PhotoOutcome } from './pipeline.ts';

const WHITE: Rgb = [255, 255, 255];
// JPEG at quality 82 keeps a flat colour within a few levels; a wrong colour is off by ~255.
const COLOUR_TOLERANCE = 40;

function accepted(outcome: PhotoOutcome): Extract<PhotoOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused at ${outcome.stage}: ${outcome.reason.code}`);
  return outcome;
}

async function expectCleanJpeg(derivative: Derivative): Promise<void> {
  expect(await inspect(derivative.bytes)).toMatchObject({
    isJpegByMagic: true,
    sha256: derivative.hash,
    format: 'jpeg',
    width: derivative.width,
    height: derivative.height,
    channels: 3,
    hasAlpha: false,
    space: 'srgb',
    hasExif: false,
    hasXmp: false,
    hasIptc: false,
    hasIcc: false,
    orientation: undefined,
  });
  expect(derivative.contentType).toBe('image/jpeg');
}

async function expectColour(bytes: Buffer, fx: number, fy: number, want: Rgb): Promise<void> {
  const got = await colourAt(bytes, fx, fy);
  expect(colourDistance(got, want), `at (${fx}, ${fy}) got ${got.map(Math.round)}`).toBeLessThan(
    COLOUR_TOLERANCE,
  );
}

async function expectCorners(
  bytes: Buffer,
  corners: { topLeft: Rgb; topRight: Rgb; bottomLeft: Rgb; bottomRight: Rgb },
): Promise<void> {
  await expectColour(bytes, 0.25, 0.25, corners.topLeft);
  await expectColour(bytes, 0.75, 0.25, corners.topRight);
  await expectColour(bytes, 0.25, 0.75, corners.bottomLeft);
  await expectColour(bytes, 0.75, 0.75, corners.bottomRight);
}

describe('processPhoto', () => {
  it('makes a 1600 px display size and a 320 px thumbnail, named by content', async () => {
    const input = await fixtures.phonePhoto(0);

    const outcome = accepted(await processPhoto(input));
    const again = accepted(await processPhoto(input));

    expect(outcome.source).toEqual({ format: 'jpeg', width: 4032, height: 3024 });
    expect([outcome.display.width, outcome.display.height]).toEqual([1600, 1200]);
    expect([outcome.thumb.width, outcome.thumb.height]).toEqual([320, 240]);
    await expectCleanJpeg(outcome.display);
    await expectCleanJpeg(outcome.thumb);
    expect(outcome.display.hash).not.toBe(outcome.thumb.hash);
    expect([again.display.hash, again.thumb.hash]).toEqual([
      outcome.display.hash,
      outcome.thumb.hash,
    ]);
  });

  it('turns orientation 6 into pixels once: stored top-left ends top-right', async () => {
    const outcome = accepted(await processPhoto(await fixtures.jpegWithOrientation(6)));

    expect([outcome.display.width, outcome.display.height]).toEqual([80, 120]);
    expect([outcome.thumb.width, outcome.thumb.height]).toEqual([80, 120]);
    for (const derivative of [outcome.display, outcome.thumb]) {
      await expectCleanJpeg(derivative);
      await expectCorners(derivative.bytes, {
        topLeft: QUADRANTS.bottomLeft,
        topRight: QUADRANTS.topLeft,
        bottomLeft: QUADRANTS.bottomRight,
        bottomRight: QUADRANTS.topRight,
      });
    }
  });

  it('turns orientation 8 into pixels once: stored top-left ends bottom-left', async () => {
    const outcome = accepted(await processPhoto(await fixtures.jpegWithOrientation(8)));

    expect([outcome.display.width, outcome.display.height]).toEqual([80, 120]);
    expect([outcome.thumb.width, outcome.thumb.height]).toEqual([80, 120]);
    for (const derivative of [outcome.display, outcome.thumb]) {
      await expectCleanJpeg(derivative);
      await expectCorners(derivative.bytes, {
        topLeft: QUADRANTS.topRight,
        topRight: QUADRANTS.bottomRight,
        bottomLeft: QUADRANTS.topLeft,
        bottomRight: QUADRANTS.bottomLeft,
      });
    }
  });

  it('follows the rotation tag even on pixels already upright, as viewers do', async () => {
    const outcome = accepted(await processPhoto(await fixtures.uprightWithRotationTag()));

    expect([outcome.display.width, outcome.display.height]).toEqual([120, 80]);
    expect(outcome.source).toEqual({ format: 'jpeg', width: 120, height: 80 });
    await expectCleanJpeg(outcome.display);
    await expectCorners(outcome.display.bytes, {
      topLeft: QUADRANTS.bottomLeft,
      topRight: QUADRANTS.topLeft,
      bottomLeft: QUADRANTS.bottomRight,
      bottomRight: QUADRANTS.topRight,
    });
  });

  it('drops GPS, serial number, owner, comment, XMP and IPTC from both derivatives', async () => {
    const input = await fixtures.jpegWithGpsAndPersonalMetadata();
    const planted = Object.values(PLANTED);
    const before = await inspect(input);
    expect([before.hasExif, before.hasXmp, before.hasIptc]).toEqual([true, true, true]);
    expect(plantedStringsIn(input, planted)).toEqual(planted);

    const outcome = accepted(await processPhoto(input));

    expect([outcome.display.width, outcome.display.height]).toEqual([320, 240]);
    expect([outcome.thumb.width, outcome.thumb.height]).toEqual([320, 240]);
    // Stripping metadata must leave the picture itself alone.
    const original = await colourAt(input, 0.5, 0.5);
    await expectColour(outcome.display.bytes, 0.5, 0.5, original);
    for (const derivative of [outcome.display, outcome.thumb]) {
      await expectCleanJpeg(derivative);
      expect(plantedStringsIn(derivative.bytes, planted)).toEqual([]);
      for (const marker of ['Exif\0\0', 'http://ns.adobe.com/xap', 'Photoshop 3.0', '8BIM']) {
        expect(derivative.bytes.includes(Buffer.from(marker, 'latin1')), marker).toBe(false);
      }
    }
  });

  it('converts a CMYK JPEG to sRGB with its red kept red, not inverted', async () => {
    const input = await fixtures.cmykJpeg();
    expect(await inspect(input)).toMatchObject({ space: 'cmyk', channels: 4 });

    const outcome = accepted(await processPhoto(input));

    expect([outcome.display.width, outcome.display.height]).toEqual([64, 64]);
    for (const derivative of [outcome.display, outcome.thumb]) {
      await expectCleanJpeg(derivative);
      await expectColour(derivative.bytes, 0.5, 0.25, RED);
      await expectColour(derivative.bytes, 0.5, 0.75, WHITE);
    }
  });

  it('flattens a 16-bit PNG with transparency onto white and writes 8-bit RGB', async () => {
    const input = await fixtures.png16WithAlpha();
    const meta = await sharp(input).metadata();
    expect([meta.depth, meta.hasAlpha]).toEqual(['ushort', true]);

    const outcome = accepted(await processPhoto(input));

    expect(outcome.source.format).toBe('png');
    expect([outcome.display.width, outcome.display.height]).toEqual([64, 32]);
    for (const derivative of [outcome.display, outcome.thumb]) {
      await expectCleanJpeg(derivative);
      expect((await sharp(derivative.bytes).metadata()).depth).toBe('uchar');
      await expectColour(derivative.bytes, 0.25, 0.5, WHITE);
      await expectColour(derivative.bytes, 0.75, 0.5, [0, 0, 255]);
    }
  });

  it('keeps only the first frame of an animated GIF', async () => {
    const input = await fixtures.animatedGif();
    expect((await sharp(input).metadata()).pages).toBe(2);

    const outcome = accepted(await processPhoto(input));

    expect([outcome.display.width, outcome.display.height]).toEqual([60, 40]);
    expect([outcome.thumb.width, outcome.thumb.height]).toEqual([60, 40]);
    for (const derivative of [outcome.display, outcome.thumb]) {
      await expectCleanJpeg(derivative);
      await expectColour(derivative.bytes, 0.5, 0.5, RED);
    }
  });

  it('processes a 48-megapixel photo down to the display size, picture intact', async () => {
    const input = await fixtures.photo48Mp();

    const outcome = accepted(await processPhoto(input));

    expect(outcome.source).toEqual({ format: 'jpeg', width: 8000, height: 6000 });
    expect([outcome.display.width, outcome.display.height]).toEqual([1600, 1200]);
    expect([outcome.thumb.width, outcome.thumb.height]).toEqual([320, 240]);
    await expectCleanJpeg(outcome.display);
    await expectCleanJpeg(outcome.thumb);
    // The fixture's shapes are large and smooth: each region keeps the original's colour.
    for (const [fx, fy] of [
      [0.2, 0.2],
      [0.8, 0.3],
      [0.5, 0.5],
      [0.3, 0.8],
    ] as const) {
      const want = await colourAt(input, fx, fy);
      await expectColour(outcome.display.bytes, fx, fy, want);
      await expectColour(outcome.thumb.bytes, fx, fy, want);
    }
  });

  it('makes a one-channel greyscale JPEG into three-channel sRGB', async () => {
    const grey = Buffer.alloc(40 * 30, 128);
    const input = await sharp(grey, { raw: { width: 40, height: 30, channels: 1 } })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer();
    expect((await sharp(input).metadata()).channels).toBe(1);

    const outcome = accepted(await processPhoto(input));

    await expectCleanJpeg(outcome.display);
    await expectColour(outcome.display.bytes, 0.5, 0.5, [128, 128, 128]);
  });

  it.runIf(canDecode('avif'))(
    'decodes an AVIF photo (AV1 is in the installed libheif)',
    async () => {
      const outcome = accepted(await processPhoto(await fixtures.avifPhoto()));

      expect(outcome.source.format).toBe('heif');
      await expectCleanJpeg(outcome.display);
      await expectColour(outcome.display.bytes, 0.5, 0.25, RED);
    },
  );
});
