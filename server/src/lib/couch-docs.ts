import type nano from 'nano';

/** What CouchDB (and the embedded store) answer when something goes wrong, as nano throws it. */
interface CouchError {
  statusCode?: number;
  code?: string;
  error?: string;
}

export function statusOf(err: unknown): number | undefined {
  return (err as CouchError | null)?.statusCode;
}

export function isNotFound(err: unknown): boolean {
  return statusOf(err) === 404;
}

export function isConflict(err: unknown): boolean {
  return statusOf(err) === 409;
}

/**
 * The store did not answer or answered with a server error: the work must be tried again
 * later, not parked, because nothing is wrong with the document itself.
 */
export function isStoreUnavailable(err: unknown): boolean {
  const { statusCode, code } = (err ?? {}) as CouchError;
  if (statusCode !== undefined) return statusCode >= 500;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET'].includes(
    code ?? '',
  );
}

export async function getOrUndefined<T>(
  db: nano.DocumentScope<T>,
  id: string,
): Promise<(T & nano.DocumentGetResponse) | undefined> {
  try {
    return await db.get(id);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const MAX_UPSERT_ATTEMPTS = 8;

/**
 * Read-modify-write with the revision CouchDB expects. Only one worker writes each document,
 * so a conflict means an earlier attempt of the same worker (or a crash and restart) got there
 * first: re-read and apply again. `change` returns undefined when nothing needs writing.
 */
export async function upsert<T extends object>(
  db: nano.DocumentScope<T>,
  id: string,
  change: (current: (T & { _rev?: string }) | undefined) => T | undefined,
): Promise<{ written: boolean; doc: T | undefined }> {
  for (let attempt = 1; ; attempt++) {
    const current = await getOrUndefined(db, id);
    const next = change(current);
    if (next === undefined) return { written: false, doc: current };
    try {
      await db.insert({ ...next, _id: id, _rev: current?._rev } as T & nano.MaybeDocument);
      return { written: true, doc: next };
    } catch (err) {
      if (!isConflict(err) || attempt >= MAX_UPSERT_ATTEMPTS) throw err;
    }
  }
}

/** Create once; a conflict means it already exists, which is the same outcome. */
export async function createOnce<T extends object>(
  db: nano.DocumentScope<T>,
  doc: T & { _id: string },
): Promise<boolean> {
  try {
    await db.insert(doc as T & nano.MaybeDocument);
    return true;
  } catch (err) {
    if (isConflict(err)) return false;
    throw err;
  }
}

/** Fields CouchDB adds, stripped before two versions of a document are compared. */
export function withoutMeta<T extends object>(doc: T): Omit<T, '_id' | '_rev'> {
  const {
    _id: _ignoredId,
    _rev: _ignoredRev,
    ...rest
  } = doc as T & { _id?: string; _rev?: string };
  return rest;
}

/**
 * An attachment's bytes exactly as stored. nano's `attachment.get` decodes a `text/*` answer
 * into a string, and a device may declare any content type for a photo; the stream is never
 * decoded. A missing attachment rejects with statusCode 404, as `get` does.
 */
export async function readAttachmentBytes<T>(
  db: nano.DocumentScope<T>,
  docId: string,
  name: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of db.attachment.getAsStream(docId, name)) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
