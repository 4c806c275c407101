import {
  BehaviorSubject,
  combineLatest,
  filter,
  firstValueFrom,
  map,
  Subject,
  type Observable,
} from 'rxjs';
import HttpAdapter from 'pouchdb-adapter-http';
import Replication from 'pouchdb-replication';
import { isErrorCode } from '@smt/shared/errors';
import { photoIdFor, REPORT_ID, type PhotoOutboxDoc } from '@smt/shared/docs';
import type { AuthClient, FetchFn } from './auth-client.ts';
import { Connectivity } from './connectivity.ts';
import { toAttachmentData } from './attachment-data.ts';
import { SyncError, toSyncError } from './sync-error.ts';

/**
 * The photos of this device's reports, in a PouchDB database of their own whose push-only
 * replication carries them as the attachment `original` to `${serverUrl}/sync/media`.
 * RxDB never touches this database: its replication drops attachments, and a device edit
 * through it would delete them on the server.
 *
 * The replication checkpoints after every photo (batch_size 1), so a dropped connection
 * costs at most the photo in flight, and a restart resumes from the checkpoint.
 */
export interface PouchSetup {
  /** A PouchDB constructor with the local adapter plugged in: idb in the app, memory in Node. */
  PouchDB: PouchDB.Static;
  /** 'idb' in the app, 'memory' in Node tests. */
  adapter: string;
}

export interface PhotoProgress {
  uploaded: number;
  total: number;
}

export interface PhotoOutboxOptions {
  /** Local database name, e.g. `citizen-<principal id>-media`. */
  name: string;
  pouch: PouchSetup;
  serverUrl: string;
  auth: AuthClient;
  connectivity?: Connectivity;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

const RETRY_DELAY_MS = 2_000;
const MAX_RETRY_DELAY_MS = 60_000;
// One photo per request and per checkpoint; two batches read ahead keep the link busy.
const PHOTO_BATCH_SIZE = 1;
const PHOTO_BATCHES_AHEAD = 2;
// Not replicated (_local documents never are): which photos this device saw the server take.
const PUSHED_RECORD_ID = '_local/pushed-photos';
const STOP_GRACE_MS = 5_000;
const PHOTO_ID = /^photo-(r[a-z0-9]+)-(\d+)$/;

type PouchFetch = NonNullable<PouchDB.Configuration.RemoteDatabaseConfiguration['fetch']>;

const plugged = new WeakSet<PouchDB.Static>();

export class PhotoOutbox {
  private readonly photos = new BehaviorSubject<ReadonlyMap<string, string>>(new Map());
  private readonly pushed = new BehaviorSubject<ReadonlySet<string>>(new Set());
  private readonly errors = new Subject<SyncError>();
  private readonly activity = new BehaviorSubject(false);
  private replication: PouchDB.Replication.Replication<object> | undefined;
  private recordWrite: Promise<unknown> = Promise.resolve();
  private closed = false;
  private confirming = false;
  private readonly removeOnlineListener: () => void;

  /** Photo ids the server has taken, as far as this device knows. */
  readonly pushedIds$: Observable<ReadonlySet<string>> = this.pushed.asObservable();
  readonly error$: Observable<SyncError> = this.errors.asObservable();
  readonly active$: Observable<boolean> = this.activity.asObservable();
  /** Per report id: how many of its queued photos have reached the server. */
  readonly progress$: Observable<ReadonlyMap<string, PhotoProgress>>;

  private constructor(
    private readonly local: PouchDB.Database,
    private readonly remote: PouchDB.Database,
    private readonly options: PhotoOutboxOptions,
    private readonly ownConnectivity: Connectivity | undefined,
  ) {
    this.progress$ = combineLatest([this.photos, this.pushed]).pipe(
      map(([photos, pushed]) => progressByReport(photos, pushed)),
    );
    // PouchDB waits out its back-off even when the network returns; start over at once.
    const onOnline = (): void => {
      if (this.replication) this.restart();
    };
    if (typeof window === 'object') window.addEventListener('online', onOnline);
    this.removeOnlineListener = () => {
      if (typeof window === 'object') window.removeEventListener('online', onOnline);
    };
  }

