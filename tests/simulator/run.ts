import { randomBytes } from 'node:crypto';
import cliProgress from 'cli-progress';
import {
  DEMO_STAFF,
  DEMO_TEAM_CHANGAN,
  DEMO_TEAM_QIAOXI,
} from '../../server/src/auth/demo-staff.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { checkServer, withDevices, type Convergence } from './convergence.ts';
import { DeviceProcess, sumCounters } from './device-processes.ts';
import { startFaultProxy, type FaultCounts } from './fault-proxy.ts';
import { watchOpenFiles } from './open-files.ts';
import type { Counters, DeviceLedger, DeviceSettlement, DeviceSpec } from './protocol.ts';
import { startServerKiller } from './server-killer.ts';
import { seededRandom, sleep } from './sim-context.ts';
import { disruptedCount } from './summary.ts';

export interface SimulationOptions {
  citizens: number;
  staff: number;
  processes: number;
  durationS: number;
  /** Share of requests the proxy disrupts while the run lasts (0 to 1). */
  disruption: number;
  kills: number;
  maxActivePerProcess: number;
  maxReportsPerCitizen: number;
  maxPhotosPerReport: number;
  offlineShare: number;
  settleTimeoutS: number;
  seed: number;
  /** Draw the progress bar (on a terminal). */
  progress: boolean;
  /** Called after the checks, before the server goes away (tests look at the store). */
  inspect?: (server: TestServer, ledgers: DeviceLedger[]) => Promise<void>;
}

export interface SimulationResult {
  options: SimulationOptions;
  store: string;
  convergence: Convergence;
  counters: Counters;
  /** Through the proxy over the whole run and settle. */
  faults: FaultCounts;
  /** Through the proxy while faults were on: the share `disruption` asked for. */
  faultsDuringRun: FaultCounts;
  kills: number;
  runS: number;
  settleS: number;
  openFiles: { limit: number | undefined; peak: number };
  signedIn: { citizens: number; staff: number };
}

