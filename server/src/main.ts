import type { AddressInfo } from 'node:net';
import { SERVER_DBS } from '@smt/shared';
import { createApp } from './app.ts';
import { ensureDemoStaff } from './auth/demo-staff.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createServerContext } from './context.ts';
import { childLogger, logger } from './logger.ts';
import { openStore } from './store/index.ts';
import { startWorkers } from './workers/index.ts';

/** Time a shutdown may take before the process exits anyway (open longpolls, a stuck worker). */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  logger.level = config.logLevel;
  const log = childLogger('server');

  const store = await openStore(config, childLogger('store'));
  for (const name of Object.values(SERVER_DBS)) await store.ensureDb(name);
  const ctx = await createServerContext(config, store, log);
  if (config.demoStaff) await ensureDemoStaff(store, config.demoStaffPassword, childLogger('auth'));

  const server = createApp(ctx).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  log.info({ url: `http://${config.host}:${port}`, store: store.kind }, 'server listening');

  const workers = await startWorkers(ctx);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();

    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await workers.stop();
    // Longpoll _changes requests would hold the server open for good.
    server.closeAllConnections();
    await closed;
    await store.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) logger.fatal({ problem }, 'invalid configuration');
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'server failed to start');
  process.exit(1);
});
