import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

const MIB = 1024 * 1024;
const MIN_SECRET_CHARS = 32;
const MIN_STORE_PASSWORD_CHARS = 16;
const MIN_DEMO_PASSWORD_CHARS = 8;
// The server's own databases (accounts, cases, ...) are in use all the time; fewer thrashes.
const MIN_OPEN_DBS = 10;
const MAX_OPEN_DBS = 100_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * What becomes of a citizen's original photo once the photo worker has made its derivatives:
 * `remove` deletes the attachment from the media outbox (and compacts it away), `keep` leaves it.
 */
export const PHOTO_ORIGINALS_RETENTIONS = ['keep', 'remove'] as const;
export type PhotoOriginalsRetention = (typeof PHOTO_ORIGINALS_RETENTIONS)[number];

/** Environment values arrive as strings; an empty one (`FOO=`) means "not set". */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

const text = (fallback: string) => z.preprocess(unsetIfEmpty, z.string().default(fallback));

const couchUrl = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .refine((value) => URL.canParse(value), 'must be a URL such as http://admin:pw@host:5984')
    // zod runs every refinement even after one fails: the later ones must not throw on a non-URL.
    .refine(
      (value) => !URL.canParse(value) || /^https?:$/.test(new URL(value).protocol),
      'must start with http(s)://',
    )
    .refine((value) => {
      if (!URL.canParse(value)) return true;
      const url = new URL(value);
      return url.username !== '' && url.password !== '';
    }, 'must carry the admin user and password (http://user:password@host:5984)')
    .optional(),
);

/** Express's "trust proxy": false, true, a hop count, or addresses/subnets separated by commas. */
const trustProxy = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .default('false')
    .transform((value): boolean | number | string => {
      if (value === 'true' || value === 'false') return value === 'true';
      return /^\d+$/.test(value) ? Number(value) : value;
    }),
);

const ENV_SCHEMA = z.object({
  PORT: integer(0, 65_535, 8080),
  HOST: text('0.0.0.0'),
  DATA_DIR: text('./data'),
  COUCHDB_URL: couchUrl,
  EMBEDDED_STORE_PORT: integer(0, 65_535, 0),
  // Databases the embedded store keeps open while idle. Each holds about 4 files: the default's
  // 800 or so fit under a 1,024 open-file limit, with some room left for sockets.
  EMBEDDED_MAX_OPEN_DBS: integer(MIN_OPEN_DBS, MAX_OPEN_DBS, 200),
  EMBEDDED_STORE_PASSWORD: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .min(MIN_STORE_PASSWORD_CHARS, `must be at least ${MIN_STORE_PASSWORD_CHARS} characters`)
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  ACCESS_TOKEN_TTL_S: integer(1, 86_400, 900),
  REFRESH_TOKEN_TTL_DAYS: integer(1, 3_650, 90),
  TOKEN_SECRET: z.preprocess(
    unsetIfEmpty,
    z.string().min(MIN_SECRET_CHARS, `must be at least ${MIN_SECRET_CHARS} characters`).optional(),
  ),
  SMS_CODE_TTL_S: integer(1, 3_600, 300),
  SMS_RESEND_INTERVAL_S: integer(0, 3_600, 60),
  MAX_SYNC_BODY_BYTES: integer(1_024, 1_024 * MIB, 1 * MIB),
  MAX_MEDIA_SYNC_BODY_BYTES: integer(1_024, 1_024 * MIB, 8 * MIB),
  WEB_DIR: text('mobile/dist'),
  TRUST_PROXY: trustProxy,
  DEMO_STAFF: z.preprocess(
    unsetIfEmpty,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  ),
  DEMO_STAFF_PASSWORD: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .min(MIN_DEMO_PASSWORD_CHARS, `must be at least ${MIN_DEMO_PASSWORD_CHARS} characters`)
      .optional(),
  ),
  SMS_ECHO_TO_LOG: z.preprocess(
    unsetIfEmpty,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  OVERDUE_SWEEP_INTERVAL_S: integer(1, 86_400, 60),
  // Workers read a database when the gateway sees it written; this sweep of every database
  // only catches a write nobody signalled. Each sweep reopens databases the store had closed.
  WORKER_SWEEP_INTERVAL_S: integer(1, 86_400, 600),
  // Default remove: the original still holds the GPS position, serial number and owner that no
  // derivative keeps, and the derivatives are what staff work from.
  PHOTO_ORIGINALS_RETENTION: z.preprocess(
    unsetIfEmpty,
    z
      .enum(PHOTO_ORIGINALS_RETENTIONS, {
        error: `must be one of ${PHOTO_ORIGINALS_RETENTIONS.join(', ')}`,
      })
      .default('remove'),
  ),
  // Photos processed at once; each takes one core and about 70 MB while it runs.
  PHOTO_CONCURRENCY: integer(1, 16, 2),
  // Width x height a photo may declare, checked from its header before decoding. The default
  // takes a 48-megapixel phone photo twice over; sharp's own default is 268 megapixels.
  PHOTO_MAX_INPUT_PIXELS: integer(1_000_000, 268_402_689, 100_000_000),
});

