import { randomBytes } from 'node:crypto';
import { principalDb } from '@smt/shared';
import { loadConfig } from '../../server/src/config.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { openFilesLimitOf } from '../simulator/open-files.ts';
import { type ProcessSample, sampleProcess } from './process-stats.ts';

export interface DatabaseBenchOptions {
  /** Citizen databases in all: each citizen has a main database and a media outbox. */
  databases?: number;
}

const DEFAULT_DATABASES = 10_000;
/** Citizens who sign in through the API and send a report through /sync/main. */
const MAX_SIGN_INS = 200;
const PARALLEL_REQUESTS = 8;
const SAMPLE_INTERVAL_MS = 250;
const ROW_EVERY_DBS = 1_000;
const READ_BACK_DBS = 100;
/** Idle time before the final reading, so that evictions still closing have finished. */
const SETTLE_MS = 2_000;
// What LevelDB keeps open per database, and room for sockets: the bench's own connections at
// the gateway and at the store, the workers' and the cases longpoll.
const FILES_PER_DB = 4;
const CONNECTION_FILES = 100;
const GOAL_PEAK_RSS_MB = 1024;
const MAX_OPEN_DBS = loadConfig({}).embeddedMaxOpenDbs;
const TOUCH_DOC_ID = 'bench-touch';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const fixed = (value: number, digits = 0): string => value.toFixed(digits);
const count = (value: number): string => value.toLocaleString('en-US');

/**
 * Many citizen databases on the embedded store of the real server (a child process, with its
 * workers), each created the way a citizen's first sign-in creates it and written to once.
 * Most are created through the store directly, as `ensurePrincipalDbs` does; a few hundred come
 * from real sign-ins followed by a report through the gateway.
 */
export async function benchDatabases(opts: DatabaseBenchOptions = {}): Promise<void> {
  const total = opts.databases ?? DEFAULT_DATABASES;
  const signIns = Math.min(MAX_SIGN_INS, Math.floor(total / 10));
  const direct = total - 2 * signIns;
  const server = await startServer({ LOG_LEVEL: 'warn', TRUST_PROXY: 'loopback' });
  try {
    const pid = server.pid();
    if (pid === undefined) throw new Error('the server process has no pid');
    await run(server, pid, { total, signIns, direct });
  } finally {
    await server.dispose();
  }
}

interface Plan {
  total: number;
  signIns: number;
  direct: number;
}

async function run(server: TestServer, pid: number, plan: Plan): Promise<void> {
  const limit = await openFilesLimitOf(pid);
  out(
    `databases: ${count(plan.total)} citizen databases: ${count(plan.direct)} created through ` +
      `the store as sign-in does, ${count(2 * plan.signIns)} by ${plan.signIns} real sign-ins ` +
      `with a report through /sync/main`,
  );
  out(
    `server: embedded store, EMBEDDED_MAX_OPEN_DBS ${MAX_OPEN_DBS} (default), ` +
      `open-file limit ${limit ?? 'unknown'}`,
  );
  const before = await sampleProcess(pid);
  out(`before: ${before.openFiles} open files, ${fixed(before.rssMb)} MB RSS`);

  const peaks = watchPeaks(pid, before);
  const started = performance.now();
  const elapsedS = () => (performance.now() - started) / 1000;
  out();
  out(
    `${'databases'.padStart(10)}${'elapsed s'.padStart(11)}${'open files'.padStart(12)}${'RSS MB'.padStart(9)}`,
  );
  let created = 0;
  let nextRowAt = ROW_EVERY_DBS;
  const row = async () => {
    const now = await sampleProcess(pid);
    out(
      `${count(created).padStart(10)}${fixed(elapsedS(), 1).padStart(11)}` +
        `${String(now.openFiles).padStart(12)}${fixed(now.rssMb).padStart(9)}`,
    );
  };
  const countCreated = async (dbs: number) => {
    created += dbs;
    if (created < nextRowAt) return;
    nextRowAt += ROW_EVERY_DBS;
    await row();
  };

  await inParallel(plan.direct, async (i) => {
    await createAndTouch(server, directDbName(i));
    await countCreated(1);
  });
  const signInStarted = performance.now();
  await inParallel(plan.signIns, async (i) => {
    await signInAndReport(server, i);
    await countCreated(2);
  });
  const signInS = (performance.now() - signInStarted) / 1000;
  const totalS = elapsedS();
  if (created !== nextRowAt - ROW_EVERY_DBS) await row();
  out();
  out(
    `sign-ins: ${plan.signIns} in ${fixed(signInS, 1)} s, each created its 2 databases and ` +
      `wrote a report through /sync/main (all answered 201)`,
  );

  const intact = await readBack(server, Math.min(READ_BACK_DBS, plan.direct));
  out(`read back: ${intact.read} of the earliest databases reopened, ${intact.intact} intact`);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const after = await sampleProcess(pid);
  peaks.stop();
  const peak = peaks.current();
  out(
    `final (after ${SETTLE_MS / 1000} s idle): ${after.openFiles} open files, ` +
      `${fixed(after.rssMb)} MB RSS`,
  );
  out(
    `peak: ${peak.openFiles} open files (sampled every ${SAMPLE_INTERVAL_MS} ms), ` +
      `${fixed(after.peakRssMb)} MB RSS (VmHWM)`,
  );
  out(
    `time: ${fixed(totalS, 1)} s for ${count(created)} databases ` +
      `(${fixed(created / totalS, 1)} databases/s)`,
  );
  out(
    `unbounded, ${count(created)} databases would hold about ${count(created * FILES_PER_DB)} files`,
  );

  printServerWarnings(server.logs());

  const budget = before.openFiles + MAX_OPEN_DBS * FILES_PER_DB + CONNECTION_FILES;
  out();
  out(
    `goal: open files bounded whatever the number of databases: peak ${peak.openFiles} <= ` +
      `${budget} (before + ${MAX_OPEN_DBS} x ${FILES_PER_DB} + ${CONNECTION_FILES} for ` +
      `connections) ${verdict(peak.openFiles <= budget)}`,
  );
  out(
    `goal: memory under 1 GB: peak ${fixed(after.peakRssMb)} MB ` +
      verdict(after.peakRssMb < GOAL_PEAK_RSS_MB),
  );
  out(
    `goal: data intact after reopening: ${intact.intact}/${intact.read} ${verdict(intact.intact === intact.read)}`,
  );
}

