import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { logger } from '../logger.ts';
import { openStore, type Store } from './index.ts';

const MAX_OPEN_DBS = 20;
// LevelDB keeps about 4 files per open database; unbounded, 300 databases hold about 1,200.
const FILES_PER_DB = 4;
const PARALLEL_REQUESTS = 8;
// An ordinary request answers in milliseconds; one that hangs is a failure, not a slow test.
const REQUEST_TIMEOUT_MS = 5_000;
const LONGPOLL_TIMEOUT_MS = 25_000;
// Open databases within the limit, plus the ones in flight, plus both ends of each connection.
const OPEN_FILES_ALLOWED =
  (MAX_OPEN_DBS + PARALLEL_REQUESTS + 2) * FILES_PER_DB + 2 * PARALLEL_REQUESTS + 20;

let dataDir: string;
let store: Store;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'smt-open-files-'));
  const config = loadConfig({ DATA_DIR: dataDir, EMBEDDED_MAX_OPEN_DBS: String(MAX_OPEN_DBS) });
  store = await openStore(config, logger);
});

afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const openFiles = (): number => readdirSync('/proc/self/fd').length;
const dbName = (i: number): string => `citizen-cfiles${String(i).padStart(12, '0')}`;

/** Plain HTTP to the store (fetch refuses credentials inside the URL). */
async function call(
  method: string,
  pathAndQuery: string,
  body?: unknown,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Response> {
  const url = new URL(store.url);
  const auth = Buffer.from(`${url.username}:${decodeURIComponent(url.password)}`);
  return fetch(`${url.protocol}//${url.host}${pathAndQuery}`, {
    method,
    headers: {
      authorization: `Basic ${auth.toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** Runs `work` for 0..count-1, `lanes` at a time; returns the peak of open files. */
async function eachInParallel(
  count: number,
  work: (i: number) => Promise<void>,
  lanes = PARALLEL_REQUESTS,
): Promise<number> {
  let next = 0;
  let peak = openFiles();
  const lane = async () => {
    while (next < count) {
      await work(next++);
      peak = Math.max(peak, openFiles());
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return peak;
}

/** Creates the database and writes one document to it; the statuses seen go to `statuses`. */
async function createAndWrite(i: number, statuses: number[]): Promise<void> {
  const created = await call('PUT', `/${dbName(i)}`);
  statuses.push(created.status);
  const written = await call('PUT', `/${dbName(i)}/doc`, { n: i });
  statuses.push(written.status);
}

describe('embedded store under many databases', () => {
  it('keeps open files bounded across 300 databases and reopens early ones intact', async () => {
    const before = openFiles();
    const statuses: number[] = [];

    const peak = await eachInParallel(300, (i) => createAndWrite(i, statuses));
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(peak - before).toBeLessThan(OPEN_FILES_ALLOWED);

    // The first ones were closed long ago: reading them opens them again.
    const readPeak = await eachInParallel(40, async (i) => {
      const res = await call('GET', `/${dbName(i)}/doc`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { n: number }).n).toBe(i);
    });
    expect(readPeak - before).toBeLessThan(OPEN_FILES_ALLOWED);
    expect(await store.listDbs('citizen-cfiles')).toHaveLength(300);
  }, 30_000);

  it('answers a waiting longpoll and never fails a request while databases are evicted', async () => {
    const watched = 'citizen-cwatched000000000';
    await store.ensureDb(watched);
    const { update_seq: since } = (await (await call('GET', `/${watched}`)).json()) as {
      update_seq: number;
    };
    const changesUrl = `/${watched}/_changes?feed=longpoll&since=`;
    const longpoll = call('GET', `${changesUrl}${since}`, undefined, LONGPOLL_TIMEOUT_MS);
    const before = openFiles();
    const statuses: number[] = [];

    // Heavy eviction: new databases, and reads of ones closed a moment ago.
    const peak = await eachInParallel(200, async (i) => {
      await createAndWrite(i, statuses);
      if (i >= MAX_OPEN_DBS)
        statuses.push((await call('GET', `/${dbName(i - MAX_OPEN_DBS)}`)).status);
    });
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(peak - before).toBeLessThan(OPEN_FILES_ALLOWED);

    // The watched database stayed open under its longpoll, which still hears the next write.
    await call('PUT', `/${watched}/after-churn`, { n: 1 });
    const answer = await longpoll;
    expect(answer.status).toBe(200);
    const changes = (await answer.json()) as { results: Array<{ id: string }>; last_seq: number };
    expect(changes.results.map((r) => r.id)).toEqual(['after-churn']);

    // Once idle it is evicted like any other, and a new longpoll on it works after reopening.
    await eachInParallel(MAX_OPEN_DBS * 2, (i) => createAndWrite(1_000 + i, statuses));
    const again = call('GET', `${changesUrl}${changes.last_seq}`, undefined, REQUEST_TIMEOUT_MS);
    await call('PUT', `/${watched}/after-reopen`, { n: 2 });
    const reopened = (await (await again).json()) as { results: Array<{ id: string }> };
    expect(reopened.results.map((r) => r.id)).toEqual(['after-reopen']);
  }, 30_000);

  it('serves a database asked for again while its close is still running', async () => {
    // One more database than the limit, read in turn one at a time: each request evicts the
    // database the next one asks for, so that one is often still closing when it arrives.
    const count = MAX_OPEN_DBS + 1;
    const statuses: number[] = [];
    await eachInParallel(count, (i) => createAndWrite(i, statuses));

    const read = async (i: number) => {
      const res = await call('GET', `/${dbName(i % count)}/doc`);
      statuses.push(res.status);
    };
    await eachInParallel(count * 8, read, 1);
    await eachInParallel(count * 8, read);
    expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([]);
  }, 30_000);
});
