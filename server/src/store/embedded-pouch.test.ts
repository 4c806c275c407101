import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../logger.ts';
import { createEmbeddedPouch, type EmbeddedPouch } from './embedded-pouch.ts';

const MAX_OPEN_DBS = 10;
const OTHER_DBS = 60;
// About 4 files per open LevelDB; a little room for the test runner's own.
const OPEN_FILES_ALLOWED = (MAX_OPEN_DBS + 2) * 4 + 10;

let dir: string;
let pouch: EmbeddedPouch;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smt-pouch-'));
  pouch = createEmbeddedPouch(dir, { maxOpenDbs: MAX_OPEN_DBS, log: logger });
});

afterEach(async () => {
  await pouch.closeAll();
  await rm(dir, { recursive: true, force: true });
});

const openFiles = (): number => readdirSync('/proc/self/fd').length;

/** pouchdb-mapreduce's query, which @types/pouchdb-core does not describe. */
async function viewIds(db: PouchDB.Database, view: string): Promise<string[]> {
  const query = (db as unknown as { query(view: string): Promise<{ rows: Array<{ id: string }> }> })
    .query;
  const { rows } = await query.call(db, view);
  return rows.map((row) => row.id);
}

/** What express-pouchdb does for each request (lib/create-or-delete-dbs.js). */
function open(name: string): PouchDB.Database<{ n?: number }> {
  const cached = pouch.openDatabases.get(name);
  if (cached) return cached;
  const db = new pouch.PouchDB<{ n?: number }>(name);
  pouch.openDatabases.set(name, db);
  return db;
}

describe('embedded PouchDB constructor', () => {
  it('closes evicted databases with their view indexes and forgets their instances', async () => {
    const before = openFiles();
    const viewed = open('viewed');
    await viewed.put({ _id: '_design/d', views: { v: { map: 'function (doc) { emit(doc.n) }' } } });
    await viewed.put({ _id: 'a', n: 1 });
    expect(await viewIds(viewed, 'd/v')).toEqual(['a']);

    for (let i = 0; i < OTHER_DBS; i++) await open(`other-${i}`).info();

    await vi.waitFor(() => expect(openFiles() - before).toBeLessThan(OPEN_FILES_ALLOWED));
    expect(pouch.openDatabases.size).toBe(MAX_OPEN_DBS);
    expect(pouch.trackedInstances()).toBeLessThanOrEqual(MAX_OPEN_DBS);

    const reopened = open('viewed');
    expect(await viewIds(reopened, 'd/v')).toEqual(['a']);
    await pouch.closeAll();
    expect(openFiles()).toBeLessThanOrEqual(before);
  });
});
