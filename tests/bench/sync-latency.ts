import { randomBytes } from 'node:crypto';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { StatusDoc } from '@smt/shared';
import {
  type CitizenDb,
  type CitizenDocData,
  newReportId,
  openCitizenDb,
  startMainReplication,
  toCouchShape,
} from '@smt/sync';
import { captureTime, CHANG_AN, signIn } from '../support/citizen.ts';
import { type BenchEnv, fixed, out, percentile, verdict } from './sync-support.ts';

/**
 * Figure 3: from a report written on a citizen's device to its status arriving on that device.
 * The way is device push through the gateway, the intake worker (woken by the gateway) judging
 * it and writing the status into the citizen's database, and the device's live long-poll
 * through the gateway bringing it back. The floor is the least any such loop can take on the
 * same store: a document written straight to it and seen by a `_changes` long-poll that was
 * already waiting there.
 */
export interface LatencyOptions {
  reports: number;
}

// Two writes, two hops through the gateway and a worker's judgement: five floors at most.
const GOAL_P95_RATIO = 5;
// Not counted: the first round trips open connections and warm the worker's caches.
const WARMUP_SAMPLES = 3;
// A long-poll gets this long to be registered on the store before the write it must see.
const LISTENER_SETTLE_MS = 30;
const STATUS_WAIT_MS = 30_000;

export async function benchStatusLatency(env: BenchEnv, opts: LatencyOptions): Promise<void> {
  out();
  out(`3. report written on a device -> its status on that device, ${opts.reports} reports`);
  const deviceMs = await deviceSamples(env, opts.reports);
  const floorMs = await floorSamples(env, opts.reports);

  const summary = (samples: number[]) =>
    `p50 ${fixed(percentile(samples, 50), 1)} ms, p95 ${fixed(percentile(samples, 95), 1)} ms, ` +
    `max ${fixed(Math.max(...samples), 1)} ms`;
  out(`   device (RxDB memory storage, live replication via gateway): ${summary(deviceMs)}`);
  out(`   floor (write + waiting _changes long-poll, direct on store): ${summary(floorMs)}`);
  const ratio = percentile(deviceMs, 95) / percentile(floorMs, 95);
  out(
    `   p95 device / p95 floor ${fixed(ratio, 1)}x, goal <= ${GOAL_P95_RATIO}x ` +
      verdict(ratio <= GOAL_P95_RATIO),
  );
}

/**
 * A citizen's device database and its live replication, as CitizenDevice opens them, without
 * the photo outbox: a report without photos never touches it (see sync-support.ts for why it
 * cannot be opened here). A report is written as submitReport writes it.
 */
async function deviceSamples(env: BenchEnv, reports: number): Promise<number[]> {
  const auth = await signIn(env.server);
  const db = await openCitizenDb({
    name: `bench-citizen-${Date.now().toString(36)}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  const arrivals = new StatusArrivals();
  const statuses = db.docs
    .find({ selector: { type: 'status' } })
    .$.subscribe((docs) =>
      arrivals.update(docs.map((doc) => toCouchShape<StatusDoc>(doc.toJSON()))),
    );
  const replication = startMainReplication(db, { serverUrl: env.server.url, auth });
  try {
    await replication.awaitInSync();
    return await timeReports(db, arrivals, reports);
  } finally {
    statuses.unsubscribe();
    await replication.stop();
    await db.remove();
  }
}

/** When each report's status was first seen on the device; resolves those waiting for it. */
class StatusArrivals {
  private readonly seen = new Map<string, StatusDoc>();
  private readonly waiting = new Map<string, (status: StatusDoc) => void>();

  update(statuses: StatusDoc[]): void {
    for (const status of statuses) {
      const reportId = status.reportId;
      if (this.seen.has(reportId)) continue;
      this.seen.set(reportId, status);
      this.waiting.get(reportId)?.(status);
      this.waiting.delete(reportId);
    }
  }

  next(reportId: string): Promise<StatusDoc> {
    const known = this.seen.get(reportId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no status for ${reportId} in ${STATUS_WAIT_MS} ms`)),
        STATUS_WAIT_MS,
      );
      this.waiting.set(reportId, (status) => {
        clearTimeout(timer);
        resolve(status);
      });
    });
  }
}

/** One report at a time, so that each sample is a lone round trip, as a citizen makes it. */
async function timeReports(
  db: CitizenDb,
  arrivals: StatusArrivals,
  reports: number,
): Promise<number[]> {
  const samples: number[] = [];
  const refused: string[] = [];
  for (let i = 0; i < WARMUP_SAMPLES + reports; i += 1) {
    const started = performance.now();
    const reportId = newReportId();
    await db.docs.insert(reportFields(reportId));
    const status = await arrivals.next(reportId);
    const ms = performance.now() - started;
    if (status.state !== 'accepted') refused.push(`${status.state} ${status.reason?.code ?? ''}`);
    if (i >= WARMUP_SAMPLES) samples.push(ms);
  }
  if (refused.length > 0) out(`   NOTE: ${refused.length} reports not accepted: ${refused[0]}`);
  return samples;
}

/** A report as submitReport stores it: CouchDB's `_id` is `id` on the device. */
function reportFields(id: string): CitizenDocData {
  const now = new Date().toISOString();
  return {
    id,
    type: 'report',
    category: { major: 'garbage', minor: 'exposed-garbage' },
    description: '路边垃圾堆放，已有两天无人清理',
    location: CHANG_AN,
    capturedAt: captureTime(true),
    photoCount: 0,
    followUpSms: false,
    createdAt: now,
  };
}

async function floorSamples(env: BenchEnv, count: number): Promise<number[]> {
  const dbName = `bench-floor-${randomBytes(6).toString('hex')}`;
  const dbUrl = `${env.store.base}/${dbName}`;
  const storeFetch = env.store.counter.fetch;
  await env.server.couch.db.create(dbName);
  try {
    const samples: number[] = [];
    let since = '0';
    for (let i = 0; i < WARMUP_SAMPLES + count; i += 1) {
      const listener = storeFetch(`${dbUrl}/_changes?feed=longpoll&since=${since}`).then(
        async (res) => (await res.json()) as { last_seq: string | number; results: unknown[] },
      );
      await new Promise((resolve) => setTimeout(resolve, LISTENER_SETTLE_MS));
      const started = performance.now();
      const written = await storeFetch(`${dbUrl}/floor-${i}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'status', state: 'accepted', at: new Date().toISOString() }),
      });
      if (!written.ok) throw new Error(`floor write answered ${written.status}`);
      await written.arrayBuffer();
      const seen = await listener;
      const ms = performance.now() - started;
      if (seen.results.length === 0) throw new Error('the long-poll ended without the write');
      since = String(seen.last_seq);
      if (i >= WARMUP_SAMPLES) samples.push(ms);
    }
    return samples;
  } finally {
    await env.server.couch.db.destroy(dbName);
  }
}
