import PouchDB from 'pouchdb-core';
import HttpAdapter from 'pouchdb-adapter-http';
import MemoryAdapter from 'pouchdb-adapter-memory';
import Replication from 'pouchdb-replication';
import { AuthClient, MemoryTokenStore, type FetchFn, type Principal } from '@smt/sync';
import type { TestServer } from '../support/server.ts';

/** What the sync bench's parts share: output, timing, counting requests, reaching the store. */

// Plugged once per process: pouchdb-replication cannot be plugged twice into pouchdb-core, and
// the sync package's photo outbox plugs it into any PouchDB it is handed. So no device with a
// photo outbox is opened in this process (figure 3 opens the device database without one).
const BenchPouch = PouchDB.plugin(HttpAdapter).plugin(MemoryAdapter).plugin(Replication);
export { BenchPouch };

export type PouchFetch = NonNullable<PouchDB.Configuration.RemoteDatabaseConfiguration['fetch']>;

export const out = (line = ''): void => void process.stdout.write(`${line}\n`);
export const fixed = (value: number, digits = 2): string => value.toFixed(digits);
export const verdict = (met: boolean): string => (met ? '[goal met]' : '[goal NOT met]');

export async function timedMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Nearest-rank percentile of the samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank - 1, 0), sorted.length - 1)] ?? NaN;
}

/** What every part of the sync bench works with: the server, a team member, the store. */
export interface BenchEnv {
  server: TestServer;
  /** Requests through `staff.auth` (the gateway) are counted on `staff.counter`. */
  staff: { auth: AuthClient; counter: CountingFetch; principal: Principal };
  /** The store's URL without credentials; `counter.fetch` adds them. */
  store: { base: string; counter: CountingFetch };
}

export interface Measured {
  ms: number;
  requests: number;
}

/** A fetch that counts the requests it makes, to set the clients' chattiness beside the time. */
export class CountingFetch {
  requests = 0;
  readonly fetch: FetchFn;

  constructor(inner: FetchFn = globalThis.fetch.bind(globalThis)) {
    this.fetch = (input, init) => {
      this.requests += 1;
      return inner(input, init);
    };
  }

  /** How long `work` took, and how many requests it made through this fetch. */
  async measure(work: () => Promise<unknown>): Promise<Measured> {
    const before = this.requests;
    const ms = await timedMs(work);
    return { ms, requests: this.requests - before };
  }
}

/** A staff member signed in through the server, with a counting fetch under their token. */
export async function signInStaffCounting(
  server: TestServer,
  name: string,
  password: string,
): Promise<{ auth: AuthClient; counter: CountingFetch }> {
  const counter = new CountingFetch();
  const auth = new AuthClient({
    serverUrl: server.url,
    store: new MemoryTokenStore(),
    fetch: counter.fetch,
  });
  await auth.signInStaff(name, password);
  return { auth, counter };
}

/**
 * The store's admin URL carries its credentials, which fetch refuses in a URL: they go into a
 * Basic header instead. Works the same for the embedded store and an Apache CouchDB.
 */
export function storeFetch(storeUrl: string): { base: string; fetch: FetchFn } {
  const url = new URL(storeUrl);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  url.username = '';
  url.password = '';
  const base = url.href.replace(/\/+$/, '');
  return {
    base,
    fetch: (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', basic);
      return fetch(input, { ...init, headers });
    },
  };
}

/** A remote database for PouchDB: through the gateway (authFetch) or on the store. */
export function remoteDb(url: string, fetchFn: FetchFn) {
  return new BenchPouch(url, { adapter: 'http', fetch: fetchFn as PouchFetch, skip_setup: true });
}

let memorySerial = 0;

/** A fresh in-memory PouchDB, as a device's local database in Node. */
export function memoryDb(prefix: string) {
  memorySerial += 1;
  return new BenchPouch(`${prefix}-${memorySerial}-${Date.now().toString(36)}`, {
    adapter: 'memory',
  });
}
