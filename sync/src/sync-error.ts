import { isErrorCode, reason, type ErrorCode, type Reason } from '@smt/shared/errors';

/**
 * Every failure the sync layer reports carries a code from shared/errors, so the app shows
 * `reason.message` (or its translation of `code`) instead of a transport error.
 */
export class SyncError extends Error {
  // A plain string name survives RxDB's errorToPlainJson, which is how errors thrown inside
  // our fetch reach error$; toSyncError() finds them again by this name.
  override readonly name = 'SyncError';
  readonly reason: Reason;

  constructor(
    readonly code: ErrorCode,
    readonly options: { httpStatus?: number; detail?: string; cause?: unknown } = {},
  ) {
    super(reason(code, options.detail).message, { cause: options.cause });
    this.reason = reason(code, options.detail);
  }

  get httpStatus(): number | undefined {
    return this.options.httpStatus;
  }

  /** Reads our `{ error, message, detail? }` body, or CouchDB's `{ error, reason }`. */
  static async fromResponse(response: Response): Promise<SyncError> {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const named = [body.code, body.error].find(isErrorCode);
    const detail = typeof body.detail === 'string' ? body.detail : undefined;
    return new SyncError(named ?? codeForStatus(response.status), {
      httpStatus: response.status,
      detail,
    });
  }

  static forStatus(httpStatus: number, cause?: unknown): SyncError {
    return new SyncError(codeForStatus(httpStatus), { httpStatus, cause });
  }

  /** A thrown fetch is a network failure: the server was not reached. */
  static offline(cause: unknown): SyncError {
    return new SyncError('offline', { cause });
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'invalid-body';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 413) return 'body-too-large';
  if (status === 429) return 'too-many-requests';
  if (status >= 500) return 'store-unavailable';
  return 'internal';
}

/**
 * RxDB wraps what our fetch threw into its own errors (RC_PUSH, RC_PULL, RC_STREAM) as plain
 * JSON; this digs the SyncError's code back out so error$ speaks in our codes.
 */
export function toSyncError(err: unknown): SyncError {
  const thrown = findSyncError(err);
  if (thrown) return thrown;
  const found = findPlainSyncError(err, 0);
  if (found) return new SyncError(found, { cause: err });
  const rxCode = (err as { code?: unknown } | null)?.code;
  return new SyncError('internal', {
    detail: typeof rxCode === 'string' ? rxCode : undefined,
    cause: err,
  });
}

const MAX_ERROR_DEPTH = 4;

/** Our own error, thrown by our fetch, possibly wrapped (PouchDB wraps it as `cause`). */
export function findSyncError(err: unknown): SyncError | undefined {
  let current = err;
  for (let depth = 0; depth <= MAX_ERROR_DEPTH && current; depth++) {
    if (current instanceof SyncError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function findPlainSyncError(value: unknown, depth: number): ErrorCode | undefined {
  if (depth > MAX_ERROR_DEPTH || value === null || typeof value !== 'object') return undefined;
  const plain = value as { name?: unknown; code?: unknown; parameters?: unknown };
  if (plain.name === 'SyncError' && isErrorCode(plain.code)) return plain.code;
  const params = (plain.parameters ?? {}) as { errors?: unknown; error?: unknown };
  const inner = [...(Array.isArray(params.errors) ? params.errors : []), params.error];
  for (const candidate of inner) {
    const code = findPlainSyncError(candidate, depth + 1);
    if (code) return code;
  }
  return undefined;
}
