import pino, { type Logger } from 'pino';

/**
 * Anything that could carry a phone number, a code, a token or a password is replaced before a
 * line is written, however deep a caller put it (pino's paths match one level per `*`).
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  // Not `code`: error objects carry useful codes (ECONNREFUSED) under that key.
  'smsCode',
  'phone',
  'phoneE164',
  'to',
];

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
];

// Tests stay quiet unless asked otherwise; main.ts sets the configured level at start.
// A level pino does not know would throw here, before the configuration could name it.
const ASKED_LEVEL = process.env.LOG_LEVEL ?? '';
const INITIAL_LEVEL =
  ASKED_LEVEL === 'silent' || Object.hasOwn(pino.levels.values, ASKED_LEVEL)
    ? ASKED_LEVEL
    : process.env.VITEST
      ? 'silent'
      : 'info';

/** The server's logger; tests give a destination to read what would have been written. */
export function createLogger(destination?: pino.DestinationStream): Logger {
  const options = {
    level: INITIAL_LEVEL,
    base: { service: 'smt-server' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger: Logger = createLogger();

/**
 * A logger for one part of the server (`gateway`, `auth`, `intake`...). Call it where the part
 * is created rather than at module load, so it picks up the level set at start.
 */
export function childLogger(subsystem: string): Logger {
  return logger.child({ subsystem });
}

/** Strips `access_token` from a URL before it is logged (used by <img> requests). */
export function loggableUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&#]*/gi, '$1[redacted]');
}
