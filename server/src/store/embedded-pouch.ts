import { readdir } from 'node:fs/promises';
import path from 'node:path';
import PouchDB from 'pouchdb-core';
import leveldb from 'pouchdb-adapter-leveldb';
import mapreduce from 'pouchdb-mapreduce';
import type { Logger } from 'pino';
import { OpenDatabases } from './open-databases.ts';

// Not pouchdb-replication: it defines a property that cannot be defined twice, and tests and
// tools in the same process plug it into this same pouchdb-core for their own clients.
const PluggedPouch = PouchDB.plugin(leveldb).plugin(mapreduce);

export interface EmbeddedPouch {
  /** The constructor express-pouchdb is given; every database it opens is a file set in `dir`. */
  PouchDB: PouchDB.Static;
  /** The databases express-pouchdb holds open, closed least recently used first. */
  openDatabases: OpenDatabases<PouchDB.Database>;
  /** Instances kept for closeAll: the cached ones and a few short-lived ones, never more. */
  trackedInstances(): number;
  /** Closes every database opened through `PouchDB`, releasing the LevelDB locks. */
  closeAll(): Promise<void>;
}

export interface EmbeddedPouchOptions {
  /** Databases kept open once no request uses them (EMBEDDED_MAX_OPEN_DBS). */
  maxOpenDbs: number;
  log: Logger;
}

type PouchConstructor = new (name?: string, options?: object) => PouchDB.Database;

/**
 * A PouchDB constructor bound to one folder, which remembers what it opened so that a store can
 * be closed and opened again in the same process (tests restart servers on the same folder).
 *
 * The database list comes from the folder itself instead of pouchdb-all-dbs: that plugin listens
 * to PouchDB's process-wide "created" event, so two stores in one process would see each other's
 * databases.
 */
export function createEmbeddedPouch(dir: string, options: EmbeddedPouchOptions): EmbeddedPouch {
  const prefix = dir + path.sep;
  const WithDefaults = PluggedPouch.defaults({
    prefix,
    adapter: REOPENING_ADAPTER,
  }) as unknown as PouchConstructor;
  // Every instance not yet closed or destroyed: the cached ones, and a few short-lived ones
  // (PouchDB.destroy makes one, views make their own).
  const instances = new Set<PouchDB.Database>();
  const evictions = new Set<Promise<void>>();

  const openDatabases = new OpenDatabases<PouchDB.Database>({
    maxOpen: options.maxOpenDbs,
    log: options.log,
    close(_name, db) {
      // A database's view indexes are databases of their own, which its close leaves open.
      const viewPrefix = `${db.name}-mrview-`;
      for (const view of instances) if (view.name.startsWith(viewPrefix)) closeInBackground(view);
      closeInBackground(db);
    },
  });

  function closeInBackground(db: PouchDB.Database): void {
    const closed = closeEvicted(prefix + db.name, db, options.log);
    evictions.add(closed);
    void closed.finally(() => evictions.delete(closed));
  }

  class TrackedPouch extends WithDefaults {
    constructor(name?: string, options?: object) {
      super(name, options);
      track(this as unknown as PouchDB.Database, instances);
    }

    /**
     * express-pouchdb creates a database (PUT /<db>) through this. Going through the cache keeps
     * one instance per name: instances of a name share one LevelDB handle, and one left outside
     * the cache would hold its files open for good.
     */
    static new(name: string): PouchDB.Database {
      const cached = openDatabases.get(name);
      if (cached) return cached;
      const db = new TrackedPouch(name) as unknown as PouchDB.Database;
      openDatabases.set(name, db);
      return db;
    }

    /** express-pouchdb calls this with a callback, PouchDB plugins without. */
    static allDbs(callback?: (err: Error | null, dbs?: string[]) => void): Promise<string[]> {
      const listed = listDatabaseFolders(dir);
      if (callback)
        listed.then(
          (dbs) => callback(null, dbs),
          (err: Error) => callback(err),
        );
      return listed;
    }
  }
  // express-pouchdb keeps its cache on the constructor and creates a plain Map when none is there.
  Object.assign(TrackedPouch, { __dbCacheMap: openDatabases });

  return {
    PouchDB: TrackedPouch as unknown as PouchDB.Static,
    openDatabases,
    trackedInstances: () => instances.size,
    async closeAll() {
      openDatabases.clear();
      const dbs = [...instances];
      instances.clear();
      // Instances of one database share a LevelDB handle; closing the second one reports
      // "not open", which is the state we want.
      await Promise.all(dbs.map((db) => db.close().catch(() => undefined)));
      await Promise.all(evictions);
    },
  };
}

/** Keeps `db` in `instances` until it is closed or destroyed. */
function track(db: PouchDB.Database, instances: Set<PouchDB.Database>): void {
  instances.add(db);
  const forget = () => instances.delete(db);
  db.once('closed', forget);
  db.once('destroyed', forget);
}

async function listDatabaseFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => !name.includes('-mrview-') && !name.startsWith('pouch__'));
}

// -- Reopening a database that is being closed --------------------------------------------------

/**
 * Closes of evicted databases still running, by folder. pouchdb-adapter-leveldb shares one open
 * LevelDB per folder between instances and forgets it only once its close has finished, so an
 * instance created during a close would be handed the handle being closed, and every request
 * on it would fail.
 */
const closing = new Map<string, Promise<void>>();

type AdapterInit = (this: unknown, opts: { name: string }, callback: (err?: Error) => void) => void;
type Adapter = AdapterInit & { valid(): boolean; use_prefix?: boolean };
type AdapterRegistry = {
  adapters: Record<string, Adapter>;
  adapter(name: string, adapter: Adapter): void;
};

const LEVELDB_ADAPTER = 'leveldb';
const REOPENING_ADAPTER = 'leveldb-reopening';

/** The LevelDB adapter, waiting for a close of the same folder to finish before it opens. */
function registerReopeningAdapter(): void {
  const registry = PluggedPouch as unknown as AdapterRegistry;
  const level = registry.adapters[LEVELDB_ADAPTER];
  if (!level) throw new Error('pouchdb-adapter-leveldb did not register itself');
  const reopening: Adapter = Object.assign(
    function (this: unknown, opts: { name: string }, callback: (err?: Error) => void) {
      const pending = closing.get(opts.name);
      if (!pending) {
        level.call(this, opts, callback);
        return;
      }
      void pending.then(() => level.call(this, opts, callback));
    },
    { valid: () => true, use_prefix: level.use_prefix },
  );
  registry.adapter(REOPENING_ADAPTER, reopening);
}

registerReopeningAdapter();

/** Closes an instance that left the cache; a failure only means its files stay open. */
async function closeEvicted(folder: string, db: PouchDB.Database, log: Logger): Promise<void> {
  const previous = closing.get(folder) ?? Promise.resolve();
  const closed = previous
    .then(() => db.close())
    .catch((err: unknown) => log.warn({ err, db: db.name }, 'closing an idle database failed'));
  closing.set(folder, closed);
  await closed;
  if (closing.get(folder) === closed) closing.delete(folder);
}
