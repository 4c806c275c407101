import type { SyncAlias } from '@smt/shared';

/** What a /sync request may do, once its raw path has been matched against the allow-list. */
export type SyncRoute =
  | { kind: 'welcome' }
  | {
      kind: 'forward';
      alias: SyncAlias;
      /** Path under the database, URL-encoded again, starting with '/'. */
      dbPath: string;
      /** The request carries a JSON body that the gateway reads before forwarding. */
      jsonBody: boolean;
      /** A write of documents, checked against the one-writer rules. */
      write?: { kind: 'bulk-docs' } | { kind: 'put-doc'; docId: string };
    };

const ALIASES: readonly SyncAlias[] = ['main', 'media'];

// Decoded path parts. Ids start with a letter or digit, so no '.', '..' or '_design'. PouchDB's
// checkpoint ids are base64 with '.' and '_' for '/' and '+', and '=' padding, so one in 64
// starts with '.' (refusing those left that many phones unable ever to send a photo); only the
// dot segments themselves are refused.
const DOC_ID = /^[A-Za-z0-9][A-Za-z0-9_.~=-]{0,199}$/;
const LOCAL_ID = /^(?!\.\.?$)[A-Za-z0-9_.][A-Za-z0-9_.~=+-]{0,199}$/;
const ATTACHMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const CHANGES_FILTERS = new Set(['_doc_ids', '_selector']);

/**
 * Matches the replication endpoints RxDB and PouchDB use (see STACK-NOTES) and nothing else.
 * `rawPath` is the path after /sync exactly as it arrived, still percent-encoded, so that an
 * encoded slash (`_design%2Fx`) or dot segment cannot reach a different endpoint upstream.
 * Anything unmatched is undefined: the caller answers 404 without saying whether it exists.
 */
export function matchSyncRoute(
  method: string,
  rawPath: string,
  query: URLSearchParams,
): SyncRoute | undefined {
  const read = method === 'GET' || method === 'HEAD';
  if (rawPath === '' || rawPath === '/') return read ? { kind: 'welcome' } : undefined;

  const parts = decodeParts(rawPath);
  if (!parts) return undefined;
  const [aliasPart, ...rest] = parts;
  const alias = ALIASES.find((a) => a === aliasPart);
  if (!alias) return undefined;
  const forward = (dbPath: string, jsonBody = false) =>
    ({ kind: 'forward', alias, dbPath, jsonBody }) as const;

  // The database itself: '/main' or '/main/'.
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) {
    return read ? forward('/') : undefined;
  }
  const [first = '', second, ...more] = rest;
  if (more.length > 0) return undefined;

  if (second !== undefined) {
    if (first === '_local' && LOCAL_ID.test(second)) {
      const dbPath = `/_local/${encodeURIComponent(second)}`;
      if (read) return forward(dbPath);
      return method === 'PUT' ? forward(dbPath, true) : undefined;
    }
    if (read && DOC_ID.test(first) && ATTACHMENT_NAME.test(second)) {
      return forward(`/${encodeURIComponent(first)}/${encodeURIComponent(second)}`);
    }
    return undefined;
  }

  switch (`${method} ${first}`) {
    case 'POST _revs_diff':
    case 'POST _bulk_get':
    case 'POST _all_docs':
      return forward(`/${first}`, true);
    case 'GET _all_docs':
    case 'HEAD _all_docs':
      return forward(`/${first}`);
    case 'GET _changes':
    case 'HEAD _changes':
    case 'POST _changes':
      return changesFilterAllowed(query) ? forward('/_changes', method === 'POST') : undefined;
    case 'POST _bulk_docs':
      return { ...forward('/_bulk_docs', true), write: { kind: 'bulk-docs' } };
  }

  if (!DOC_ID.test(first)) return undefined;
  const dbPath = `/${encodeURIComponent(first)}`;
  if (read) return forward(dbPath);
  if (method === 'PUT')
    return { ...forward(dbPath, true), write: { kind: 'put-doc', docId: first } };
  return undefined;
}

function decodeParts(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let part: string;
    try {
      part = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (part.includes('/') || part.includes('\\')) return undefined;
    parts.push(part);
  }
  return parts;
}

/** Design-document filters could run code; only the built-in ones are let through. */
function changesFilterAllowed(query: URLSearchParams): boolean {
  const filters = query.getAll('filter');
  return filters.every((filter) => CHANGES_FILTERS.has(filter));
}
