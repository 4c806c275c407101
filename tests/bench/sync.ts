import { loadavg } from 'node:os';
import { startServer } from '../support/server.ts';
import { DEMO_PASSWORD, SERVER_ENV } from '../workflow/support.ts';
import { benchStatusLatency } from './sync-latency.ts';
import { benchReplication } from './sync-replication.ts';
import {
  type BenchEnv,
  CountingFetch,
  fixed,
  out,
  signInStaffCounting,
  storeFetch,
} from './sync-support.ts';
import { benchTaskPull } from './sync-tasks.ts';

/**
 * `npm run bench -- sync`: what the sync gateway costs, each figure against a baseline measured
 * in the same run on the same store. It starts the real server (embedded store, or the Apache
 * CouchDB in COUCHDB_URL), reports, and removes what it made; it never fails on a verdict.
 */
export interface SyncBenchOptions {
  /** Documents per PouchDB push (figure 1). */
  docs?: number;
  /** Tasks a fresh device pulls (figure 2). */
  tasks?: number;
  /** Reports whose status round trip is timed (figure 3). */
  reports?: number;
  /** Rounds of figures 1 and 2; best and worst are printed. */
  rounds?: number;
}

const DEFAULT_DOCS = 2_000;
const DEFAULT_TASKS = 5_000;
const DEFAULT_REPORTS = 50;
const DEFAULT_ROUNDS = 3;
// A disposal-team member: their main database holds tasks, their media outbox no worker reads.
const TEAM_MEMBER = 'demo-team-a1';

const load = (): string =>
  loadavg()
    .map((n) => fixed(n))
    .join(' ');

export async function benchSync(opts: SyncBenchOptions = {}): Promise<void> {
  const rounds = opts.rounds ?? DEFAULT_ROUNDS;
  // The task pull seeds its tasks straight into the store, where no device write signals the
  // workers; a short sweep has the workflow worker read them before the timing starts.
  const server = await startServer({ ...SERVER_ENV, WORKER_SWEEP_INTERVAL_S: '5' });
  try {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { store?: string };
    const store = storeFetch(server.storeUrl);
    out(`store: ${health.store ?? 'unknown'} at ${store.base}; server ${server.url}`);
    out(`load average before: ${load()}`);
    const staff = await signInStaffCounting(server, TEAM_MEMBER, DEMO_PASSWORD);
    const principal = staff.auth.session;
    if (!principal) throw new Error(`${TEAM_MEMBER} did not sign in`);
    const env: BenchEnv = {
      server,
      staff: { ...staff, principal },
      store: { base: store.base, counter: new CountingFetch(store.fetch) },
    };

    await benchReplication(env, { docs: opts.docs ?? DEFAULT_DOCS, rounds });
    await benchTaskPull(env, { tasks: opts.tasks ?? DEFAULT_TASKS, rounds });
    await benchStatusLatency(env, { reports: opts.reports ?? DEFAULT_REPORTS });
    out();
    out(`load average after: ${load()}`);
  } finally {
    await server.dispose();
  }
}
