import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

export interface OpenDatabasesOptions<Db> {
  /** Databases kept open once no request uses them; Apache CouchDB's max_dbs_open. */
  maxOpen: number;
  /** Releases a database's files; called once it has left the cache. */
  close(name: string, db: Db): void;
  log: Logger;
}

/**
 * The databases the embedded store holds open, at most `maxOpen` of them unless more are in use.
 *
 * express-pouchdb caches every database it opens in `PouchDB.__dbCacheMap`, a Map it never
 * empties, and calls only get, set and delete on it (lib/create-or-delete-dbs.js). This object
 * stands in for that Map: past `maxOpen` it closes the least recently used databases, and the
 * next request for one of them finds it missing and opens it again.
 *
 * A database with a request in flight is never closed (see `holdDatabasesInUse`). A longpoll
 * `_changes` waiting on a closed database would never hear of later writes: its listener sits
 * on the closed instance, and nothing ends the response. So while more databases are in use
 * than `maxOpen`, all of them stay open and the limit is exceeded; a warning says so.
 */
export class OpenDatabases<Db> {
  // A Map iterates in insertion order; moving an entry to the end on each use keeps the least
  // recently used one first.
  private readonly dbs = new Map<string, Db>();
  private readonly requestsInFlight = new Map<string, number>();
  private overLimit = false;

  constructor(private readonly options: OpenDatabasesOptions<Db>) {}

  get size(): number {
    return this.dbs.size;
  }

  has(name: string): boolean {
    return this.dbs.has(name);
  }

  get(name: string): Db | undefined {
    const db = this.dbs.get(name);
    if (db !== undefined) {
      this.dbs.delete(name);
      this.dbs.set(name, db);
    }
    return db;
  }

  set(name: string, db: Db): this {
    this.dbs.delete(name);
    this.dbs.set(name, db);
    this.closeIdle(name);
    return this;
  }

  delete(name: string): boolean {
    return this.dbs.delete(name);
  }

  /** Open databases, least recently used first. */
  names(): string[] {
    return [...this.dbs.keys()];
  }

  /** Empties the cache without closing anything: for the store's own shutdown. */
  clear(): Db[] {
    const dbs = [...this.dbs.values()];
    this.dbs.clear();
    return dbs;
  }

  /** Marks `name` as used by a request until the returned function is called. */
  hold(name: string): () => void {
    this.requestsInFlight.set(name, (this.requestsInFlight.get(name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.requestsInFlight.get(name) ?? 1) - 1;
      if (left > 0) this.requestsInFlight.set(name, left);
      else this.requestsInFlight.delete(name);
      // A limit exceeded while everything was in use comes back down as requests end.
      this.closeIdle();
    };
  }

  /** Closes idle databases, least recently used first, until at most `maxOpen` are open. */
  private closeIdle(keep?: string): void {
    for (const [name, db] of this.dbs) {
      if (this.dbs.size <= this.options.maxOpen) break;
      if (name === keep || this.requestsInFlight.has(name)) continue;
      this.dbs.delete(name);
      this.options.close(name, db);
    }
    this.noteOverLimit();
  }

  private noteOverLimit(): void {
    const over = this.dbs.size > this.options.maxOpen;
    if (over && !this.overLimit) {
      this.options.log.warn(
        { open: this.dbs.size, maxOpen: this.options.maxOpen },
        'more databases in use than EMBEDDED_MAX_OPEN_DBS; all stay open until requests end',
      );
    }
    this.overLimit = over;
  }
}

/**
 * Holds the database a request names (`/<db>/...`) for as long as the request lasts, the
 * response to a longpoll `_changes` included, so that it is not closed under the request.
 *
 * The name is read the way express-pouchdb reads its `:db` route parameter. Paths starting with
 * `_` (`/_all_dbs`, `/_session`) name no database.
 */
export function holdDatabasesInUse<Db>(open: OpenDatabases<Db>): RequestHandler {
  return (req, res, next) => {
    const name = databaseOfPath(req.path);
    if (name !== undefined) {
      const release = open.hold(name);
      // 'close' follows both a finished response and a client that went away.
      res.once('close', release);
    }
    next();
  };
}

function databaseOfPath(path: string): string | undefined {
  const segment = path.split('/')[1] ?? '';
  if (segment === '' || segment.startsWith('_')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
