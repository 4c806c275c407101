import {
  BehaviorSubject,
  combineLatest,
  firstValueFrom,
  map,
  shareReplay,
  Subject,
  Subscription,
  type Observable,
} from 'rxjs';
import type { RxDocument, RxStorage } from 'rxdb';
import type { CitizenDoc, MessageDoc, ReportDoc, StatusDoc } from '@smt/shared/docs';
import type { AuthClient } from './auth-client.ts';
import { openCitizenDb, toCouchShape, type CitizenDb, type CitizenDocData } from './citizen-db.ts';
import { Connectivity } from './connectivity.ts';
import { outboxStateOf, type OutboxState } from './outbox-state.ts';
import { PhotoOutbox, type PouchSetup } from './photo-outbox.ts';
import { startMainReplication, type MainReplication } from './replication.ts';
import { newReportId } from './report-id.ts';
import { SyncError } from './sync-error.ts';
import { validateReportInput, type ReportInput } from './report-input.ts';

export interface CitizenDeviceOptions {
  serverUrl: string;
  auth: AuthClient;
  storage: RxStorage<unknown, unknown>;
  pouch: PouchSetup;
  /** Names the local databases: `name` (RxDB) and `${name}-media` (photos). */
  name: string;
  /**
   * Browser tabs elect one replicating tab; pass false in Node. Default true. Shortcoming:
   * every tab pushes photos (harmless, duplicate requests), awaitInSync() waits in non-leaders.
   */
  multiInstance?: boolean;
  /** First wait after a failed request; doubles up to a minute. Tests shorten it. */
  retryTimeMs?: number;
}

type Docs = RxDocument<CitizenDocData>[];

/** One signed-in citizen's phone: their reports, the server's answers, and the outboxes. */
export class CitizenDevice {
  private readonly errors = new Subject<SyncError>();
  private readonly confirmed = new BehaviorSubject<ReadonlySet<string>>(new Set());
  private replication: MainReplication | undefined;
  private syncing = new Subscription();
  private readonly reportDocs$: Observable<Docs>;

  readonly reports$: Observable<ReportDoc[]>;
  /** Per report id, the server's latest status for it. */
  readonly statuses$: Observable<ReadonlyMap<string, StatusDoc>>;
  readonly messages$: Observable<MessageDoc[]>;
  /** Per report id, where it is on its way; see OutboxState. */
  readonly outbox$: Observable<ReadonlyMap<string, OutboxState>>;
  /** True once the server answered, false after a request to it failed. */
  readonly isOnline$: Observable<boolean>;
  readonly error$: Observable<SyncError> = this.errors.asObservable();

