import { map, shareReplay, Subject, Subscription, type Observable } from 'rxjs';
import type { RxDocument, RxStorage } from 'rxdb';
import type { ActionDoc, ActionKind, ActionPayloads } from '@smt/shared/workflow/actions';
import type { StaffDirectoryEntry, StaffProfile } from '@smt/shared/workflow/staff';
import { FIRST_STAFF_PHOTO_INDEX, type OutcomeDoc, type TaskDoc } from '@smt/shared/workflow/task';
import type { AuthClient, Principal } from './auth-client.ts';
import { Connectivity } from './connectivity.ts';
import { PhotoOutbox, type PouchSetup } from './photo-outbox.ts';
import { startMainReplication, type MainReplication } from './replication.ts';
import { newReportId } from './report-id.ts';
import { openStaffDb, type StaffDb, type StaffDocData } from './staff-db.ts';
import { SyncError } from './sync-error.ts';

/**
 * A staff member's phone or console: the tasks the server gives them, the actions they take
 * (written here first, so they work offline for hours), and the server's outcome for each.
 *
 * An action is a new document every time and is never edited: the workflow worker judges it
 * when it arrives and answers with an outcome, refused ones with a reason to show.
 */
export interface StaffDeviceOptions {
  serverUrl: string;
  auth: AuthClient;
  storage: RxStorage<unknown, unknown>;
  pouch: PouchSetup;
  /** Names the local databases: `name` (RxDB) and `${name}-media` (photos). */
  name: string;
  /** From fetchStaffProfile() at sign-in; kept by the app so the device opens offline. */
  profile: StaffProfile;
  multiInstance?: boolean;
  retryTimeMs?: number;
}

const CASE_PREFIX = 'case-';

/** The signed-in staff member's role and reach, as the server keeps them (GET /api/me). */
export async function fetchStaffProfile(
  auth: AuthClient,
  serverUrl: string,
): Promise<StaffProfile> {
  const response = await auth.authFetch(`${serverUrl.replace(/\/+$/, '')}/api/me`);
  if (!response.ok) throw await SyncError.fromResponse(response);
  const body = (await response.json()) as { staff?: StaffProfile | null };
  if (!body.staff) throw new SyncError('forbidden', { detail: 'not a staff account' });
  return body.staff;
}

/** The staff accounts' names, roles and reach (GET /api/staff/directory); staff only. */
export async function fetchStaffDirectory(
  auth: AuthClient,
  serverUrl: string,
): Promise<StaffDirectoryEntry[]> {
  const response = await auth.authFetch(`${serverUrl.replace(/\/+$/, '')}/api/staff/directory`);
  if (!response.ok) throw await SyncError.fromResponse(response);
  const body = (await response.json()) as { staff?: StaffDirectoryEntry[] };
  return body.staff ?? [];
}

/** A lowercase random id in the shape ACTION_ID asks for. */
export function newActionId(): string {
  return `action-${newReportId().slice(1)}`;
}

export class StaffDevice {
  private readonly errors = new Subject<SyncError>();
  private replication: MainReplication<StaffDocData> | undefined;
  private syncing = new Subscription();

  /** Open tasks, overdue first, then by deadline; withdrawn ones are left out. */
  readonly tasks$: Observable<TaskDoc[]>;
  /** Per action id, the server's answer to it. */
  readonly outcomes$: Observable<ReadonlyMap<string, OutcomeDoc>>;
  readonly actions$: Observable<ActionDoc[]>;
  readonly isOnline$: Observable<boolean>;
  readonly error$: Observable<SyncError> = this.errors.asObservable();

