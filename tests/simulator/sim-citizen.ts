import { firstValueFrom } from 'rxjs';
import {
  AuthClient,
  MemoryTokenStore,
  openCitizenDevice,
  SyncError,
  type CitizenDevice,
} from '@smt/sync';
import { captureTime, CHANG_AN, JINGXING } from '../support/citizen.ts';
import { DeviceNet } from './device-net.ts';
import type { DeviceLedger, DeviceSettlement, DeviceSpec } from './protocol.ts';
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

type CitizenSpec = Extract<DeviceSpec, { kind: 'citizen' }>;

/** A point inside 桥西区 (WGS-84), away from its edges. */
const QIAOXI = { lat: 38.03, lng: 114.47, accuracyM: 10, source: 'gps' as const };
/** One report in this many falls outside the covered districts and must come back rejected. */
const UNCOVERED_ONE_IN = 10;
const SIGN_IN_ATTEMPTS = 40;
const MAX_BACKOFF_MS = 5_000;
const POLL_MS = 500;

/**
 * A citizen's phone: signs in with an SMS code, reports problems with photos (some while
 * offline), and opens and closes the app, which closes its local databases; the data stays in
 * the process's memory storage, as it would on the phone.
 */
export class SimCitizen {
  readonly ledger: DeviceLedger;
  readonly net: DeviceNet;
  private readonly auth: AuthClient;
  private readonly triedCodes = new Set<string>();

  constructor(
    private readonly spec: CitizenSpec,
    private readonly ctx: SimContext,
  ) {
    this.net = new DeviceNet(spec.address);
    this.auth = new AuthClient({
      serverUrl: ctx.settings.serverUrl,
      store: new MemoryTokenStore(),
      fetch: this.net.fetch,
    });
    this.ledger = { key: spec.key, kind: 'citizen', reports: [], actions: [], staffPhotoIds: [] };
  }

