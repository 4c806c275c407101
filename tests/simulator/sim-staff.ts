import { firstValueFrom } from 'rxjs';
import type { ActionKind, ActionPayloads, StaffProfile, TaskDoc } from '@smt/shared';
import {
  AuthClient,
  fetchStaffProfile,
  MemoryTokenStore,
  openStaffDevice,
  type StaffDevice,
} from '@smt/sync';
import { DeviceNet } from './device-net.ts';
import type { DeviceLedger, DeviceSettlement, DeviceSpec } from './protocol.ts';
import { emptySettlement } from './sim-citizen.ts';
import {
  compareDocs,
  inSync,
  serverDocs,
  sleep,
  tallyErrors,
  within,
  type Comparison,
  type SimContext,
} from './sim-context.ts';

type StaffSpec = Extract<DeviceSpec, { kind: 'staff' }>;
type Planned = { [K in ActionKind]: { kind: K; payload: ActionPayloads[K] } }[ActionKind];

const SIGN_IN_ATTEMPTS = 40;
const MAX_BACKOFF_MS = 5_000;
const MAX_ACTIONS_PER_SESSION = 6;
/** A share of checks fail, which sends cases back for rework. */
const CHECK_FAIL_SHARE = 0.15;
const POLL_MS = 500;

/**
 * A staff member's phone or console, signed in with one of the demo accounts. Several devices
 * may share an account (two phones of one team); they race on the same tasks, and the server
 * refuses the later of two answers with a reason, which is part of what the run checks.
 */
export class SimStaff {
  readonly ledger: DeviceLedger;
  readonly net: DeviceNet;
  private readonly auth: AuthClient;
  private profile: StaffProfile | undefined;
  /** Task versions this device already answered, so it does not answer one twice. */
  private readonly answered = new Set<string>();
  /** Set by settlePush: false until a final push is seen to finish. */
  private finalPushDone = false;

  constructor(
    private readonly spec: StaffSpec,
    private readonly ctx: SimContext,
  ) {
    this.net = new DeviceNet(spec.address);
    this.auth = new AuthClient({
      serverUrl: ctx.settings.serverUrl,
      store: new MemoryTokenStore(),
      fetch: this.net.fetch,
    });
    this.ledger = { key: spec.key, kind: 'staff', reports: [], actions: [], staffPhotoIds: [] };
  }

  async session(durationMs: number): Promise<void> {
    const { random, settings, counters } = this.ctx;
    this.net.goOnline();
    await this.ensureSignedIn();
    const device = await this.open();
    const until = Date.now() + durationMs;
    try {
      device.error$.subscribe(() => counters.syncErrors++);
      device.startSync();
      counters.sessions++;
      // Let the pull bring the latest tasks before deciding anything.
      await sleep(1_000 + random() * 2_000);
      const offline = random() < settings.offlineShare;
      if (offline) {
        this.net.goOffline();
        counters.offlineSpells++;
      }
      await this.work(device, offline);
      if (offline) {
        await sleep(random() * durationMs * 0.5);
        this.net.goOnline();
      }
      await sleep(Math.max(0, until - Date.now()));
    } finally {
      await device.close();
    }
  }

  async settlePush(timeoutMs: number): Promise<boolean> {
    this.net.goOnline();
    // A session can end while the app is closed (the account's oldest one is let go once it
    // has too many); whoever holds the phone signs in again, as at the start of a shift.
    const signedIn = await this.ensureSignedIn().then(
      () => true,
      () => false,
    );
    if (!signedIn) {
      this.ledger.settleNote = 'push: could not sign in again';
      return (this.finalPushDone = this.ledger.actions.length === 0);
    }
    const device = await this.open();
    try {
      const errors = tallyErrors(device.error$);
      device.startSync();
      const pushed = await within(device.awaitInSync(), timeoutMs);
      if (!pushed) this.ledger.settleNote = `push: ${errors.summary()}${this.notFoundNote()}`;
      this.finalPushDone = pushed;
      return pushed;
    } finally {
      await device.close();
    }
  }

  async settlePull(timeoutMs: number): Promise<DeviceSettlement> {
    const settlement = emptySettlement(this.spec.key);
    if (!this.ledger.principal) return settlement;
    const device = await this.open();
    const errors = tallyErrors(device.error$);
    try {
      device.startSync();
      const deadline = Date.now() + timeoutMs;
      let last: Comparison;
      for (;;) {
        last = await this.compare(device);
        if (inSync(last) || Date.now() > deadline) break;
        await sleep(POLL_MS);
      }
      const notes = [
        this.ledger.settleNote,
        inSync(last) ? undefined : `pull: ${errors.summary()}`,
      ];
      settlement.note = notes.filter(Boolean).join('; ') || undefined;
      Object.assign(settlement, last);
      // Photos are not among the documents compared; the final push says whether they went.
      settlement.pushed = this.finalPushDone;
      settlement.outcomesOnDevice = (await firstValueFrom(device.outcomes$)).size;
      settlement.tasksOnDevice = (await firstValueFrom(device.tasks$)).length;
    } catch (err) {
      settlement.error = String(err);
    } finally {
      await device.close();
    }
    return settlement;
  }

