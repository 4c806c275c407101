import type { ErrorCode } from '@smt/shared/errors';

/**
 * libvips reports failures as text only, so the text is matched here, in one place. The
 * patterns were taken from sharp 0.35 / libvips 8.18 and the libjpeg, libpng, libwebp and
 * libheif messages it passes on; a message nobody matched falls back to the caller's code,
 * which is always a refusal, never a success.
 */
const PATTERNS: ReadonlyArray<[RegExp, ErrorCode]> = [
  [/exceeds pixel limit/i, 'photo-too-many-pixels'],
  [/timeout/i, 'photo-timeout'],
  [
    /premature end|truncated|unexpected end|not enough data|read error|end of file/i,
    'photo-truncated',
  ],
  [
    /unsupported image format|unsupported codec|no decoder|not supported/i,
    'photo-unsupported-format',
  ],
];

export function failureCode(err: unknown, fallback: ErrorCode): ErrorCode {
  const message = err instanceof Error ? err.message : String(err);
  const match = PATTERNS.find(([pattern]) => pattern.test(message));
  return match ? match[1] : fallback;
}
