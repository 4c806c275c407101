import { timingSafeEqual } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import expressPouchDB from 'express-pouchdb';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createEmbeddedPouch } from './embedded-pouch.ts';
import { holdDatabasesInUse } from './open-databases.ts';
import { storeOverHttp, type Store } from './store.ts';

export const EMBEDDED_STORE_USER = 'admin';
const LOOPBACK_HOST = '127.0.0.1';
const OWNER_ONLY_MODE = 0o700;

/**
 * The embedded CouchDB-compatible store: express-pouchdb on its own Express 4 app, listening on
 * the loopback interface only, behind HTTP Basic with a password nobody but this process knows.
 * express-pouchdb itself must never see an outside request: anonymous writes crash it and its
 * "admin party" makes everyone an admin.
 */
export async function openEmbeddedStore(config: Config, log: Logger): Promise<Store> {
  const dir = path.join(config.dataDir, 'store');
  // The store holds the token secret and every citizen's data: no other local user may read it.
  await mkdir(dir, { recursive: true, mode: OWNER_ONLY_MODE });
  await chmod(dir, OWNER_ONLY_MODE);
  // Each open database holds about 4 files; past the limit the least recently used are closed.
  const pouch = createEmbeddedPouch(dir, { maxOpenDbs: config.embeddedMaxOpenDbs, log });

  const couchApp = expressPouchDB({
    mode: 'minimumForPouchDB',
    overrideMode: { include: ['routes/find'] },
    // Only read by the full mode's config and log parts; kept in the store folder regardless.
    configPath: path.join(dir, 'config.json'),
    logPath: path.join(dir, 'log.txt'),
  });
  // Its start-up wraps PouchDB's static methods; a request that arrives before then can hang.
  await couchApp.setPouchDB(pouch.PouchDB);
  const app = express();
  app.disable('x-powered-by');
  app.use(requireBasicAuth(EMBEDDED_STORE_USER, config.embeddedStorePassword));
  app.use(holdDatabasesInUse(pouch.openDatabases));
  app.use(couchApp);

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.embeddedStorePort, LOOPBACK_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const password = encodeURIComponent(config.embeddedStorePassword);
  const url = `http://${EMBEDDED_STORE_USER}:${password}@${LOOPBACK_HOST}:${port}`;
  log.info(
    { port, dir, maxOpenDbs: config.embeddedMaxOpenDbs },
    'embedded store listening on loopback',
  );

  return storeOverHttp('embedded', url, async () => {
    // Longpoll _changes requests never end by themselves; cut them so close() returns.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await pouch.closeAll();
  });
}

/** Refuses every request that does not carry exactly these credentials. */
export function requireBasicAuth(user: string, password: string): RequestHandler {
  const encoder = new TextEncoder();
  const credentials = Buffer.from(`${user}:${password}`).toString('base64');
  const expected = encoder.encode(`Basic ${credentials}`);
  return (req, res, next) => {
    const given = encoder.encode(req.headers.authorization ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Basic realm="store"');
    res.status(401).json({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
  };
}