  /** What the device shows: open tasks (withdrawn ones are hidden), actions and outcomes. */
  private async compare(device: StaffDevice): Promise<Comparison> {
    const [tasks, outcomes, actions] = await Promise.all([
      firstValueFrom(device.tasks$),
      firstValueFrom(device.outcomes$),
      firstValueFrom(device.actions$),
    ]);
    const local = [...tasks, ...outcomes.values(), ...actions] as unknown as Parameters<
      typeof compareDocs
    >[1];
    const { kind, id } = this.ledger.principal!;
    const onServer = (await serverDocs(this.ctx.store, `${kind}-${id}`)).filter(
      (doc) => !(doc.type === 'task' && doc.withdrawn === true),
    );
    return compareDocs(onServer, local);
  }

  private async work(device: StaffDevice, offline: boolean): Promise<void> {
    const { random, counters } = this.ctx;
    const tasks = await firstValueFrom(device.tasks$);
    const todo = tasks.filter((task) => !this.answered.has(versionOf(task)));
    let done = 0;
    for (const task of shuffle(todo, random)) {
      if (done >= MAX_ACTIONS_PER_SESSION) break;
      const planned = await this.plan(device, task);
      if (!planned) continue;
      this.answered.add(versionOf(task));
      const action = await device.writeAction(task.caseId, planned.kind, planned.payload);
      this.ledger.actions.push({ id: action._id, caseId: task.caseId, kind: action.kind });
      counters.actions++;
      if (offline) counters.actionsOffline++;
      done++;
      await sleep(random() * 300);
    }
  }

  /** The next step of the loop this person's role takes for the task, if any. */
  private async plan(device: StaffDevice, task: TaskDoc): Promise<Planned | undefined> {
    const { random, settings } = this.ctx;
    const profile = this.profile!;
    const rework = task.reworkCount;
    switch (profile.role) {
      case 'center-dispatcher':
        if (task.state === 'accepted') return { kind: 'request-verify', payload: {} };
        if (task.state === 'verified' && task.district) {
          return { kind: 'dispatch', payload: { district: task.district } };
        }
        if (task.state === 'disposed') return { kind: 'request-check', payload: {} };
        if (task.state === 'checked') return { kind: 'close', payload: { note: '结案' } };
        if (task.state === 'check-failed') return { kind: 'return', payload: { reason: '返工' } };
        return undefined;
      case 'district-dispatcher': {
        const teamId = settings.teamByDistrict[profile.district];
        if (task.state !== 'dispatched' || !teamId) return undefined;
        return { kind: 'assign', payload: { teamId } };
      }
      case 'supervisor':
        if (task.state === 'verifying') return { kind: 'verify', payload: { outcome: 'confirm' } };
        if (task.state !== 'checking') return undefined;
        if (random() < CHECK_FAIL_SHARE) {
          return { kind: 'check', payload: { reworkCount: rework, outcome: 'fail', note: '未清' } };
        }
        return { kind: 'check', payload: { reworkCount: rework, outcome: 'pass' } };
      case 'disposal-team': {
        if (task.state !== 'assigned') return undefined;
        const jpeg = this.ctx.jpegs[Math.floor(random() * this.ctx.jpegs.length)]!;
        const photoId = await device.queuePhoto(task.caseId, jpeg, new Date().toISOString());
        this.ledger.staffPhotoIds.push(photoId);
        return {
          kind: 'dispose',
          payload: { reworkCount: rework, note: '已处置', photoIds: [photoId] },
        };
      }
    }
  }

  private notFoundNote(): string {
    return this.net.notFound.length === 0 ? '' : `; 404 on ${this.net.notFound.join(' | ')}`;
  }

  private async open(): Promise<StaffDevice> {
    return openStaffDevice({
      serverUrl: this.ctx.settings.serverUrl,
      auth: this.auth,
      profile: this.profile!,
      storage: this.ctx.storage,
      pouch: this.ctx.pouch,
      name: `sim-${this.spec.key}`,
      multiInstance: false,
      retryTimeMs: 1_000,
    });
  }

  private async ensureSignedIn(): Promise<void> {
    await this.auth.restore();
    if (this.auth.session !== null && this.profile) return;
    const { counters, settings } = this.ctx;
    for (let attempt = 0; attempt < SIGN_IN_ATTEMPTS; attempt++) {
      try {
        if (!this.auth.session)
          await this.auth.signInStaff(this.spec.account, settings.staffPassword);
        this.profile ??= await fetchStaffProfile(this.auth, settings.serverUrl);
        const principal = this.auth.session!;
        this.ledger.principal = { kind: principal.kind, id: principal.id };
        this.ledger.profile = this.profile;
        counters.signIns++;
        return;
      } catch {
        counters.signInRetries++;
        await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt));
      }
    }
    throw new Error(`${this.spec.key} could not sign in`);
  }
}

function versionOf(task: TaskDoc): string {
  return `${task.caseId}:${task.history.length}`;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