  static async open(options: PhotoOutboxOptions): Promise<PhotoOutbox> {
    const { PouchDB, adapter } = options.pouch;
    if (!plugged.has(PouchDB)) PouchDB.plugin(HttpAdapter).plugin(Replication);
    plugged.add(PouchDB);
    const local = new PouchDB(options.name, { adapter });
    const connectivity = options.connectivity ?? new Connectivity();
    const ownConnectivity = options.connectivity ? undefined : connectivity;
    // The Bearer token is the only credential; leaving cookies out keeps CORS simple.
    const fetchFn: FetchFn = connectivity.track((input, init) =>
      options.auth.authFetch(input, { ...init, credentials: 'omit' }),
    );
    const remote = new PouchDB(`${options.serverUrl.replace(/\/+$/, '')}/sync/media`, {
      adapter: 'http',
      fetch: fetchFn as PouchFetch,
      skip_setup: true,
    });
    const outbox = new PhotoOutbox(local, remote, options, ownConnectivity);
    await outbox.load();
    return outbox;
  }

  /**
   * Idempotent: queuing the same report's photo index again keeps the first one.
   * Shortcoming: sent photos are never pruned here, so the phone's storage grows per photo.
   */
  async queuePhoto(
    reportId: string,
    index: number,
    photo: Blob | Uint8Array,
    takenAt: string,
  ): Promise<void> {
    if (!REPORT_ID.test(reportId) || !Number.isInteger(index) || index < 0) {
      throw new SyncError('invalid-body', { detail: 'photo needs a report id and an index' });
    }
    const doc: PhotoOutboxDoc & { _attachments: PouchDB.Core.Attachments } = {
      _id: photoIdFor(reportId, index),
      type: 'photo',
      reportId,
      index,
      takenAt,
      _attachments: {
        original: { content_type: 'image/jpeg', data: await toAttachmentData(photo) },
      },
    };
    try {
      await this.local.put(doc);
    } catch (err) {
      if ((err as { status?: number }).status !== 409) throw err;
    }
    this.photos.next(new Map(this.photos.value).set(doc._id, reportId));
  }

  /** Every photo queued on this device, sent or not. */
  queuedIds(): string[] {
    return [...this.photos.value.keys()];
  }

  async pendingCount(): Promise<number> {
    return (await this.pendingIds()).length;
  }

  /** Photos on this phone that it has not seen the server take. */
  async pendingIds(): Promise<string[]> {
    const pushed = this.pushed.value;
    return [...this.photos.value.keys()].filter((id) => !pushed.has(id));
  }

  /** Resolves once every photo queued so far has reached the server. */
  async awaitAllPushed(): Promise<void> {
    const queued = [...this.photos.value.keys()];
    await firstValueFrom(
      this.pushed.pipe(filter((pushed) => queued.every((id) => pushed.has(id)))),
    );
  }

  start(): void {
    if (this.replication) return;
    const base = this.options.retryDelayMs ?? RETRY_DELAY_MS;
    const max = Math.max(this.options.maxRetryDelayMs ?? MAX_RETRY_DELAY_MS, base);
    const replication = this.local.replicate.to(this.remote, {
      live: true,
      retry: true,
      batch_size: PHOTO_BATCH_SIZE,
      batches_limit: PHOTO_BATCHES_AHEAD,
      back_off_function: (delay) => (delay === 0 ? base : Math.min(delay * 2, max)),
    });
    replication
      .on('change', (info) => this.markPushed(info.docs.map((doc) => doc._id)))
      .on('active', () => this.activity.next(true))
      .on('paused', (err) => {
        this.activity.next(false);
        if (err) this.errors.next(pouchErrorToSyncError(err));
        else void this.confirmWithServer();
      })
      .on('denied', (err) => this.errors.next(pouchErrorToSyncError(err, 'forbidden')))
      .on('error', (err) => {
        // PouchDB gives up for good on unauthorized and forbidden; start() may try again.
        if (this.replication === replication) this.replication = undefined;
        this.activity.next(false);
        this.errors.next(pouchErrorToSyncError(err));
      });
    this.replication = replication;
  }

  async stop(): Promise<void> {
    const replication = this.replication;
    this.replication = undefined;
    if (!replication) return;
    // While backing off, PouchDB reports completion only when its timer fires, and nothing is
    // in flight then; otherwise give the photo being sent a moment to finish and checkpoint.
    const backingOff = (replication as { state?: string }).state === 'stopped';
    const done = new Promise<void>((resolve) => replication.once('complete', () => resolve()));
    replication.cancel();
    if (!backingOff) await within(done, STOP_GRACE_MS);
    this.activity.next(false);
  }

