import { createHash } from 'node:crypto';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { reason, type ErrorCode, type Reason } from '@smt/shared/errors';
import { canDecode, sniffFormat, SHARP_DECODER, type PhotoFormat } from './formats.ts';
import { failureCode } from './failures.ts';

export interface PhotoOptions {
  displayLongEdgePx: number;
  thumbLongEdgePx: number;
  jpegQuality: number;
  maxInputBytes: number;
  /** Width x height as the file declares it; checked from the header, before any decoding. */
  maxInputPixels: number;
  /**
   * libvips stops decoding past this, in whole seconds rounded up, so the promise settles only
   * once no thread works on the photo any more; the queue answers its caller at the exact ms.
   */
  timeoutMs: number;
}

export const PHOTO_DEFAULTS: Readonly<PhotoOptions> = Object.freeze({
  displayLongEdgePx: 1600,
  thumbLongEdgePx: 320,
  jpegQuality: 82,
  maxInputBytes: 25 * 1024 * 1024,
  // A 48-megapixel phone sensor fits twice over; a decompression bomb declaring more is refused.
  maxInputPixels: 100_000_000,
  timeoutMs: 30_000,
});

export interface Derivative {
  bytes: Buffer;
  /** sha256 hex of `bytes`: the content address the derivative is stored and served under. */
  hash: string;
  width: number;
  height: number;
  contentType: 'image/jpeg';
}

/** Where a photo was refused; `header` means no pixel was decoded. */
export type RefusalStage = 'bytes' | 'sniff' | 'header' | 'decode' | 'deadline' | 'crash';

export type PhotoOutcome =
  | {
      ok: true;
      display: Derivative;
      thumb: Derivative;
      /** Decoder name as sharp reports it; width and height upright, after EXIF orientation. */
      source: { format: string; width: number; height: number };
    }
  | { ok: false; reason: Reason; stage: RefusalStage };

type Refusal = Extract<PhotoOutcome, { ok: false }>;

export function refuse(stage: RefusalStage, code: ErrorCode, detail?: string): Refusal {
  return { ok: false, reason: reason(code, detail), stage };
}

/**
 * Validates a photo by its content and makes the two JPEG derivatives we store and serve.
 * Never throws for a bad photo: every kind of input ends in a defined outcome.
 *
 * - EXIF orientation is applied to the pixels once, and the tag goes with the rest of the
 *   metadata. The tag is authoritative even when the pixels already look upright, because every
 *   viewer (browsers, phone galleries) honours it: the citizen saw the photo that way.
 * - No metadata survives: sharp writes none unless asked (we never call keepMetadata or
 *   withMetadata), so GPS, serial numbers, owner names, XMP and IPTC are all dropped. Pixels are
 *   converted to sRGB (CMYK included) and output carries no ICC profile, which means sRGB.
 * - Transparency is flattened onto white; animated images keep their first frame.
 * - A truncated or corrupt file is refused, not decoded with a grey tail: the photo is evidence
 *   and must be whole. Mere encoder warnings that leave all pixels intact are tolerated.
 */
export async function processPhoto(
  input: Buffer,
  options: Partial<PhotoOptions> = {},
): Promise<PhotoOutcome> {
  const opts: PhotoOptions = { ...PHOTO_DEFAULTS, ...options };
  if (input.length === 0) return refuse('bytes', 'photo-empty');
  if (input.length > opts.maxInputBytes) {
    return refuse('bytes', 'photo-too-large', `limit ${opts.maxInputBytes} bytes`);
  }

  const format = sniffFormat(input);
  if (format === undefined) return refuse('sniff', 'photo-unsupported-format');
  if (!canDecode(format)) {
    return refuse(
      'sniff',
      format === 'heic' ? 'photo-heic-unsupported' : 'photo-unsupported-format',
    );
  }

  const header = await readHeader(input, format, opts);
  if ('ok' in header) return header;

  try {
    const [display, thumb] = await derive(input, opts);
    const source = { format: header.format, ...header.autoOrient };
    return { ok: true, display, thumb, source };
  } catch (err) {
    const code = failureCode(err, 'photo-unreadable');
    return refuse(code === 'photo-timeout' ? 'deadline' : 'decode', code);
  }
}

function inputOptions(opts: PhotoOptions): SharpOptions {
  return {
    failOn: 'error',
    limitInputPixels: opts.maxInputPixels,
    sequentialRead: true,
    autoOrient: true,
    pages: 1,
  };
}

/** Reads only the header: dimensions are known here, so a bomb is refused before decoding. */
async function readHeader(
  input: Buffer,
  format: PhotoFormat,
  opts: PhotoOptions,
): Promise<Metadata | Refusal> {
  const overLimit = () =>
    refuse('header', 'photo-too-many-pixels', `limit ${opts.maxInputPixels} pixels`);
  let meta: Metadata;
  try {
    meta = await sharp(input, inputOptions(opts)).metadata();
  } catch (err) {
    // Some loaders (JPEG) apply limitInputPixels already while reading the header.
    const code = failureCode(err, 'photo-unreadable');
    return code === 'photo-too-many-pixels' ? overLimit() : refuse('header', code);
  }
  if (meta.format !== SHARP_DECODER[format]) return refuse('header', 'photo-unsupported-format');
  if (meta.width * meta.height > opts.maxInputPixels) return overLimit();
  return meta;
}

/**
 * One decode of the original, straight to the display JPEG; the thumbnail is made from that
 * JPEG, not from the original. Resizing a JPEG with `fit: 'inside'` lets libjpeg shrink by 2, 4
 * or 8 while decoding (a 48-megapixel photo never exists at full size in memory), and decoding
 * the 1600 px display JPEG again, shrunk by 4 on load, costs a few milliseconds. Pixels stay
 * inside libvips throughout: a decoded frame handed to JavaScript would be freed only when V8
 * next collects garbage, which it does lazily for memory outside its heap.
 */
async function derive(input: Buffer, opts: PhotoOptions): Promise<[Derivative, Derivative]> {
  const seconds = Math.max(1, Math.ceil(opts.timeoutMs / 1000));
  const display = opts.displayLongEdgePx;
  const displayJpeg = await encodeJpeg(
    sharp(input, inputOptions(opts))
      .timeout({ seconds })
      .resize({ width: display, height: display, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' }),
    opts,
  );

  const thumb = opts.thumbLongEdgePx;
  const thumbJpeg = await encodeJpeg(
    sharp(displayJpeg.bytes).resize({
      width: thumb,
      height: thumb,
      fit: 'inside',
      withoutEnlargement: true,
    }),
    opts,
  );
  return [displayJpeg, thumbJpeg];
}

async function encodeJpeg(image: Sharp, opts: PhotoOptions): Promise<Derivative> {
  // mozjpeg's trellis quantisation makes encoding several times slower for a few % of bytes.
  const { data, info } = await image
    .toColourspace('srgb')
    .jpeg({ quality: opts.jpegQuality, mozjpeg: false, chromaSubsampling: '4:2:0' })
    .toBuffer({ resolveWithObject: true });
  return {
    bytes: data,
    hash: createHash('sha256').update(data).digest('hex'),
    width: info.width,
    height: info.height,
    contentType: 'image/jpeg',
  };
}
