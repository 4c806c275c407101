import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as fixtures from '../fixtures/photos.ts';
import { QUADRANTS, type Rgb } from '../fixtures/photos.ts';
import { colourAt, colourDistance, inspect } from '../fixtures/photo-inspect.ts';
import { launchChromium } from './support/browser.ts';
import { bundleShrink, type ShrinkTarget } from './support/shrink-bundle.ts';

/**
 * The phone's shrink step (mobile/src/photos/shrink.ts) in Debian's Chromium, on the same
 * fixtures as the server's pipeline: what it writes is read back with sharp in Node, so the
 * browser never judges its own output.
 */
const COLOUR_TOLERANCE = 40;
const WHITE: Rgb = [255, 255, 255];

type Shrunk =
  { ok: true; bytes: Buffer; width: number; height: number } | { ok: false; code: string };

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const script = await bundleShrink();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>shrink</title>');
  await page.addScriptTag({ content: script });
});

afterAll(async () => {
  await browser?.close();
});

async function shrink(input: Buffer, target?: ShrinkTarget): Promise<Shrunk> {
  const result = await page.evaluate(
    async ({ base64, target }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const { SmtShrink } = globalThis as unknown as {
        SmtShrink: typeof import('../../mobile/src/photos/shrink.ts');
      };
      try {
        const blob = new Blob([bytes], { type: 'image/jpeg' });
        const shrunk = await SmtShrink.shrinkPhoto(blob, target ?? SmtShrink.PHOTO_TARGET);
        const out = new Uint8Array(await shrunk.blob.arrayBuffer());
        let binary = '';
        for (const byte of out) binary += String.fromCharCode(byte);
        const { width, height } = shrunk;
        return { ok: true as const, width, height, base64: btoa(binary) };
      } catch (err) {
        return { ok: false as const, code: (err as { code?: string }).code ?? String(err) };
      }
    },
    { base64: input.toString('base64'), target },
  );
  if (!result.ok) return result;
  const { base64, width, height } = result;
  return { ok: true, bytes: Buffer.from(base64, 'base64'), width, height };
}

function accepted(shrunk: Shrunk): Extract<Shrunk, { ok: true }> {
  if (!shrunk.ok) throw new Error(`refused on the phone: ${shrunk.code}`);
  return shrunk;
}

async function expectColour(bytes: Buffer, fx: number, fy: number, want: Rgb): Promise<void> {
  const got = await colourAt(bytes, fx, fy);
  expect(colourDistance(got, want), `at (${fx}, ${fy}) got ${got.map(Math.round)}`).toBeLessThan(
    COLOUR_TOLERANCE,
  );
}

describe('shrinkPhoto in Chromium', () => {
  it('turns orientation 6 into pixels once and writes no orientation tag', async () => {
    const shrunk = accepted(await shrink(await fixtures.jpegWithOrientation(6)));

    expect(await inspect(shrunk.bytes)).toMatchObject({
      isJpegByMagic: true,
      width: 80,
      height: 120,
      channels: 3,
      hasExif: false,
      orientation: undefined,
    });
    // Stored top-left ends top-right: rotated by 90° clockwise, once (twice would be 180°).
    await expectColour(shrunk.bytes, 0.25, 0.25, QUADRANTS.bottomLeft);
    await expectColour(shrunk.bytes, 0.75, 0.25, QUADRANTS.topLeft);
    await expectColour(shrunk.bytes, 0.25, 0.75, QUADRANTS.bottomRight);
    await expectColour(shrunk.bytes, 0.75, 0.75, QUADRANTS.topRight);
  });

  it('turns orientation 8 into pixels once: stored top-left ends bottom-left', async () => {
    const shrunk = accepted(await shrink(await fixtures.jpegWithOrientation(8)));

    expect([shrunk.width, shrunk.height]).toEqual([80, 120]);
    expect((await inspect(shrunk.bytes)).orientation).toBeUndefined();
    await expectColour(shrunk.bytes, 0.25, 0.75, QUADRANTS.topLeft);
    await expectColour(shrunk.bytes, 0.75, 0.25, QUADRANTS.bottomRight);
  });

  it('shrinks a 12-megapixel photo to the configured long edge and byte budget', async () => {
    const input = await fixtures.phonePhoto(2);

    const shrunk = accepted(await shrink(input));
    const small = accepted(await shrink(input, { longEdgePx: 800, maxBytes: 80 * 1024 }));

    expect([shrunk.width, shrunk.height]).toEqual([1600, 1200]);
    expect(shrunk.bytes.length).toBeLessThanOrEqual(600 * 1024);
    expect(await inspect(shrunk.bytes)).toMatchObject({
      width: 1600,
      height: 1200,
      hasExif: false,
    });
    expect(Math.max(small.width, small.height)).toBeLessThanOrEqual(800);
    expect(small.bytes.length).toBeLessThanOrEqual(80 * 1024);
    await expectColour(shrunk.bytes, 0.5, 0.5, await colourAt(input, 0.5, 0.5));
  });

  it('flattens a transparent 16-bit PNG onto white', async () => {
    const shrunk = accepted(await shrink(await fixtures.png16WithAlpha()));

    expect([shrunk.width, shrunk.height]).toEqual([64, 32]);
    await expectColour(shrunk.bytes, 0.25, 0.5, WHITE);
    await expectColour(shrunk.bytes, 0.75, 0.5, [0, 0, 255]);
  });

  it('refuses a file it cannot read with a reason, and an empty one as empty', async () => {
    expect(await shrink(await fixtures.emptyFile())).toEqual({ ok: false, code: 'photo-empty' });
    // Chromium decodes none of these, so nothing half-drawn is ever queued in their place.
    for (const make of [
      fixtures.textFile,
      fixtures.truncatedJpeg,
      fixtures.svgNamedJpg,
      fixtures.decompressionBomb,
    ]) {
      expect(await shrink(await make()), make.name).toEqual({
        ok: false,
        code: 'photo-unreadable',
      });
    }
  });
});
