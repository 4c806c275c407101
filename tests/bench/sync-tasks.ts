import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { caseIdFor, principalDb, SERVER_DBS, type TaskDoc, taskIdFor } from '@smt/shared';
import {
  type MainReplication,
  newReportId,
  openStaffDb,
  type StaffDocData,
  startMainReplication,
} from '@smt/sync';
import { CHANG_AN } from '../support/citizen.ts';
import {
  type BenchEnv,
  fixed,
  type Measured,
  memoryDb,
  out,
  BenchPouch,
  remoteDb,
  verdict,
} from './sync-support.ts';

/**
 * Figure 2: a fresh device pulling a team's tasks. The tasks are written straight into the
 * team member's database on the store, then pulled by RxDB through the gateway (the device
 * database and replication of the sync package, as the app opens them) and, for comparison, by
 * PouchDB's native replication straight from the store into a fresh memory PouchDB.
 *
 * RxDB runs on its memory storage: Dexie over fake-indexeddb in Node is far slower for bulk
 * work than IndexedDB in a browser (STACK-NOTES), and would time that shim rather than sync.
 */
export interface TaskPullOptions {
  tasks: number;
  rounds: number;
}

// The gateway's cost is repaid when RxDB's fewer, larger requests take at most half the time.
const GOAL_TIME_RATIO = 0.5;
const SEED_BATCH_DOCS = 500;
const WORKER_WAIT_MS = 90_000;
const POLL_MS = 250;
const COUNT_WAIT_MS = 30_000;

type Runner = 'rxdb' | 'pouch';

export async function benchTaskPull(env: BenchEnv, opts: TaskPullOptions): Promise<void> {
  const teamDb = principalDb(env.staff.principal.kind, env.staff.principal.id, 'main');
  out();
  out(`2. a fresh device pulling ${opts.tasks} tasks from ${teamDb}, ${opts.rounds} rounds`);
  await seedTasks(env, teamDb, opts.tasks);
  const waitedMs = await waitForWorkflowWorker(env, teamDb);
  out(
    `   seeded straight into the store (nano bulk); waited ${fixed(waitedMs / 1000, 1)} s for ` +
      `the workflow worker's sweep to read them before timing`,
  );

  const runs: Record<Runner, Measured[]> = { rxdb: [], pouch: [] };
  for (let round = 0; round < opts.rounds; round += 1) {
    const order: Runner[] = round % 2 === 0 ? ['rxdb', 'pouch'] : ['pouch', 'rxdb'];
    for (const runner of order) {
      runs[runner].push(
        runner === 'rxdb'
          ? await rxdbPull(env, opts.tasks, round)
          : await pouchPull(env, teamDb, opts.tasks),
      );
    }
  }

  printRuns(runs);
}

async function seedTasks(env: BenchEnv, teamDb: string, count: number): Promise<void> {
  const db = env.server.couch.use<TaskDoc>(teamDb);
  const now = new Date();
  for (let start = 0; start < count; start += SEED_BATCH_DOCS) {
    const size = Math.min(SEED_BATCH_DOCS, count - start);
    const docs = Array.from({ length: size }, (_, i) => taskDoc(start + i, now));
    const results = await db.bulk({ docs });
    const failed = results.filter((result) => result.error);
    if (failed.length > 0) throw new Error(`seeding tasks: ${failed.length} refused`);
  }
}

/** A task as the workflow worker projects an accepted, dispatched and assigned case. */
function taskDoc(serial: number, now: Date): TaskDoc {
  const caseId = caseIdFor(newReportId());
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  return {
    _id: taskIdFor(caseId),
    type: 'task',
    caseId,
    caseNumber: `SJZ-20260101-${String(serial + 1).padStart(5, '0')}`,
    state: 'assigned',
    category: { major: 'garbage', minor: 'exposed-garbage' },
    description: '路边垃圾堆放，已有两天无人清理',
    location: CHANG_AN,
    district: '长安区',
    dispatchedTo: '长安区',
    teamId: 'changanteam1',
    reworkCount: 0,
    photos: [{ photoId: `photo-${caseId.slice('case-'.length)}-0`, display: 'a'.repeat(64) }],
    deadline: at(-120),
    overdue: false,
    history: [
      { state: 'received', at: at(40), by: 'intake' },
      { state: 'accepted', at: at(40), by: 'intake' },
      { state: 'dispatched', at: at(30), by: 'demo-center' },
      { state: 'assigned', at: at(20), by: 'demo-changan-desk' },
    ],
    refusals: [],
    withdrawn: false,
    updatedAt: at(20),
  };
}