  private constructor(
    private readonly db: CitizenDb,
    private readonly photos: PhotoOutbox,
    private readonly connectivity: Connectivity,
    private readonly options: CitizenDeviceOptions,
  ) {
    this.isOnline$ = connectivity.online$;
    this.reportDocs$ = this.query('report');
    this.reports$ = this.reportDocs$.pipe(map((docs) => newestFirst(docs.map(plain<ReportDoc>))));
    this.statuses$ = this.query('status').pipe(
      map((docs) => new Map(docs.map(plain<StatusDoc>).map((s) => [s.reportId, s]))),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    this.messages$ = this.query('message').pipe(
      map((docs) => newestFirst(docs.map(plain<MessageDoc>))),
    );
    this.outbox$ = combineLatest([
      this.reports$,
      this.statuses$,
      this.confirmed,
      photos.pushedIds$,
      this.isOnline$,
    ]).pipe(
      map(([reports, statuses, confirmed, photosPushed, online]) => {
        const states = new Map<string, OutboxState>();
        for (const report of reports) {
          const status = statuses.get(report._id);
          const reportPushed = confirmed.has(report._id);
          states.set(
            report._id,
            outboxStateOf(report, { status, reportPushed, photosPushed, online }),
          );
        }
        return states;
      }),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    this.photos.error$.subscribe((err) => this.errors.next(err));
  }

  static async open(options: CitizenDeviceOptions): Promise<CitizenDevice> {
    const db = await openCitizenDb({
      name: options.name,
      storage: options.storage,
      multiInstance: options.multiInstance,
    });
    // One connectivity for both replications: either one hearing from the server counts.
    const connectivity = new Connectivity();
    const photos = await PhotoOutbox.open({
      name: `${options.name}-media`,
      pouch: options.pouch,
      serverUrl: options.serverUrl,
      auth: options.auth,
      connectivity,
      retryDelayMs: options.retryTimeMs,
    }).catch(async (err: unknown) => {
      await db.close();
      throw err;
    });
    return new CitizenDevice(db, photos, connectivity, options);
  }

  /**
   * Photos first, then the report: a report on the phone always has its photos on the phone.
   * If the phone dies in between, the photos stay as orphans and the server parks them.
   */
  async submitReport(input: ReportInput): Promise<ReportDoc> {
    validateReportInput(input);
    const id = newReportId();

    for (const [index, photo] of input.photos.entries()) {
      await this.photos.queuePhoto(id, index, photo, input.capturedAt);
    }

    const report: ReportDoc = {
      _id: id,
      type: 'report',
      category: { major: input.category.major, minor: input.category.minor },
      description: input.description,
      location: input.location,
      capturedAt: input.capturedAt,
      photoCount: input.photos.length,
      followUpSms: input.followUpSms,
      createdAt: new Date().toISOString(),
    };
    const { _id, ...fields } = report;
    await this.db.docs.insert({ id: _id, ...fields });
    return report;
  }

  startSync(): void {
    if (this.replication) return;
    const replication = startMainReplication(this.db, {
      serverUrl: this.options.serverUrl,
      auth: this.options.auth,
      connectivity: this.connectivity,
      retryTimeMs: this.options.retryTimeMs,
    });
    this.replication = replication;
    this.syncing = replication.error$.subscribe((err) => this.errors.next(err));
    this.syncing.add(this.watchPushes(replication));
    this.photos.start();
  }

  async stopSync(): Promise<void> {
    const replication = this.replication;
    this.replication = undefined;
    this.syncing.unsubscribe();
    await Promise.all([replication?.stop(), this.photos.stop()]);
  }

  /** Everything on the phone is on the server. Waits (retrying) while the server is away. */
  async awaitInSync(): Promise<void> {
    if (!this.replication) throw new Error('awaitInSync() needs startSync() first');
    await Promise.all([this.replication.awaitInSync(), this.photos.awaitAllPushed()]);
  }

  /** For the sign-out warning: a report or a photo of this phone not yet on the server. */
  async hasUnsent(): Promise<boolean> {
    const [states, statuses] = await Promise.all([
      firstValueFrom(this.outbox$),
      firstValueFrom(this.statuses$),
    ]);
    if ([...states.values()].some((state) => !state.reportSent)) return true;
    const linked = new Set(
      [...statuses.values()].flatMap((status) => (status.photos ?? []).map((p) => p.photoId)),
    );
    return (await this.photos.pendingIds()).some((photoId) => !linked.has(photoId));
  }

  async close(): Promise<void> {
    await this.stopSync();
    await this.photos.close();
    await this.db.close();
    this.connectivity.dispose();
    this.errors.complete();
  }

  private query(type: CitizenDocData['type']): Observable<Docs> {
    return this.db.docs.find({ selector: { type } }).$;
  }

  // Statuses prove a report arrived; for the rest ask the replication, which also answers
  // for reports pushed before this app start.
  private watchPushes(replication: MainReplication): Subscription {
    const watching = new Set<string>();
    return combineLatest([this.reportDocs$, this.statuses$]).subscribe(([docs, statuses]) => {
      for (const doc of docs) {
        if (watching.has(doc.primary) || statuses.has(doc.primary)) continue;
        if (this.confirmed.value.has(doc.primary)) continue;
        watching.add(doc.primary);
        replication
          .awaitPushed(doc)
          .then(() => this.confirmed.next(new Set(this.confirmed.value).add(doc.primary)))
          .catch(() => watching.delete(doc.primary));
      }
    });
  }
}

export function openCitizenDevice(options: CitizenDeviceOptions): Promise<CitizenDevice> {
  return CitizenDevice.open(options);
}

function plain<T extends CitizenDoc>(doc: RxDocument<CitizenDocData>): T {
  return toCouchShape<T>(doc.toMutableJSON());
}

function newestFirst<T extends { _id: string; createdAt: string }>(docs: T[]): T[] {
  return docs.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a._id.localeCompare(b._id));
}
