/**
 * How far the phone shrinks a photo before it is queued, from the build-time settings
 * VITE_PHOTO_LONG_EDGE_PX and VITE_PHOTO_MAX_BYTES. The server makes its own 1600 px display
 * size from whatever arrives, so a longer edge here only costs the citizen's data plan.
 */
export interface ShrinkTarget {
  longEdgePx: number;
  maxBytes: number;
}

export const DEFAULT_PHOTO_TARGET: Readonly<ShrinkTarget> = Object.freeze({
  longEdgePx: 1600,
  maxBytes: 600 * 1024,
});

// Below these a photo no longer shows the problem; above them it is no longer "shrunk".
const LONG_EDGE_RANGE_PX = [480, 4096] as const;
const MAX_BYTES_RANGE = [50 * 1024, 8 * 1024 * 1024] as const;

export interface PhotoEnv {
  VITE_PHOTO_LONG_EDGE_PX?: string;
  VITE_PHOTO_MAX_BYTES?: string;
}

/** Reads the target from the build's environment; a bad value stops the app, naming it. */
export function photoTargetFrom(env: PhotoEnv): ShrinkTarget {
  return {
    longEdgePx: whole(
      env,
      'VITE_PHOTO_LONG_EDGE_PX',
      DEFAULT_PHOTO_TARGET.longEdgePx,
      LONG_EDGE_RANGE_PX,
    ),
    maxBytes: whole(env, 'VITE_PHOTO_MAX_BYTES', DEFAULT_PHOTO_TARGET.maxBytes, MAX_BYTES_RANGE),
  };
}

function whole(
  env: PhotoEnv,
  name: keyof PhotoEnv,
  fallback: number,
  [min, max]: readonly [number, number],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}: must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}
