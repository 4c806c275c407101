import { photoIdFor, principalDb } from '@smt/shared';
import { newReportId } from '@smt/sync';
import { CHANG_AN } from '../support/citizen.ts';
import {
  type BenchEnv,
  type CountingFetch,
  fixed,
  type Measured,
  memoryDb,
  out,
  BenchPouch,
  remoteDb,
  verdict,
} from './sync-support.ts';

/**
 * Figure 1: documents per second that PouchDB replicates through the gateway, against the same
 * replication straight to the store's CouchDB endpoint, in both directions.
 *
 * The target is the signed-in team member's media outbox, because no worker follows it: a
 * citizen's main database only takes reports, and each one starts the intake worker, whose
 * store writes would then compete with the gateway push and not with the direct one. The
 * direct push goes to the same database, so both write into the same, equally growing, store
 * database. Each pull copies that round's two pushes (from the sequence before them) into a
 * fresh memory PouchDB, so every pull moves the same number of documents.
 */
export interface ReplicationOptions {
  docs: number;
  rounds: number;
}

// The ratio a plain proxy reached was about 0.8; the gateway should lose at most a tenth.
const GOAL_RATIO = 0.9;
const WARMUP_DOCS = 200;

type Path = 'gateway' | 'direct';
type Direction = 'push' | 'pull';

interface Run extends Measured {
  docs: number;
}

type Runs = Record<Direction, Record<Path, Run[]>>;

export async function benchReplication(env: BenchEnv, opts: ReplicationOptions): Promise<void> {
  const { server, staff, store } = env;
  const mediaDb = principalDb(staff.principal.kind, staff.principal.id, 'media');
  const remotes: Record<Path, () => PouchDB.Database> = {
    gateway: () => remoteDb(`${server.url}/sync/media`, staff.auth.authFetch),
    direct: () => remoteDb(`${store.base}/${encodeURIComponent(mediaDb)}`, store.counter.fetch),
  };
  const counters = { gateway: staff.counter, direct: store.counter };
  const runs: Runs = {
    push: { gateway: [], direct: [] },
    pull: { gateway: [], direct: [] },
  };

  out();
  out(
    `1. PouchDB replication (memory adapter), ${opts.docs} report-sized documents per push, ` +
      `${opts.rounds} rounds`,
  );
  out(`   through the gateway: ${server.url}/sync/media as a team member (${mediaDb})`);
  out(`   direct: the same database on the store's CouchDB endpoint, admin`);
  // Not timed: a first small push and pull each way, so that neither path is timed while the
  // server still compiles its code for it (the direct path's is warm from start-up).
  for (const path of ['gateway', 'direct'] as const) {
    const since = await updateSeq(remotes.direct());
    await push(remotes[path](), counters[path], WARMUP_DOCS);
    await pull(remotes[path](), counters[path], since);
  }
  for (let round = 0; round < opts.rounds; round += 1) {
    // Each path goes first in every other round, so that neither always meets a warmer store.
    const order: Path[] = round % 2 === 0 ? ['gateway', 'direct'] : ['direct', 'gateway'];
    const since = await updateSeq(remotes.direct());
    for (const path of order) {
      runs.push[path].push(await push(remotes[path](), counters[path], opts.docs));
    }
    for (const path of order) {
      runs.pull[path].push(await pull(remotes[path](), counters[path], since));
    }
  }

  printRuns(runs);
}

async function push(remote: PouchDB.Database, counter: CountingFetch, docs: number): Promise<Run> {
  const local = memoryDb('bench-push');
  await local.bulkDocs(reportSizedDocs(docs));
  let written = 0;
  const measured = await counter.measure(async () => {
    written = (await BenchPouch.replicate(local, remote)).docs_written;
  });
  await local.destroy();
  await remote.close();
  if (written !== docs) throw new Error(`push wrote ${written} of ${docs} documents`);
  return { ...measured, docs: written };
}

async function pull(remote: PouchDB.Database, counter: CountingFetch, since: number | string) {
  const local = memoryDb('bench-pull');
  let written = 0;
  const measured = await counter.measure(async () => {
    written = (await BenchPouch.replicate(remote, local, { since })).docs_written;
  });
  await local.destroy();
  await remote.close();
  return { ...measured, docs: written };
}

async function updateSeq(db: PouchDB.Database): Promise<number | string> {
  const info = await db.info();
  await db.close();
  return info.update_seq;
}

/**
 * Media-outbox documents (all the gateway lets a team member write there) that carry a report's
 * fields as well, so that each is the size of a report: about 400 bytes of JSON.
 */
function reportSizedDocs(count: number) {
  const now = new Date().toISOString();
  return Array.from({ length: count }, () => {
    const reportId = newReportId();
    return {
      _id: photoIdFor(reportId, 0),
      type: 'photo',
      reportId,
      index: 0,
      takenAt: now,
      category: { major: 'garbage', minor: 'exposed-garbage' },
      description: '路边垃圾堆放，已有两天无人清理',
      location: CHANG_AN,
      capturedAt: now,
      photoCount: 1,
      followUpSms: false,
      createdAt: now,
    };
  });
}

const rate = (run: Run): number => run.docs / (run.ms / 1000);

function printRuns(runs: Runs): void {
  out(`   ${'runner'.padEnd(24)}${'best/s'.padStart(9)}${'worst/s'.padStart(9)}  requests, docs`);
  for (const direction of ['push', 'pull'] as const) {
    for (const path of ['gateway', 'direct'] as const) {
      const list = runs[direction][path];
      const rates = list.map(rate);
      const counts = list.map((run) => `${run.requests}/${run.docs}`).join(' ');
      out(
        `   ${`${direction} ${path}`.padEnd(24)}${fixed(Math.max(...rates), 0).padStart(9)}` +
          `${fixed(Math.min(...rates), 0).padStart(9)}  ${counts}`,
      );
    }
  }
  for (const direction of ['push', 'pull'] as const) {
    const gateway = runs[direction].gateway.map(rate);
    const direct = runs[direction].direct.map(rate);
    const best = Math.max(...gateway) / Math.max(...direct);
    const worst = Math.min(...gateway) / Math.min(...direct);
    out(
      `   ${direction}: gateway/direct docs per second ${fixed(best)}x ` +
        `(worst against worst ${fixed(worst)}x), goal >= ${GOAL_RATIO}x ${verdict(best >= GOAL_RATIO)}`,
    );
  }
}
