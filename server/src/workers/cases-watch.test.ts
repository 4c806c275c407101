import { afterEach, it } from 'vitest';
import { SERVER_DBS } from '@smt/shared';
import { platformEvents } from '../events.ts';
import { childLogger } from '../logger.ts';
import { startTestServer, type TestServer } from '../testing/start-test-server.ts';
import { watchCases } from './cases-watch.ts';

let server: TestServer | undefined;
let watch: { stop(): void } | undefined;

afterEach(async () => {
  watch?.stop();
  await server?.close();
});

it('starts the cases feed again after the store refused it with a 4xx', async () => {
  server = await startTestServer();
  // Gone while the feed starts: its first request meets 404, which nano's changes reader takes
  // as the end of the feed.
  await server.ctx.store.couch.db.destroy(SERVER_DBS.cases);
  const woken = new Promise<void>((resolve) => {
    const off = platformEvents.onDatabaseWritten((db) => {
      if (db !== SERVER_DBS.cases) return;
      off();
      resolve();
    });
  });
  watch = watchCases(server.ctx.store, childLogger('workflow'));
  await new Promise((resolve) => setTimeout(resolve, 500));
  await server.ctx.store.couch.db.create(SERVER_DBS.cases);

  // Started again, the feed wakes the workers, who read what they missed from their checkpoints.
  await woken;
}, 20_000);