const PINO_WARN = 40;

/** Warnings and errors the server logged during the run, counted by message. */
function printServerWarnings(logs: string): void {
  const counts = new Map<string, number>();
  for (const line of logs.split('\n')) {
    let entry: { level?: number; msg?: string };
    try {
      entry = JSON.parse(line) as { level?: number; msg?: string };
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < PINO_WARN) continue;
    const key = `level ${entry.level}: ${entry.msg ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  out(`server warnings and errors: ${counts.size === 0 ? 'none' : ''}`);
  for (const [message, times] of counts) out(`  ${times} x ${message}`);
}

function verdict(met: boolean): string {
  return met ? '[goal met]' : '[goal NOT met]';
}

const directDbName = (i: number): string => {
  const citizen = `cbench${String(Math.floor(i / 2)).padStart(8, '0')}`;
  return principalDb('citizen', citizen, i % 2 === 0 ? 'main' : 'media');
};

async function createAndTouch(server: TestServer, name: string): Promise<void> {
  await server.couch.db.create(name);
  await server.couch.use<{ type: string }>(name).insert({ _id: TOUCH_DOC_ID, type: 'bench-touch' });
}

/** A citizen signing in the way the app does, then sending one report from the device. */
async function signInAndReport(server: TestServer, i: number): Promise<void> {
  const phone = `+86138${String(i).padStart(8, '0')}`;
  // One client address each, as from many phones: the per-address code limit is 30 an hour.
  const headers = {
    'content-type': 'application/json',
    'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  };
  await expectStatus(
    fetch(`${server.url}/api/auth/code`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ phone }),
    }),
    202,
  );
  const code = await server.readLatestSmsCode(phone);
  const verified = await expectStatus(
    fetch(`${server.url}/api/auth/verify`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ phone, code }),
    }),
    200,
  );
  const { accessToken } = (await verified.json()) as { accessToken: string };

  const reportId = `r${randomBytes(10).toString('hex')}`;
  await expectStatus(
    fetch(`${server.url}/sync/main/${reportId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(report()),
    }),
    201,
  );
}

function report() {
  const now = new Date().toISOString();
  return {
    type: 'report',
    category: { major: 'garbage', minor: 'exposed-garbage' },
    description: 'bench: garbage by the kerb',
    location: { lat: 38.0497, lng: 114.5224, accuracyM: 12, source: 'gps' },
    capturedAt: now,
    photoCount: 0,
    followUpSms: false,
    createdAt: now,
  };
}

async function expectStatus(pending: Promise<Response>, status: number): Promise<Response> {
  const res = await pending;
  if (res.status !== status) {
    throw new Error(`${res.url}: expected ${status}, got ${res.status}: ${await res.text()}`);
  }
  return res;
}

/** Reads the touch document of the first databases, long since closed, through the store. */
async function readBack(
  server: TestServer,
  dbs: number,
): Promise<{ read: number; intact: number }> {
  let intact = 0;
  await inParallel(dbs, async (i) => {
    const doc = await server.couch.use<{ type?: string }>(directDbName(i)).get(TOUCH_DOC_ID);
    if (doc.type === 'bench-touch') intact++;
  });
  return { read: dbs, intact };
}

async function inParallel(total: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < total) await work(next++);
  };
  await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, lane));
}

/** Samples the process in the background, keeping the highest open-file count seen. */
function watchPeaks(pid: number, start: ProcessSample) {
  let peak = start;
  const timer = setInterval(() => {
    sampleProcess(pid).then(
      (now) => {
        if (now.openFiles > peak.openFiles) peak = now;
      },
      () => undefined,
    );
  }, SAMPLE_INTERVAL_MS);
  return {
    current: () => peak,
    stop: () => clearInterval(timer),
  };
}