  /** The app is opened, used for `durationMs`, and closed. */
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
      const spell = random() < settings.offlineShare ? this.offlineSpell(durationMs) : undefined;
      if (this.ledger.reports.length < settings.maxReportsPerCitizen && random() < 0.7) {
        await sleep(random() * durationMs * 0.5);
        await this.report(device);
      }
      await sleep(Math.max(0, until - Date.now()));
      await spell;
    } finally {
      await device.close();
    }
  }

  /** Faults are over: push everything this phone holds. */
  async settlePush(timeoutMs: number): Promise<boolean> {
    this.net.goOnline();
    const signedIn = await this.ensureSignedIn().then(
      () => true,
      () => false,
    );
    if (!signedIn) return this.ledger.reports.length === 0;
    const device = await this.open();
    try {
      const errors = tallyErrors(device.error$);
      device.startSync();
      const pushed = await within(device.awaitInSync(), timeoutMs);
      if (!pushed) this.ledger.settleNote = `push: ${errors.summary()}${this.notFoundNote()}`;
      return pushed;
    } finally {
      await device.close();
    }
  }

  /** Opens the app once more and waits until it shows what its database on the server holds. */
  async settlePull(timeoutMs: number): Promise<DeviceSettlement> {
    const settlement = emptySettlement(this.spec.key);
    const principal = this.ledger.principal;
    if (!principal) return settlement;
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
      settlement.pushed = (await device.hasUnsent()) === false;
      Object.assign(settlement, last);
      settlement.statusesOnDevice = (await firstValueFrom(device.statuses$)).size;
    } catch (err) {
      settlement.error = String(err);
    } finally {
      await device.close();
    }
    return settlement;
  }

  private async compare(device: CitizenDevice): Promise<Comparison> {
    const [reports, statuses, messages] = await Promise.all([
      firstValueFrom(device.reports$),
      firstValueFrom(device.statuses$),
      firstValueFrom(device.messages$),
    ]);
    const local = [...reports, ...statuses.values(), ...messages] as unknown as Parameters<
      typeof compareDocs
    >[1];
    const db = `citizen-${this.ledger.principal!.id}`;
    return compareDocs(await serverDocs(this.ctx.store, db), local);
  }

  private async report(device: CitizenDevice): Promise<void> {
    const { random, settings, counters, jpegs } = this.ctx;
    const offline = random() < settings.offlineShare;
    if (offline) this.net.goOffline();
    const covered = random() * UNCOVERED_ONE_IN >= 1;
    const location = !covered ? JINGXING : random() < 0.5 ? CHANG_AN : QIAOXI;
    const photoCount = Math.floor(random() * (settings.maxPhotosPerReport + 1));
    const photos = Array.from(
      { length: photoCount },
      () => jpegs[Math.floor(random() * jpegs.length)]!,
    );
    const report = await device.submitReport({
      category: { major: 'garbage', minor: 'exposed-garbage' },
      description: `模拟上报 ${this.spec.key} #${this.ledger.reports.length + 1} 🚮`,
      location,
      capturedAt: captureTime(true),
      followUpSms: random() < 0.3,
      photos,
    });
    this.ledger.reports.push({
      id: report._id,
      covered,
      photoIds: photos.map((_, index) => `photo-${report._id}-${index}`),
    });
    counters.reports++;
    counters.photos += photoCount;
    if (offline) {
      counters.reportsOffline++;
      await sleep(500 + random() * 3_000);
      this.net.goOnline();
    }
  }

  private async offlineSpell(durationMs: number): Promise<void> {
    const { random, counters } = this.ctx;
    await sleep(random() * durationMs * 0.6);
    this.net.goOffline();
    counters.offlineSpells++;
    await sleep(500 + random() * durationMs * 0.4);
    this.net.goOnline();
  }

  private notFoundNote(): string {
    return this.net.notFound.length === 0 ? '' : `; 404 on ${this.net.notFound.join(' | ')}`;
  }

  private open(): Promise<CitizenDevice> {
    return openCitizenDevice({
      serverUrl: this.ctx.settings.serverUrl,
      auth: this.auth,
      storage: this.ctx.storage,
      pouch: this.ctx.pouch,
      name: `sim-${this.spec.key}`,
      multiInstance: false,
      retryTimeMs: 1_000,
    });
  }

  /**
   * Asks for a code, reads it where the SMS would land (the store's outbox), and verifies it.
   * A lost answer is retried: with a code already sent, it is verified instead of asking again;
   * a code that may have been used up by a lost verify is never tried twice.
   */
  private async ensureSignedIn(): Promise<void> {
    await this.auth.restore();
    if (this.auth.session !== null) return;
    const { counters } = this.ctx;
    for (let attempt = 0; attempt < SIGN_IN_ATTEMPTS; attempt++) {
      try {
        let code = await this.untriedCode();
        if (!code) {
          await this.auth.requestCode(this.spec.phone).catch((err: unknown) => {
            if (!(err instanceof SyncError) || err.code !== 'resend-too-soon') throw err;
          });
          code = await this.untriedCode();
        }
        if (!code) throw new Error('no code arrived');
        this.triedCodes.add(code);
        const principal = await this.auth.verify(this.spec.phone, code);
        this.ledger.principal = { kind: 'citizen', id: principal.id };
        counters.signIns++;
        return;
      } catch {
        counters.signInRetries++;
        await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt));
      }
    }
    throw new Error(`${this.spec.key} could not sign in`);
  }

  private async untriedCode(): Promise<string | undefined> {
    const outbox = this.ctx.store.use<{ to?: string; text?: string; createdAt?: string }>(
      'sms-outbox',
    );
    const { docs } = await outbox.find({ selector: { to: this.spec.phone }, limit: 50 });
    const codes = docs
      .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))
      .map((doc) => /\d{6}/.exec(doc.text ?? '')?.[0])
      .filter((code): code is string => code !== undefined);
    const newest = codes[0];
    return newest && !this.triedCodes.has(newest) ? newest : undefined;
  }
}

export function emptySettlement(key: string): DeviceSettlement {
  return {
    key,
    pushed: true,
    missing: [],
    stale: [],
    unsent: [],
    statusesOnDevice: 0,
    outcomesOnDevice: 0,
    tasksOnDevice: 0,
  };
}
