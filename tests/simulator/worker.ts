import nano from 'nano';
import PouchDB from 'pouchdb-core';
import MemoryAdapter from 'pouchdb-adapter-memory';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { smallJpeg } from './jpegs.ts';
import { emptyCounters, type DeviceSpec, type FromWorker, type ToWorker } from './protocol.ts';
import { SimCitizen } from './sim-citizen.ts';
import { seededRandom, sleep, type SimContext } from './sim-context.ts';
import { SimStaff } from './sim-staff.ts';

/**
 * One device process of the simulator. RxDB's free build allows 13 open collections per
 * JavaScript process (each device holds one while its app is open), so a process hosts many
 * devices but keeps at most `maxActiveDevices` of them open at once; the rest are closed apps
 * whose data waits in the process's memory storage.
 */
PouchDB.plugin(MemoryAdapter);

const COUNTERS_EVERY_MS = 1_000;
const JPEG_VARIANTS = 6;
const CITIZEN_SESSION_MS = { min: 2_000, spread: 6_000 };
const STAFF_SESSION_MS = { min: 4_000, spread: 8_000 };

type Device = SimCitizen | SimStaff;

let ctx: SimContext | undefined;
let citizens: SimCitizen[] = [];
let staff: SimStaff[] = [];
let active = true;
let activity: Promise<void> = Promise.resolve();

const send = (message: FromWorker) => process.send?.(message);

process.on('message', (message: ToWorker) => {
  void handle(message).catch((err: unknown) =>
    send({
      type: 'failed',
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    }),
  );
});
process.on('disconnect', () => process.exit(0));

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init':
      await init(message.index, message.devices, message.settings);
      send({ type: 'ready' });
      activity = runActivity();
      return;
    case 'stop-activity':
      active = false;
      await activity;
      send({ type: 'activity-stopped' });
      return;
    case 'settle-push': {
      const all: Device[] = [...staff, ...citizens];
      let done = 0;
      const pushed = await eachLimited(all, async (device) => {
        const ok = await device.settlePush(message.timeoutMs).catch(() => false);
        send({ type: 'settle-progress', done: ++done });
        return ok;
      });
      const ledgers = all.map((device) => device.ledger);
      send({ type: 'settled-push', ledgers, done: pushed.filter(Boolean).length });
      return;
    }
    case 'settle-pull': {
      const all: Device[] = [...staff, ...citizens];
      let done = 0;
      const settlements = await eachLimited(all, async (device) => {
        const settled = await device.settlePull(message.timeoutMs);
        send({ type: 'settle-progress', done: ++done });
        return settled;
      });
      send({ type: 'settled-pull', settlements });
      return;
    }
    case 'exit':
      process.exit(0);
  }
}

async function init(index: number, devices: DeviceSpec[], settings: SimContext['settings']) {
  const jpegs = await Promise.all(
    Array.from({ length: JPEG_VARIANTS }, (_, i) => smallJpeg(index * JPEG_VARIANTS + i)),
  );
  ctx = {
    settings,
    storage: getRxStorageMemory(),
    pouch: { PouchDB, adapter: 'memory' },
    store: nano({ url: settings.storeUrl, parseUrl: false } as nano.Configuration),
    counters: emptyCounters(),
    random: seededRandom(settings.seed * 7919 + index),
    jpegs,
  };
  const context = ctx;
  citizens = devices.flatMap((spec) =>
    spec.kind === 'citizen' ? [new SimCitizen(spec, context)] : [],
  );
  staff = devices.flatMap((spec) => (spec.kind === 'staff' ? [new SimStaff(spec, context)] : []));
  setInterval(
    () => send({ type: 'counters', counters: context.counters }),
    COUNTERS_EVERY_MS,
  ).unref();
}

/**
 * Staff work in shifts: each staff device opens its app again shortly after closing it.
 * Citizens open theirs now and then, in the slots the staff leave free.
 */
async function runActivity(): Promise<void> {
  const context = ctx!;
  const { random, counters } = context;
  const sessionMs = (range: { min: number; spread: number }) => range.min + random() * range.spread;
  const staffLoops = staff.map(async (device) => {
    await sleep(random() * 2_000);
    while (active) {
      await device.session(sessionMs(STAFF_SESSION_MS)).catch(() => counters.deviceErrors++);
      await sleep(200 + random() * 800);
    }
  });

  const citizenSlots = Math.max(1, context.settings.maxActiveDevices - staff.length);
  const busy = new Set<SimCitizen>();
  const running = new Set<Promise<void>>();
  while (active && citizens.length > 0) {
    const idle = citizens.filter((device) => !busy.has(device));
    if (running.size >= citizenSlots || idle.length === 0) {
      await Promise.race([...running, sleep(200)]);
      continue;
    }
    const device = idle[Math.floor(random() * idle.length)]!;
    busy.add(device);
    const run: Promise<void> = device
      .session(sessionMs(CITIZEN_SESSION_MS))
      .catch(() => {
        counters.deviceErrors++;
      })
      .finally(() => {
        busy.delete(device);
        running.delete(run);
      });
    running.add(run);
    await sleep(20 + random() * 150);
  }
  await Promise.allSettled([...running, ...staffLoops]);
}

/** Runs `work` for every item, at most maxActiveDevices at a time, keeping the order. */
async function eachLimited<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from(
    { length: Math.min(ctx!.settings.maxActiveDevices, items.length) },
    async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    },
  );
  await Promise.all(lanes);
  return results;
}
