import { filter, firstValueFrom, map, type Observable } from 'rxjs';
import { ensureNotFalsy, getLastCheckpointDoc } from 'rxdb';
import type { RxCollection, RxDocument } from 'rxdb';
import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import type { AuthClient, FetchFn } from './auth-client.ts';
import type { CitizenDocData } from './citizen-db.ts';
import { abortWhenSilent, Connectivity } from './connectivity.ts';
import { SyncError, toSyncError } from './sync-error.ts';

/**
 * The citizen's main database (reports up, statuses and messages down) through the gateway
 * at `${serverUrl}/sync/main/`, with RxDB's CouchDB replication.
 *
 * Dropped connection: every request that fails is retried, nothing is lost. A failed push
 * (RC_PUSH on error$) is retried with the same documents until the server takes them; the
 * report stays in RxDB meanwhile and counts as unsent. The pull's long-poll fails with
 * RC_STREAM and is reopened from the last sequence it saw; a long-poll that goes silent
 * without a reset is aborted by abortWhenSilent. Between failures the wait (`retryTime`)
 * doubles from retryTimeMs up to maxRetryTimeMs and drops back after the next answer; in a
 * browser RxDB also retries at once on the `online` event.
 *
 * Server restart: the same as a dropped connection seen from here. Writes made while it was
 * down go out once it is back. Each push first asks `_all_docs` for the current copies, so a
 * report that reached the server just before the connection broke is found there and taken
 * as the same document instead of being written again (the report id is the idempotency
 * key, and the device is its only writer).
 *
 * No gap between the catch-up pull and the long-poll: RxDB opens its first long-poll at
 * `since=now`, beside the catch-up. On a slow link the catch-up can finish before that
 * long-poll reaches the server, and what the server wrote in between was skipped for good,
 * since the long-poll's checkpoint then kept every later catch-up from finding it (the
 * 200-device soak left devices missing statuses and outcomes that way). So the first
 * long-poll waits for the catch-up and starts from the checkpoint it stored; every later one
 * starts where the previous answer ended, and a failed one is asked again from there.
 */
export interface MainReplicationOptions {
  serverUrl: string;
  auth: AuthClient;
  /** Shared with the photo outbox so both feed one online$; a new one by default. */
  connectivity?: Connectivity;
  retryTimeMs?: number;
  maxRetryTimeMs?: number;
}

export interface MainReplication<D extends { id: string } = CitizenDocData> {
  readonly error$: Observable<SyncError>;
  readonly active$: Observable<boolean>;
  readonly online$: Observable<boolean>;
  /** Resolves when everything written locally is on the server and nothing is in flight. */
  awaitInSync(): Promise<void>;
  /** Resolves once this document (this version or a later one) has reached the server. */
  awaitPushed(doc: RxDocument<D>): Promise<void>;
  stop(): Promise<void>;
  readonly state: RxCouchDBReplicationState<D>;
}

const RETRY_TIME_MS = 5_000;
const MAX_RETRY_TIME_MS = 60_000;
// Asked of the server for long-polls; a stream silent for three beats is taken as dead.
const HEARTBEAT_MS = 20_000;
const SILENCE_LIMIT_MS = 3 * HEARTBEAT_MS;
// Statuses and tasks are under a kilobyte each, so a batch stays near 200 KB: one retry on a
// poor link costs little, while a fresh field device needs a quarter of the round trips of 50.
const PULL_BATCH_SIZE = 200;
const PUSH_BATCH_SIZE = 20;

const isLongPoll = (url: string): boolean => url.includes('feed=longpoll');

/** What RxDB's CouchDB replication keeps as its pull checkpoint. */
interface CouchCheckpoint {
  sequence: string | number;
}

