import { isDeepStrictEqual } from 'node:util';
import type nano from 'nano';
import type { RxStorage } from 'rxdb';
import type { Observable } from 'rxjs';
import type { PouchSetup, SyncError } from '@smt/sync';
import type { Counters, WorkerSettings } from './protocol.ts';

/** What every simulated device of one process shares. */
export interface SimContext {
  settings: WorkerSettings;
  /** One RxDB memory storage per process: a device's data outlives its closing, as on a phone. */
  storage: RxStorage<unknown, unknown>;
  pouch: PouchSetup;
  store: nano.ServerScope;
  counters: Counters;
  random: () => number;
  jpegs: Uint8Array[];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Counts the errors a device reports while it settles, so a device that did not settle says
 * what it kept running into.
 */
export function tallyErrors(errors: Observable<SyncError>): { summary(): string } {
  const seen = new Map<string, number>();
  const subscription = errors.subscribe((err) => {
    const key = `${err.code}${err.httpStatus ? ` ${err.httpStatus}` : ''}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  });
  return {
    summary() {
      subscription.unsubscribe();
      return seen.size === 0
        ? 'no errors'
        : [...seen].map(([key, count]) => `${key} ×${count}`).join(', ');
    },
  };
}

/** Resolves true if `promise` settles in time, false if not; a rejection is thrown. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A small deterministic generator, so that a run can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Doc = { _id: string } & Record<string, unknown>;

/** CouchDB's and RxDB's bookkeeping fields; neither is part of what the device shows. */
function content(doc: Doc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
}

export interface Comparison {
  missing: string[];
  stale: string[];
  unsent: string[];
}

/** The device's documents against the server's, by id and content. */
export function compareDocs(server: Doc[], device: Doc[]): Comparison {
  const onDevice = new Map(device.map((doc) => [doc._id, doc]));
  const onServer = new Set(server.map((doc) => doc._id));
  const result: Comparison = { missing: [], stale: [], unsent: [] };
  for (const doc of server) {
    const local = onDevice.get(doc._id);
    if (!local) result.missing.push(doc._id);
    else if (!isDeepStrictEqual(content(local), content(doc))) result.stale.push(doc._id);
  }
  for (const doc of device) if (!onServer.has(doc._id)) result.unsent.push(doc._id);
  return result;
}

export const inSync = (c: Comparison) =>
  c.missing.length === 0 && c.stale.length === 0 && c.unsent.length === 0;

/** Every live document of a database on the server. */
export async function serverDocs(store: nano.ServerScope, dbName: string): Promise<Doc[]> {
  const { rows } = await store.use<Doc>(dbName).list({ include_docs: true });
  return rows.map((row) => row.doc as Doc).filter((doc) => !doc._id.startsWith('_design/'));
}