  private constructor(
    private readonly db: StaffDb,
    private readonly photos: PhotoOutbox,
    private readonly connectivity: Connectivity,
    private readonly principal: Principal,
    private readonly options: StaffDeviceOptions,
  ) {
    this.isOnline$ = connectivity.online$;
    this.tasks$ = this.query<TaskDoc>('task').pipe(
      map((tasks) => tasks.filter((task) => !task.withdrawn).sort(byUrgency)),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    this.outcomes$ = this.query<OutcomeDoc>('outcome').pipe(
      map((outcomes) => new Map(outcomes.map((o) => [o.actionId, o]))),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    this.actions$ = this.query<ActionDoc>('action');
    this.photos.error$.subscribe((err) => this.errors.next(err));
  }

  static async open(options: StaffDeviceOptions): Promise<StaffDevice> {
    await options.auth.restore();
    const principal = options.auth.session;
    if (!principal || principal.kind === 'citizen') {
      throw new SyncError('unauthorized', { detail: 'sign in as staff first' });
    }
    const db = await openStaffDb({
      name: options.name,
      storage: options.storage,
      multiInstance: options.multiInstance,
    });
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
    return new StaffDevice(db, photos, connectivity, principal, options);
  }

  get profile(): StaffProfile {
    return this.options.profile;
  }

  get principalId(): string {
    return this.principal.id;
  }

  /**
   * Queues a photo of the work (an after-photo, a check) for the case; returns its id to
   * name in the action. It goes through the media outbox, like a citizen's photos.
   */
  // Shortcoming: the photo worker follows citizens' media only, so staff photos reach the
  // server as originals and get no display size, thumbnail or metadata stripping yet.
  async queuePhoto(caseId: string, photo: Blob | Uint8Array, takenAt: string): Promise<string> {
    const reportId = caseId.startsWith(CASE_PREFIX) ? caseId.slice(CASE_PREFIX.length) : '';
    const prefix = `photo-${reportId}-`;
    const taken = this.photos
      .queuedIds()
      .filter((id) => id.startsWith(prefix))
      .map((id) => Number(id.slice(prefix.length)));
    const index = Math.max(FIRST_STAFF_PHOTO_INDEX - 1, ...taken) + 1;
    await this.photos.queuePhoto(reportId, index, photo, takenAt);
    return `${prefix}${index}`;
  }

  /** Writes the action on this device; it goes to the server with the next sync. */
  async writeAction<K extends ActionKind>(
    caseId: string,
    kind: K,
    payload: ActionPayloads[K],
  ): Promise<ActionDoc> {
    const action = {
      _id: newActionId(),
      type: 'action',
      caseId,
      kind,
      actor: { principalId: this.principal.id, role: this.options.profile.role },
      at: new Date().toISOString(),
      payload,
    } as ActionDoc;
    const { _id, ...fields } = action;
    await this.db.docs.insert({ id: _id, ...fields } as StaffDocData);
    return action;
  }

  startSync(): void {
    if (this.replication) return;
    const replication = startMainReplication<StaffDocData>(this.db, {
      serverUrl: this.options.serverUrl,
      auth: this.options.auth,
      connectivity: this.connectivity,
      retryTimeMs: this.options.retryTimeMs,
    });
    this.replication = replication;
    this.syncing = replication.error$.subscribe((err) => this.errors.next(err));
    this.photos.start();
  }

  async stopSync(): Promise<void> {
    const replication = this.replication;
    this.replication = undefined;
    this.syncing.unsubscribe();
    await Promise.all([replication?.stop(), this.photos.stop()]);
  }

  /** Everything written here (actions, photos) is on the server. */
  async awaitInSync(): Promise<void> {
    if (!this.replication) throw new Error('awaitInSync() needs startSync() first');
    await Promise.all([this.replication.awaitInSync(), this.photos.awaitAllPushed()]);
  }

  async close(): Promise<void> {
    await this.stopSync();
    await this.photos.close();
    await this.db.close();
    this.connectivity.dispose();
    this.errors.complete();
  }

  private query<T>(type: StaffDocData['type']): Observable<T[]> {
    return this.db.docs
      .find({ selector: { type } })
      .$.pipe(map((docs: RxDocument<StaffDocData>[]) => docs.map((doc) => couchShape<T>(doc))));
  }
}

export function openStaffDevice(options: StaffDeviceOptions): Promise<StaffDevice> {
  return StaffDevice.open(options);
}

const NOT_DOCUMENT_FIELDS = new Set(['id', '_meta', '_rev', '_attachments', '_deleted']);

function couchShape<T>(doc: RxDocument<StaffDocData>): T {
  const data = doc.toMutableJSON();
  const out: Record<string, unknown> = { _id: data.id };
  for (const [key, value] of Object.entries(data)) {
    if (!NOT_DOCUMENT_FIELDS.has(key)) out[key] = value;
  }
  return out as T;
}

function byUrgency(a: TaskDoc, b: TaskDoc): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const [da, db] = [a.deadline ?? '\uffff', b.deadline ?? '\uffff'];
  return da.localeCompare(db) || a._id.localeCompare(b._id);
}