/** Demo staff accounts share sessions; the server keeps at most 10 per account. */
const MAX_DEVICES_PER_STAFF_ACCOUNT = 4;
const TICK_MS = 1_000;
/** Each check reads every device's databases; more often would slow the server it waits for. */
const SERVER_CHECK_MS_PER_DEVICE = 30;
const SERVER_CHECK_MIN_INTERVAL_MS = 3_000;
const STAFF_PASSWORD = `sim-${randomBytes(8).toString('hex')}`;

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const maxStaff = DEMO_STAFF.length * MAX_DEVICES_PER_STAFF_ACCOUNT;
  if (options.staff > maxStaff) throw new Error(`at most ${maxStaff} staff devices`);
  const random = seededRandom(options.seed);
  const server = await startServer({
    DEMO_STAFF_PASSWORD: STAFF_PASSWORD,
    // Every phone has its own address (X-Forwarded-For, set by the simulated phone and
    // trusted from the loopback proxy only); the per-phone and per-address limits stay on.
    TRUST_PROXY: 'loopback',
    // A retry after a lost answer may ask for a code at once; the hourly limit still holds.
    SMS_RESEND_INTERVAL_S: '0',
    // Short-lived access tokens: every device refreshes several times, through the faults too.
    ACCESS_TOKEN_TTL_S: '120',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const proxy = await startFaultProxy({ target: server.url, share: 0, random });
  const openFiles = watchOpenFiles(2_000);
  const processes = Array.from(
    { length: Math.max(1, options.processes) },
    (_, i) => new DeviceProcess(i),
  );
  const bar = options.progress ? newBar() : undefined;

  try {
    const specs = deviceSpecs(options, random);
    const teamByDistrict = teamsByDistrict();
    await Promise.all(
      processes.map((p, index) =>
        p.ask(
          {
            type: 'init',
            index,
            devices: specs.filter((_, i) => i % processes.length === index),
            settings: {
              serverUrl: proxy.url,
              storeUrl: server.storeUrl,
              staffPassword: STAFF_PASSWORD,
              maxActiveDevices: options.maxActivePerProcess,
              maxReportsPerCitizen: options.maxReportsPerCitizen,
              maxPhotosPerReport: options.maxPhotosPerReport,
              offlineShare: options.offlineShare,
              teamByDistrict,
              seed: options.seed,
            },
          },
          'ready',
        ),
      ),
    );

    // The run: devices at work, the proxy disrupting, the server killed now and then.
    const runStarted = Date.now();
    proxy.setShare(options.disruption);
    const killer = startServerKiller(server, {
      kills: options.kills,
      windowMs: options.durationS * 1000 * 0.85,
      random,
    });
    const runMs = options.durationS * 1000;
    bar?.start(options.durationS, 0, payload('run', processes, proxy.counts, 0));
    while (Date.now() - runStarted < runMs) {
      await sleep(TICK_MS);
      const elapsedS = Math.min(options.durationS, Math.round((Date.now() - runStarted) / 1000));
      bar?.update(elapsedS, payload('run', processes, proxy.counts, killer.killed));
    }
    await killer.stop();
    await Promise.all(processes.map((p) => p.ask({ type: 'stop-activity' }, 'activity-stopped')));
    const runS = (Date.now() - runStarted) / 1000;
    proxy.setShare(0);
    const faultsDuringRun = { ...proxy.counts };

    // Settling: no more faults; every device pushes what it holds, the server catches up,
    // and every device looks once more at what the server holds for it.
    const settleStarted = Date.now();
    const settleMs = options.settleTimeoutS * 1000;
    const total = specs.length;
    bar?.setTotal(total);
    const tick = setInterval(() => {
      const done = processes.reduce((n, p) => n + p.settled, 0);
      bar?.update(done, payload('settle', processes, proxy.counts, killer.killed));
    }, TICK_MS);
    const pushed = await Promise.all(
      processes.map((p) => p.ask({ type: 'settle-push', timeoutMs: settleMs / 3 }, 'settled-push')),
    );
    const ledgers: DeviceLedger[] = pushed.flatMap((p) => p.ledgers);
    let serverView = await checkServer(server.couch, ledgers);
    while (!serverView.converged && Date.now() - settleStarted < settleMs * 0.66) {
      bar?.update(0, payload('server', processes, proxy.counts, killer.killed));
      await sleep(Math.max(SERVER_CHECK_MIN_INTERVAL_MS, SERVER_CHECK_MS_PER_DEVICE * total));
      serverView = await checkServer(server.couch, ledgers);
    }
    const pulled = await Promise.all(
      processes.map((p) => p.ask({ type: 'settle-pull', timeoutMs: settleMs / 3 }, 'settled-pull')),
    );
    clearInterval(tick);
    const settlements: DeviceSettlement[] = pulled.flatMap((p) => p.settlements);
    const convergence = withDevices(await checkServer(server.couch, ledgers), settlements);
    bar?.update(total, payload('done', processes, proxy.counts, killer.killed));
    bar?.stop();
    await options.inspect?.(server, ledgers);

    return {
      options,
      store: process.env.COUCHDB_URL ? 'Apache CouchDB (COUCHDB_URL)' : 'embedded',
      convergence,
      counters: sumCounters(processes),
      faults: { ...proxy.counts },
      faultsDuringRun,
      kills: killer.killed,
      runS,
      settleS: (Date.now() - settleStarted) / 1000,
      openFiles: { limit: openFiles.limit, peak: openFiles.peak },
      signedIn: {
        citizens: ledgers.filter((l) => l.kind === 'citizen' && l.principal).length,
        staff: ledgers.filter((l) => l.kind === 'staff' && l.principal).length,
      },
    };
  } finally {
    bar?.stop();
    openFiles.stop();
    await Promise.all(processes.map((p) => p.exit()));
    await proxy.close();
    await disposeServer(server);
  }
}

async function disposeServer(server: TestServer): Promise<void> {
  await server.dispose().catch(() => server.kill());
}

function deviceSpecs(options: SimulationOptions, random: () => number): DeviceSpec[] {
  const phoneBase = Math.floor(random() * 50_000_000);
  const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const staff: DeviceSpec[] = Array.from({ length: options.staff }, (_, i) => ({
    key: `s${i}`,
    kind: 'staff',
    account: DEMO_STAFF[i % DEMO_STAFF.length]!.name,
    address: address(i + 1),
  }));
  const citizens: DeviceSpec[] = Array.from({ length: options.citizens }, (_, i) => ({
    key: `c${i}`,
    kind: 'citizen',
    phone: `+86139${String(phoneBase + i).padStart(8, '0')}`,
    address: address(options.staff + i + 1),
  }));
  return [...staff, ...citizens];
}

/** The demo district platforms each assign to the demo team of their district. */
function teamsByDistrict(): Record<string, string> {
  return { 长安区: DEMO_TEAM_CHANGAN, 桥西区: DEMO_TEAM_QIAOXI };
}

function newBar() {
  return new cliProgress.SingleBar(
    {
      format:
        '{phase} |{bar}| {value}/{total} | reports {reports} photos {photos} actions {actions} | ' +
        'disrupted {disrupted}/{requests} | SIGKILL {kills}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
}

function payload(phase: string, processes: DeviceProcess[], faults: FaultCounts, kills: number) {
  const c = sumCounters(processes);
  const disrupted = disruptedCount(faults);
  return {
    phase: phase.padEnd(6),
    reports: c.reports,
    photos: c.photos,
    actions: c.actions,
    disrupted,
    requests: faults.requests,
    kills,
  };
}
