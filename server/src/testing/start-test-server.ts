import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVER_DBS } from '@smt/shared';
import { createApp } from '../app.ts';
import type { SmsProvider } from '../auth/sms.ts';
import { loadConfig } from '../config.ts';
import { createServerContext, type ServerContext } from '../context.ts';
import { childLogger } from '../logger.ts';
import { openStore } from '../store/index.ts';
import { startWorkers } from '../workers/index.ts';

export interface TestServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  ctx: ServerContext;
  dataDir: string;
  workers?: Awaited<ReturnType<typeof startWorkers>>;
  /** Stops workers, server and store; removes the data folder unless DATA_DIR was given. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Start the background workers too (off by default: most tests drive one part). */
  workers?: boolean;
  sms?: SmsProvider;
}

/**
 * The real server on a random loopback port with the embedded store in a fresh temporary
 * folder. `overrides` are environment variables (SMS_CODE_TTL_S: '1', DATA_DIR to reuse a
 * folder across a restart, COUCHDB_URL for Apache CouchDB, ...).
 */
export async function startTestServer(
  overrides: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const ownsDataDir = overrides.DATA_DIR === undefined;
  const dataDir = overrides.DATA_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'smt-server-')));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    WEB_DIR: path.join(dataDir, 'no-web-app'),
    ...overrides,
    DATA_DIR: dataDir,
  });

  const store = await openStore(config, childLogger('store'));
  for (const name of Object.values(SERVER_DBS)) await store.ensureDb(name);
  const ctx = await createServerContext(config, store, childLogger('server'), options);
  const server = createApp(ctx).listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const workers = options.workers ? await startWorkers(ctx) : undefined;
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    dataDir,
    workers,
    async close() {
      await workers?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await store.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
