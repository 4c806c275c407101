import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as fixtures from '../../../tests/fixtures/photos.ts';
import { canDecode, sniffFormat } from './formats.ts';
import { processPhoto, type PhotoOutcome } from './pipeline.ts';

function refusal(outcome: PhotoOutcome): { code: string; stage: string } {
  if (outcome.ok)
    throw new Error(`accepted a photo that should be refused: ${outcome.source.format}`);
  return { code: outcome.reason.code, stage: outcome.stage };
}

describe('processPhoto refusals', () => {
  it('refuses an empty file as photo-empty', async () => {
    expect(refusal(await processPhoto(await fixtures.emptyFile()))).toEqual({
      code: 'photo-empty',
      stage: 'bytes',
    });
  });

  it('refuses a file over the byte limit before looking inside it', async () => {
    const input = await fixtures.jpegWithGpsAndPersonalMetadata();

    const outcome = await processPhoto(input, { maxInputBytes: input.length - 1 });

    expect(refusal(outcome)).toEqual({ code: 'photo-too-large', stage: 'bytes' });
  });

  it('refuses a text file by its content as an unsupported format', async () => {
    expect(refusal(await processPhoto(await fixtures.textFile()))).toEqual({
      code: 'photo-unsupported-format',
      stage: 'sniff',
    });
  });

  it('refuses an SVG named .jpg from its bytes, before any decoder sees it', async () => {
    const input = await fixtures.svgNamedJpg();
    // sharp on its own would rasterise it: the refusal below is ours, not libvips failing.
    expect((await sharp(input).metadata()).format).toBe('svg');

    expect(refusal(await processPhoto(input))).toEqual({
      code: 'photo-unsupported-format',
      stage: 'sniff',
    });
  });

  it('refuses a truncated JPEG as photo-truncated rather than decoding a grey tail', async () => {
    const input = await fixtures.truncatedJpeg();
    expect(sniffFormat(input)).toBe('jpeg');
    const lenient = await sharp(input, { failOn: 'none' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(lenient.info.width).toBe(640);

    expect(refusal(await processPhoto(input))).toEqual({
      code: 'photo-truncated',
      stage: 'decode',
    });
  });

  it('refuses a JPEG whose header is garbage as unreadable', async () => {
    const input = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 0x41)]);

    const { code, stage } = refusal(await processPhoto(input));

    expect(stage).toBe('header');
    expect(['photo-unreadable', 'photo-truncated']).toContain(code);
  });

  // Which of the two holds depends on the libheif inside sharp's libvips: the prebuilt one has
  // no HEVC decoder (sharp.format.heif lists .avif only), so here HEIC is refused by name.
  it('refuses HEIC by a specific code when this libvips has no HEVC decoder', async () => {
    const input = await fixtures.heicHeaderOnly();
    expect(sniffFormat(input)).toBe('heic');
    const hasHevc = (sharp.format.heif?.input.fileSuffix ?? []).includes('.heic');
    expect(canDecode('heic')).toBe(hasHevc);

    const outcome = await processPhoto(input);

    // With a decoder the file is decoded, and this one has no coded image in it.
    const expected = hasHevc
      ? { code: 'photo-unreadable', stage: 'header' }
      : { code: 'photo-heic-unsupported', stage: 'sniff' };
    expect(refusal(outcome)).toEqual(expected);
    if (!outcome.ok && !hasHevc) expect(outcome.reason.message).toMatch(/HEIC/);
  });

  it('refuses a decompression bomb from its header, before decoding a pixel', async () => {
    const input = await fixtures.decompressionBomb();
    const declared = await sharp(input, { limitInputPixels: false }).metadata();
    expect([declared.width, declared.height, input.length < 2048]).toEqual([50_000, 50_000, true]);

    expect(refusal(await processPhoto(input))).toEqual({
      code: 'photo-too-many-pixels',
      stage: 'header',
    });
  });

  it('applies a lower pixel limit from the options to a real 48-megapixel photo', async () => {
    const outcome = await processPhoto(await fixtures.photo48Mp(), { maxInputPixels: 40_000_000 });

    expect(refusal(outcome)).toEqual({ code: 'photo-too-many-pixels', stage: 'header' });
  });
});