/**
 * The workflow worker follows every team database and finds new ones on its sweep; its reading
 * of thousands of tasks would otherwise land in the middle of a timed pull. Its checkpoint is
 * past the tasks once the feed has nothing after it.
 */
async function waitForWorkflowWorker(env: BenchEnv, teamDb: string): Promise<number> {
  const state = env.server.couch.use<{ since?: string }>(SERVER_DBS.workerState);
  const db = env.server.couch.use(teamDb);
  const started = performance.now();
  while (performance.now() - started < WORKER_WAIT_MS) {
    const checkpoint = await state.get(`workflow:${teamDb}`).catch(() => undefined);
    if (checkpoint?.since !== undefined) {
      const after = await db.changes({ since: checkpoint.since, limit: 1 });
      if (after.results.length === 0) return performance.now() - started;
    }
    await delay(POLL_MS);
  }
  throw new Error(`the workflow worker did not read ${teamDb} within ${WORKER_WAIT_MS} ms`);
}

async function rxdbPull(env: BenchEnv, tasks: number, round: number): Promise<Measured> {
  const db = await openStaffDb({
    name: `bench-device-${round}-${Date.now().toString(36)}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  let replication: MainReplication<StaffDocData> | undefined;
  try {
    return await env.staff.counter.measure(async () => {
      const started = startMainReplication(db, { serverUrl: env.server.url, auth: env.staff.auth });
      replication = started;
      await started.state.awaitInitialReplication();
      await untilCount(() => db.docs.count().exec(), tasks);
    });
  } finally {
    await replication?.stop();
    await db.remove();
  }
}

async function pouchPull(env: BenchEnv, teamDb: string, tasks: number): Promise<Measured> {
  const local = memoryDb('bench-tasks');
  const remote = remoteDb(
    `${env.store.base}/${encodeURIComponent(teamDb)}`,
    env.store.counter.fetch,
  );
  let written = 0;
  const measured = await env.store.counter.measure(async () => {
    written = (await BenchPouch.replicate(remote, local)).docs_written;
  });
  await local.destroy();
  await remote.close();
  if (written !== tasks) throw new Error(`PouchDB pulled ${written} of ${tasks} tasks`);
  return measured;
}

/** The initial replication has ended; the count confirms every task is in the device's store. */
async function untilCount(count: () => Promise<number>, expected: number): Promise<void> {
  const started = performance.now();
  for (;;) {
    const have = await count();
    if (have === expected) return;
    if (have > expected || performance.now() - started > COUNT_WAIT_MS) {
      throw new Error(`the device holds ${have} documents, expected ${expected}`);
    }
    await delay(POLL_MS / 10);
  }
}

function printRuns(runs: Record<Runner, Measured[]>): void {
  const line = (name: string, list: Measured[]) => {
    const seconds = list.map((run) => run.ms / 1000);
    const requests = list.map((run) => run.requests).join(' ');
    out(
      `   ${name.padEnd(58)} best ${fixed(Math.min(...seconds))} s, worst ` +
        `${fixed(Math.max(...seconds))} s, requests ${requests}`,
    );
  };
  line('RxDB, memory storage, through the gateway', runs.rxdb);
  line('PouchDB native replication, memory adapter, direct', runs.pouch);
  const best = Math.min(...runs.rxdb.map((r) => r.ms)) / Math.min(...runs.pouch.map((r) => r.ms));
  const worst = Math.max(...runs.rxdb.map((r) => r.ms)) / Math.max(...runs.pouch.map((r) => r.ms));
  out(
    `   RxDB via gateway / PouchDB direct, time ${fixed(best)}x (worst against worst ` +
      `${fixed(worst)}x), goal <= ${GOAL_TIME_RATIO}x ${verdict(best <= GOAL_TIME_RATIO)}`,
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