  /** Safe to call twice; the second call waits for nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.removeOnlineListener();
    await this.stop();
    await this.recordWrite;
    await Promise.all([this.local.close(), this.remote.close()]);
    this.ownConnectivity?.dispose();
    this.errors.complete();
  }

  private restart(): void {
    void this.stop().then(() => this.start());
  }

  private async load(): Promise<void> {
    const all = await this.local.allDocs({ startkey: 'photo-', endkey: 'photo-\uffff' });
    const photos = new Map<string, string>();
    for (const row of all.rows) {
      const reportId = PHOTO_ID.exec(row.id)?.[1];
      if (reportId) photos.set(row.id, reportId);
    }
    const record = await this.local
      .get<{ ids: string[] }>(PUSHED_RECORD_ID)
      .catch(() => ({ ids: [] as string[] }));
    this.pushed.next(new Set(record.ids));
    this.photos.next(photos);
  }

  /**
   * A photo the server took without this device hearing of it (the answer was cut, or the app
   * closed while it was in flight) is never sent again: the replication's checkpoint or the
   * server's revs_diff skips it, and PouchDB reports only the documents it writes. Once the
   * replication is idle, ask the server about every photo still pending. A question that fails
   * waits for the replication's next idle moment: after its next push, or the next app start.
   */
  private async confirmWithServer(): Promise<void> {
    if (this.confirming) return;
    this.confirming = true;
    try {
      const pending = await this.pendingIds();
      if (pending.length === 0) return;
      const local = await this.local.allDocs({ keys: pending });
      const revs: Record<string, string[]> = {};
      for (const row of local.rows) {
        if ('value' in row && !row.value.deleted) revs[row.id] = [row.value.rev];
      }
      const missing = await this.remote.revsDiff(revs);
      const onServer = Object.keys(revs).filter((id) => !(id in missing));
      if (onServer.length > 0) this.markPushed(onServer);
    } catch {
      // Offline or the server away: the replication reports that itself on error$.
    } finally {
      this.confirming = false;
    }
  }

  // A crash between the server taking a photo and this record being written leaves the photo
  // counted as pending here until confirmWithServer finds it there.
  private markPushed(ids: string[]): void {
    const pushed = new Set(this.pushed.value);
    for (const id of ids) pushed.add(id);
    this.pushed.next(pushed);
    this.recordWrite = this.recordWrite
      .then(() => this.saveRecord())
      .catch((err: unknown) => {
        this.errors.next(
          new SyncError('internal', { detail: 'photo record not saved', cause: err }),
        );
      });
  }

  private async saveRecord(): Promise<void> {
    const existing = await this.local.get(PUSHED_RECORD_ID).catch(() => undefined);
    const ids = [...this.pushed.value];
    await this.local.put({ _id: PUSHED_RECORD_ID, ...(existing && { _rev: existing._rev }), ids });
  }
}

/** Waits for `promise`, but no longer than `ms`. */
async function within(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([promise, limit]);
  clearTimeout(timer);
}

function progressByReport(
  photos: ReadonlyMap<string, string>,
  pushed: ReadonlySet<string>,
): ReadonlyMap<string, PhotoProgress> {
  const progress = new Map<string, PhotoProgress>();
  for (const [photoId, reportId] of photos) {
    const entry = progress.get(reportId) ?? { uploaded: 0, total: 0 };
    entry.total += 1;
    if (pushed.has(photoId)) entry.uploaded += 1;
    progress.set(reportId, entry);
  }
  return progress;
}

/** PouchDB hands over what our fetch threw, or its own error built from the response. */
function pouchErrorToSyncError(err: unknown, fallback?: 'forbidden'): SyncError {
  // PouchDB's checkpointer copies what our fetch threw into its own error, name and code kept.
  const ours = toSyncError(err);
  if (ours.code !== 'internal') return ours;
  const { status, error, name } = (err ?? {}) as {
    status?: number;
    error?: unknown;
    name?: unknown;
  };
  const named = [error, name].find(isErrorCode) ?? fallback;
  if (named) return new SyncError(named, { httpStatus: status, cause: err });
  return status ? SyncError.forStatus(status, err) : new SyncError('internal', { cause: err });
}
