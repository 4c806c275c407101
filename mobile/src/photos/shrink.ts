import type { ErrorCode } from '@smt/shared/errors';
import { photoTargetFrom, type ShrinkTarget } from './photo-config.ts';

export type { ShrinkTarget } from './photo-config.ts';

/**
 * Shrinks a photo on the phone before it is queued, so that a cheap phone on a slow link sends
 * hundreds of kilobytes rather than several megabytes. The camera's orientation is applied to
 * the pixels, and the re-encoded JPEG carries no metadata (the photo's GPS tags included).
 *
 * A photo that cannot be decoded here is refused with a reason and never queued: the server
 * could not read it either, and the citizen is still standing in front of the problem.
 */
export const START_JPEG_QUALITY = 0.8;
export const MIN_JPEG_QUALITY = 0.5;
const JPEG_QUALITY_STEP = 0.1;
/** When even the lowest quality is over budget, the long edge shrinks by this factor. */
const LONG_EDGE_STEP = 0.8;
const MIN_LONG_EDGE_PX = 480;
/** Larger inputs are not a phone photo; decoding them could exhaust a cheap phone's memory. */
export const MAX_INPUT_BYTES = 40 * 1024 * 1024;
export const MAX_INPUT_PIXELS = 60_000_000;

export class PhotoRefusedError extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
    this.name = 'PhotoRefusedError';
  }
}

export interface ShrunkPhoto {
  blob: Blob;
  width: number;
  height: number;
}

/** The size that fits `longEdge` keeping the aspect ratio; never enlarges. */
export function fitWithin(
  width: number,
  height: number,
  longEdge: number,
): { width: number; height: number } {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** The JPEG qualities tried in turn, best first. */
export function qualitySteps(): number[] {
  const steps: number[] = [];
  for (let q = START_JPEG_QUALITY; q >= MIN_JPEG_QUALITY - 1e-9; q -= JPEG_QUALITY_STEP) {
    steps.push(Math.round(q * 100) / 100);
  }
  return steps;
}

function looksLikeHeic(input: Blob): boolean {
  const name = input instanceof File ? input.name.toLowerCase() : '';
  return /heic|heif/.test(input.type) || name.endsWith('.heic') || name.endsWith('.heif');
}

async function decodeWithImageElement(input: Blob): Promise<ImageBitmap> {
  const url = URL.createObjectURL(input);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    // An <img> honours EXIF orientation by default (CSS image-orientation: from-image).
    return await createImageBitmap(img);
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function decode(input: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(input, { imageOrientation: 'from-image' });
  } catch {
    try {
      // Older WebViews reject the options bag but decode through an <img>.
      return await decodeWithImageElement(input);
    } catch {
      throw new PhotoRefusedError(
        looksLikeHeic(input) ? 'photo-heic-unsupported' : 'photo-unreadable',
      );
    }
  }
}

type Canvas2D = {
  canvas: OffscreenCanvas | HTMLCanvasElement;
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
};

function makeCanvas(width: number, height: number): Canvas2D {
  const canvas =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d') as Canvas2D['ctx'] | null;
  if (!ctx) throw new PhotoRefusedError('photo-unreadable');
  return { canvas, ctx };
}

async function encodeJpeg(canvas: Canvas2D['canvas'], quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new PhotoRefusedError('photo-unreadable'))),
      'image/jpeg',
      quality,
    ),
  );
}

/** What is queued and sent: the build's configuration (see photo-config.ts). */
export const PHOTO_TARGET: ShrinkTarget = photoTargetFrom(import.meta.env);
/** What the history keeps on the phone to show offline, whatever the outbox does. */
export const THUMBNAIL_TARGET: ShrinkTarget = { longEdgePx: 480, maxBytes: 60 * 1024 };

export async function shrinkPhoto(input: Blob, target = PHOTO_TARGET): Promise<ShrunkPhoto> {
  if (input.size === 0) throw new PhotoRefusedError('photo-empty');
  if (input.size > MAX_INPUT_BYTES) throw new PhotoRefusedError('photo-too-large');

  const bitmap = await decode(input);
  try {
    if (bitmap.width * bitmap.height > MAX_INPUT_PIXELS) {
      throw new PhotoRefusedError('photo-too-many-pixels');
    }
    const minEdge = Math.min(MIN_LONG_EDGE_PX, target.longEdgePx);
    for (let edge = target.longEdgePx; edge >= minEdge; edge = Math.round(edge * LONG_EDGE_STEP)) {
      const { width, height } = fitWithin(bitmap.width, bitmap.height, edge);
      const { canvas, ctx } = makeCanvas(width, height);
      // JPEG has no transparency; without a background a transparent PNG turns black.
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(bitmap, 0, 0, width, height);
      for (const quality of qualitySteps()) {
        const blob = await encodeJpeg(canvas, quality);
        if (blob.size <= target.maxBytes) return { blob, width, height };
      }
    }
    throw new PhotoRefusedError('photo-too-large');
  } finally {
    bitmap.close();
  }
}
