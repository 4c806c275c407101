import type { Logger } from 'pino';
import { storeOverHttp, type Store } from './store.ts';

const STARTUP_ATTEMPTS = 10;
const STARTUP_RETRY_DELAY_MS = 1_000;

/** Apache CouchDB 3.x (a node or a cluster); waits briefly for it, as containers start together. */
export async function openCouchStore(couchdbUrl: string, log: Logger): Promise<Store> {
  const url = couchdbUrl.replace(/\/+$/, '');
  const store = storeOverHttp('couchdb', url, async () => {});

  for (let attempt = 1; ; attempt++) {
    try {
      const welcome = (await store.couch.request({ path: '' })) as { version?: string };
      log.info({ version: welcome.version, host: new URL(url).host }, 'CouchDB reached');
      return store;
    } catch (err) {
      if (attempt >= STARTUP_ATTEMPTS) throw err;
      log.warn({ err, attempt }, 'CouchDB not reachable yet');
      await new Promise((resolve) => setTimeout(resolve, STARTUP_RETRY_DELAY_MS));
    }
  }
}
