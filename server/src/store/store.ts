import nano from 'nano';

/**
 * The CouchDB-protocol store behind everything: Apache CouchDB when COUCHDB_URL is set, else the
 * embedded express-pouchdb server. Both are reached over HTTP with admin credentials, so nano,
 * the gateway and the workers do not know which one they talk to.
 */
export interface Store {
  kind: 'embedded' | 'couchdb';
  /** Base URL with admin credentials, no trailing slash; nano and the gateway use it. */
  url: string;
  couch: nano.ServerScope;
  /** Creates the database unless it exists; idempotent, remembered after the first success. */
  ensureDb(name: string): Promise<void>;
  /** Names of the databases that start with `prefix` ('' for all), sorted. */
  listDbs(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The parts both kinds share, built on nano once the server answers at `url`. */
export function storeOverHttp(kind: Store['kind'], url: string, close: () => Promise<void>): Store {
  // parseUrl false: a CouchDB behind a path (/couch) must not be taken for a database name.
  const options: nano.Configuration & { parseUrl: boolean } = { url, parseUrl: false };
  const couch = nano(options);
  const ensured = new Map<string, Promise<void>>();

  async function create(name: string): Promise<void> {
    try {
      await couch.db.create(name);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 412) throw err;
    }
  }

  return {
    kind,
    url,
    couch,
    ensureDb(name) {
      let pending = ensured.get(name);
      if (!pending) {
        pending = create(name);
        ensured.set(name, pending);
        // A failure is not remembered, so the next caller tries again.
        pending.catch(() => ensured.delete(name));
      }
      return pending;
    },
    async listDbs(prefix) {
      // CouchDB narrows by key range; the embedded store ignores the range and is filtered here.
      const qs = prefix === '' ? {} : { start_key: prefix, end_key: `${prefix}\ufff0` };
      const names = (await couch.request({ path: '_all_dbs', qs })) as string[];
      return names.filter((name) => name.startsWith(prefix)).sort();
    },
    close,
  };
}
