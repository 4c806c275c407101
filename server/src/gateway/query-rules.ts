/**
 * The query parameters the replication endpoints may carry, and the shape of each value.
 *
 * The embedded store trusts its query: `limit=abc`, `since=-1`, `style=x` or `include_docs=maybe`
 * leave the request hanging for good, and a bad `open_revs` answers 500. So the gateway passes on
 * only the parameters RxDB's and PouchDB's replication send (see STACK-NOTES), each checked, and
 * refuses anything else with a reason instead of letting the store decide.
 */
type Check = (value: string) => boolean;

const isBool: Check = (v) => v === 'true' || v === 'false';
const isCount: Check = (v) => /^\d{1,10}$/.test(v);
// CouchDB sequences are opaque ("12-g1AAAA…"); the embedded store's are whole numbers.
const isSeq: Check = (v) => v === 'now' || /^\d{1,20}(-[A-Za-z0-9_-]{1,4000})?$/.test(v);
const isRev: Check = (v) => /^\d{1,10}-[A-Za-z0-9]{1,64}$/.test(v);
const oneOf =
  (...allowed: string[]): Check =>
  (v) =>
    allowed.includes(v);
const isJson: Check = (v) => parseJson(v) !== INVALID;
const isJsonArray: Check = (v) => Array.isArray(parseJson(v));
const isStringArray: Check = (v) => {
  const parsed = parseJson(v);
  return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string');
};

const CHECKS: Record<string, Check> = {
  include_docs: isBool,
  conflicts: isBool,
  descending: isBool,
  attachments: isBool,
  att_encoding_info: isBool,
  revs: isBool,
  revs_info: isBool,
  latest: isBool,
  inclusive_end: isBool,
  update_seq: isBool,
  binary: isBool,
  limit: isCount,
  skip: isCount,
  timeout: isCount,
  seq_interval: isCount,
  heartbeat: (v) => v === 'true' || isCount(v),
  // PouchDB's cache-busting stamp.
  _nonce: (v) => /^\d{1,20}$/.test(v),
  since: isSeq,
  rev: isRev,
  style: oneOf('main_only', 'all_docs'),
  feed: oneOf('normal', 'longpoll'),
  // Built-in filters only: a design-document filter could run code (paths.ts refuses them too).
  filter: oneOf('_doc_ids', '_selector'),
  doc_ids: isStringArray,
  keys: isJsonArray,
  key: isJson,
  startkey: isJson,
  endkey: isJson,
  start_key: isJson,
  end_key: isJson,
  atts_since: isStringArray,
  open_revs: (v) => v === 'all' || isStringArray(v),
};

/** What is wrong with the query, naming the parameter (never echoing its value), if anything. */
export function queryProblem(query: URLSearchParams): string | undefined {
  for (const [name, value] of query) {
    const check = CHECKS[name];
    if (!check) return `query parameter ${name.slice(0, 40)} is not allowed`;
    if (!check(value)) return `query parameter ${name} is not well formed`;
  }
  return undefined;
}

const INVALID = Symbol('invalid');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}