export interface Config {
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  /** Apache CouchDB with admin credentials; unset means the embedded store. */
  couchdbUrl: string | undefined;
  embeddedStorePort: number;
  /**
   * Databases the embedded store keeps open once no request uses them; the least recently used
   * beyond this are closed and reopened on their next request.
   */
  embeddedMaxOpenDbs: number;
  /** Given, or made up for this start; only the server itself talks to the embedded store. */
  embeddedStorePassword: string;
  logLevel: (typeof LOG_LEVELS)[number];
  accessTokenTtlS: number;
  refreshTokenTtlDays: number;
  /** Unset: generated once and kept in the store's `server-config` database. */
  tokenSecret: string | undefined;
  smsCodeTtlS: number;
  smsResendIntervalS: number;
  /**
   * Trying the platform out without an SMS gateway: the outbox provider also logs each message's
   * text, sign-in codes included. Never in production: the log then holds working codes.
   */
  smsEchoToLog: boolean;
  /** Largest request body /sync/main accepts (reports are small). */
  maxSyncBodyBytes: number;
  /** Largest request body /sync/media accepts (photos ride inline as base64). */
  maxMediaSyncBodyBytes: number;
  /** Absolute; served with a single-page-app fallback when it exists. */
  webDir: string;
  trustProxy: boolean | number | string;
  /** On a data folder without staff, create the demo staff accounts and log how to sign in. */
  demoStaff: boolean;
  /** The demo accounts' password; unset: one is made up and logged when they are created. */
  demoStaffPassword: string | undefined;
  /** How often the workflow worker looks for cases that ran past their stage's time limit. */
  overdueSweepIntervalS: number;
  workerSweepIntervalS: number;
  /** Whether a citizen's original photo stays in their media outbox after processing. */
  photoOriginalsRetention: PhotoOriginalsRetention;
  /** Photos the photo worker processes at once. */
  photoConcurrency: number;
  /** sharp's pixel limit for every photo, also checked from the header before decoding. */
  photoMaxInputPixels: number;
}

/** Thrown by loadConfig; `problems` has one line per bad value, naming the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    // Values are not echoed: some of them are secrets.
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(problems);
  }
  const v = parsed.data;

  return {
    port: v.PORT,
    host: v.HOST,
    dataDir: path.resolve(v.DATA_DIR),
    couchdbUrl: v.COUCHDB_URL,
    embeddedStorePort: v.EMBEDDED_STORE_PORT,
    embeddedMaxOpenDbs: v.EMBEDDED_MAX_OPEN_DBS,
    embeddedStorePassword: v.EMBEDDED_STORE_PASSWORD ?? randomBytes(24).toString('base64url'),
    logLevel: v.LOG_LEVEL,
    accessTokenTtlS: v.ACCESS_TOKEN_TTL_S,
    refreshTokenTtlDays: v.REFRESH_TOKEN_TTL_DAYS,
    tokenSecret: v.TOKEN_SECRET,
    smsCodeTtlS: v.SMS_CODE_TTL_S,
    smsResendIntervalS: v.SMS_RESEND_INTERVAL_S,
    smsEchoToLog: v.SMS_ECHO_TO_LOG === 'true',
    maxSyncBodyBytes: v.MAX_SYNC_BODY_BYTES,
    maxMediaSyncBodyBytes: v.MAX_MEDIA_SYNC_BODY_BYTES,
    webDir: path.resolve(v.WEB_DIR),
    trustProxy: v.TRUST_PROXY,
    demoStaff: v.DEMO_STAFF === 'true',
    demoStaffPassword: v.DEMO_STAFF_PASSWORD,
    overdueSweepIntervalS: v.OVERDUE_SWEEP_INTERVAL_S,
    workerSweepIntervalS: v.WORKER_SWEEP_INTERVAL_S,
    photoOriginalsRetention: v.PHOTO_ORIGINALS_RETENTION,
    photoConcurrency: v.PHOTO_CONCURRENCY,
    photoMaxInputPixels: v.PHOTO_MAX_INPUT_PIXELS,
  };
}