/** Citizens' and staff devices' main databases alike: one collection `docs` mirrors it. */
export function startMainReplication<D extends { id: string } = CitizenDocData>(
  db: { docs: RxCollection<D> },
  options: MainReplicationOptions,
): MainReplication<D> {
  const url = `${options.serverUrl.replace(/\/+$/, '')}/sync/main/`;
  const baseRetryMs = options.retryTimeMs ?? RETRY_TIME_MS;
  const maxRetryMs = Math.max(options.maxRetryTimeMs ?? MAX_RETRY_TIME_MS, baseRetryMs);
  const connectivity = options.connectivity ?? new Connectivity();
  const transport = abortWhenSilent(
    connectivity.track(options.auth.authFetch),
    SILENCE_LIMIT_MS,
    isLongPoll,
  );
  // RxDB does not abort its open long-poll when cancelled; this does, so stop() lets go of it.
  const stopping = new AbortController();
  // RxDB makes its first request while it is being created, before `state` below is assigned.
  let stateCreated: (created: RxCouchDBReplicationState<D>) => void = () => undefined;
  const created = new Promise<RxCouchDBReplicationState<D>>((resolve) => (stateCreated = resolve));

  /** Waits for `promise`, or throws as offline once the replication is stopped. */
  const untilStopped = <T>(promise: Promise<T>): Promise<T> => {
    const { signal } = stopping;
    if (signal.aborted) return Promise.reject(new SyncError('offline'));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new SyncError('offline'));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };

  /**
   * The sequence the catch-up pull reached, once it has; see "No gap" above. Leans on RxDB
   * 17's replication internals (firstSyncDone, checkpointQueue): recheck on an RxDB upgrade.
   */
  const catchUpSequence = async (): Promise<string> => {
    const replication = await created;
    await untilStopped(replication.startPromise);
    const internal = ensureNotFalsy(replication.internalReplicationState);
    await untilStopped(firstValueFrom(internal.firstSyncDone.down.pipe(filter(Boolean))));
    // Read through the queue the downstream writes its checkpoints through, after its last one.
    internal.checkpointQueue = internal.checkpointQueue.then(() =>
      getLastCheckpointDoc<D, CouchCheckpoint>(internal, 'down'),
    );
    const checkpoint = (await internal.checkpointQueue) as CouchCheckpoint | undefined;
    return checkpoint === undefined ? '0' : String(checkpoint.sequence);
  };

  // RxDB reads `.results` of whatever JSON comes back, so an error body must become a throw
  // here, where RxDB catches it, reports it on error$ and retries.
  const fetchForRxdb: FetchFn = async (input, init) => {
    try {
      let url = String(input);
      if (isLongPoll(url) && url.includes('since=now')) {
        url = url.replace('since=now', `since=${encodeURIComponent(await catchUpSequence())}`);
      }
      const response = await transport(url, { signal: stopping.signal, ...init });
      if (!response.ok) throw await SyncError.fromResponse(response);
      state.retryTime = baseRetryMs;
      return response;
    } catch (err) {
      state.retryTime = Math.min(state.retryTime * 2, maxRetryMs);
      throw err;
    }
  };

  // Shortcoming: a row the gateway refuses inside _bulk_docs makes RxDB throw SNH and retry
  // that push forever (error$ 'internal'); refusals should come back as status documents.
  const state = replicateCouchDB<D>({
    replicationIdentifier: `citizen-main:${url}`,
    collection: db.docs,
    url,
    fetch: fetchForRxdb as typeof fetch,
    live: true,
    retryTime: baseRetryMs,
    pull: { batchSize: PULL_BATCH_SIZE, heartbeat: HEARTBEAT_MS },
    push: { batchSize: PUSH_BATCH_SIZE },
  });
  stateCreated(state);

  const error$ = state.error$.pipe(map(toSyncError));
  const subscription = error$.subscribe((err) => {
    if (err.code === 'offline') connectivity.reportOffline();
  });

  return {
    error$,
    active$: state.active$,
    online$: connectivity.online$,
    state,
    async awaitInSync() {
      await state.awaitInSync();
    },
    awaitPushed: (doc) => state.awaitDocumentPushed(doc),
    async stop() {
      subscription.unsubscribe();
      await state.cancel();
      stopping.abort();
      if (!options.connectivity) connectivity.dispose();
    },
  };
}
