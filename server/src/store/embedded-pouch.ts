import { readdir } from 'node:fs/promises';
import path from 'node:path';
import PouchDB from 'pouchdb-core';
import leveldb from 'pouchdb-adapter-leveldb';
import mapreduce from 'pouchdb-mapreduce';

// Not pouchdb-replication: it defines a property that cannot be defined twice, and tests and
// tools in the same process plug it into this same pouchdb-core for their own clients.
const PluggedPouch = PouchDB.plugin(leveldb).plugin(mapreduce);

export interface EmbeddedPouch {
  /** The constructor express-pouchdb is given; every database it opens is a file set in `dir`. */
  PouchDB: PouchDB.Static;
  /** Closes every database opened through `PouchDB`, releasing the LevelDB locks. */
  closeAll(): Promise<void>;
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
export function createEmbeddedPouch(dir: string): EmbeddedPouch {
  const WithDefaults = PluggedPouch.defaults({
    prefix: dir + path.sep,
    adapter: 'leveldb',
  }) as unknown as PouchConstructor;
  const opened = new Set<PouchDB.Database>();

  class TrackedPouch extends WithDefaults {
    constructor(name?: string, options?: object) {
      super(name, options);
      opened.add(this as unknown as PouchDB.Database);
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

  return {
    PouchDB: TrackedPouch as unknown as PouchDB.Static,
    async closeAll() {
      const dbs = [...opened];
      opened.clear();
      // Instances of one database share a LevelDB handle; closing the second one reports
      // "not open", which is the state we want.
      await Promise.all(dbs.map((db) => db.close().catch(() => undefined)));
    },
  };
}

async function listDatabaseFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => !name.includes('-mrview-') && !name.startsWith('pouch__'));
}
