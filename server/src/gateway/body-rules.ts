import { PlatformError } from '@smt/shared';

/**
 * The shapes of the JSON bodies the replication endpoints read, checked before the store sees
 * them: the embedded store answers 500 (or an HTML error page) to `{"docs": 5}` on `_bulk_get`
 * or `{"doc_ids": 5}` on `_changes`, and drops the connection on a document nested thousands
 * of levels deep. Writes are checked further in write-rules.ts.
 */

/** Deeper than any document of ours (a report is four levels); deep enough for RxDB's `_meta`. */
export const MAX_JSON_DEPTH = 32;

type Json = Record<string, unknown>;

export function checkReadBody(dbPath: string, body: unknown): void {
  checkDepth(body);
  switch (dbPath) {
    case '/_revs_diff':
      return need(
        isObject(body) && Object.values(body).every(isStringArray),
        '_revs_diff needs {"<doc id>": ["<rev>", ...]}',
      );
    case '/_bulk_get':
      return need(
        isObject(body) && Array.isArray(body.docs) && body.docs.every(isBulkGetRequest),
        '_bulk_get needs {"docs": [{"id": "...", "rev": "..."}]}',
      );
    case '/_all_docs':
      return need(
        isObject(body) && (body.keys === undefined || isStringArray(body.keys)),
        '_all_docs needs {"keys": ["<doc id>", ...]}',
      );
    case '/_changes':
      return need(
        isObject(body) &&
          (body.doc_ids === undefined || isStringArray(body.doc_ids)) &&
          (body.selector === undefined || isObject(body.selector)),
        '_changes takes {"doc_ids": [...]} or {"selector": {...}}',
      );
    default:
      // _local checkpoints and documents: an object.
      return need(isObject(body), 'a document is an object');
  }
}

/** Refuses bodies nested deeper than MAX_JSON_DEPTH, without recursing on them. */
export function checkDepth(body: unknown): void {
  const pending: Array<[unknown, number]> = [[body, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) {
      throw new PlatformError('invalid-body', 400, `nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
}

function isBulkGetRequest(item: unknown): boolean {
  return (
    isObject(item) &&
    typeof item.id === 'string' &&
    (item.rev === undefined || typeof item.rev === 'string') &&
    (item.atts_since === undefined || isStringArray(item.atts_since))
  );
}

function need(ok: boolean, detail: string): void {
  if (!ok) throw new PlatformError('invalid-body', 400, detail);
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
