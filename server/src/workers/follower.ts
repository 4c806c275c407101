import type nano from 'nano';
import type { Logger } from 'pino';
import { SERVER_DBS } from '@smt/shared';
import type { Store } from '../store/index.ts';
import { platformEvents } from '../events.ts';
import { createOnce, isNotFound, isStoreUnavailable, upsert } from '../lib/couch-docs.ts';

/**
 * Follows the `_changes` feed of many principal databases from persisted checkpoints.
 *
 * A database is looked at when the gateway says a device wrote to it. Every database the worker
 * cares about is swept on start, which covers a signal lost in a crash, and again every
 * `sweepIntervalMs` (WORKER_SWEEP_INTERVAL_S) for a signal lost any other way. A database whose reading failed is
 * tried again after FAILED_RETRY_DELAY_MS. Sweeping often costs more than it looks: with
 * hundreds of databases, each sweep reopens the ones the embedded store closed, and a 30 s
 * sweep kept the server busy enough in the 500-device soak that devices did not settle.
 *
 * The checkpoint advances only past changes that were handled or parked, so a server killed
 * mid-batch repeats at most that batch; handlers are idempotent, so a repeat changes nothing
 * visible. This process is the checkpoints' only writer, so they are kept in memory once read.
 */
export interface ChangeHandler {
  /** Worker name: the log subsystem and the checkpoint's namespace. */
  name: string;
  selects(dbName: string): boolean;
  handle(dbName: string, change: nano.DatabaseChangesResultItem & { doc?: unknown }): Promise<void>;
}

const BATCH_SIZE = 100;
const FAILED_RETRY_DELAY_MS = 30_000;
const HANDLER_ATTEMPTS = 3;
const RETRY_BASE_DELAY_MS = 500;
const UNAVAILABLE_RETRY_DELAY_MS = 5_000;
const PROGRESS_LOG_EVERY = 500;
/** Databases read at once; the rest wait their turn in `dirty`, which bounds memory and load. */
const MAX_PARALLEL_DBS = 4;

interface Checkpoint {
  _id: string;
  type: 'checkpoint';
  since: string;
  updatedAt: string;
}

/** A change the worker gave up on, kept with its reason so a person can look at it. */
export interface ParkedChange {
  _id: string;
  type: 'parked';
  worker: string;
  db: string;
  docId: string;
  seq: string;
  error: string;
  parkedAt: string;
}

export interface Follower {
  /** Resolves when every selected database has been read to its end once. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function startFollower(
  store: Store,
  handler: ChangeHandler,
  log: Logger,
  sweepIntervalMs: number,
): Follower {
  const state = store.couch.use<Checkpoint | ParkedChange>(SERVER_DBS.workerState);
  const dirty = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const checkpoints = new Map<string, string>();
  let stopped = false;
  let handled = 0;

  const schedule = (dbName: string): void => {
    if (stopped || !handler.selects(dbName)) return;
    if (running.has(dbName) || running.size >= MAX_PARALLEL_DBS) {
      dirty.add(dbName);
      return;
    }
    const run = followDb(dbName)
      .catch((err: unknown) => {
        if (isStoreUnavailable(err)) {
          log.warn({ err, db: dbName }, 'store unavailable; will retry the database');
          setTimeout(() => schedule(dbName), UNAVAILABLE_RETRY_DELAY_MS).unref();
        } else {
          log.error({ err, db: dbName }, 'following a database failed; will retry the database');
          setTimeout(() => schedule(dbName), FAILED_RETRY_DELAY_MS).unref();
        }
      })
      .finally(() => {
        running.delete(dbName);
        const next = dirty.has(dbName) ? dbName : dirty.values().next().value;
        if (next !== undefined) {
          dirty.delete(next);
          schedule(next);
        }
      });
    running.set(dbName, run);
  };

  async function followDb(dbName: string): Promise<void> {
    const checkpointId = `${handler.name}:${dbName}`;
    let since = checkpoints.get(dbName) ?? (await readCheckpoint(checkpointId));
    const db = store.couch.use(dbName);

    while (!stopped) {
      const feed = await db.changes({ since, include_docs: true, limit: BATCH_SIZE });
      if (feed.results.length === 0) return;
      for (const change of feed.results) {
        if (stopped) return;
        await handleWithRetry(dbName, change);
        handled++;
        if (handled % PROGRESS_LOG_EVERY === 0) log.info({ handled }, 'progress');
      }
      since = String(feed.last_seq);
      await upsert(state, checkpointId, () => ({
        _id: checkpointId,
        type: 'checkpoint' as const,
        since,
        updatedAt: new Date().toISOString(),
      }));
      checkpoints.set(dbName, since);
    }
  }

  async function readCheckpoint(checkpointId: string): Promise<string> {
    const checkpoint = await state.get(checkpointId).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    return checkpoint && 'since' in checkpoint ? checkpoint.since : '0';
  }

  async function handleWithRetry(
    dbName: string,
    change: nano.DatabaseChangesResultItem & { doc?: unknown },
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await handler.handle(dbName, change);
        return;
      } catch (err) {
        // An unavailable store is nobody's fault: stop here without advancing the checkpoint.
        if (isStoreUnavailable(err)) throw err;
        if (attempt < HANDLER_ATTEMPTS) {
          await delay(RETRY_BASE_DELAY_MS * 4 ** (attempt - 1));
          continue;
        }
        await park(dbName, change, err);
        return;
      }
    }
  }

  async function park(
    dbName: string,
    change: nano.DatabaseChangesResultItem,
    err: unknown,
  ): Promise<void> {
    log.error({ err, db: dbName, docId: change.id }, 'change parked after retries');
    await createOnce(state, {
      _id: `parked:${handler.name}:${dbName}:${change.id}:${String(change.seq)}`,
      type: 'parked',
      worker: handler.name,
      db: dbName,
      docId: change.id,
      seq: String(change.seq),
      error: err instanceof Error ? err.message : String(err),
      parkedAt: new Date().toISOString(),
    });
  }

  const sweep = async (): Promise<void> => {
    try {
      for (const name of await store.listDbs('')) schedule(name);
    } catch (err) {
      // The start's sweep is what covers signals lost in a crash: do not wait for the next one.
      log.warn({ err }, 'sweep could not list databases; will retry');
      if (!stopped) setTimeout(() => void sweep(), FAILED_RETRY_DELAY_MS).unref();
    }
  };

  const unsubscribe = platformEvents.onDatabaseWritten(schedule);
  const sweepTimer = setInterval(() => void sweep(), sweepIntervalMs);
  sweepTimer.unref();
  void sweep();
  log.info('following');

  return {
    async drain() {
      await sweep();
      while (running.size > 0 || dirty.size > 0) {
        await Promise.allSettled([...running.values()]);
        if (running.size > 0) continue;
        for (const name of [...dirty]) {
          dirty.delete(name);
          schedule(name);
        }
      }
    },
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(sweepTimer);
      await Promise.allSettled([...running.values()]);
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
