import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openCouchStore } from './couchdb.ts';
import { openEmbeddedStore } from './embedded.ts';
import type { Store } from './store.ts';

export type { Store } from './store.ts';

export async function openStore(config: Config, log: Logger): Promise<Store> {
  return config.couchdbUrl
    ? openCouchStore(config.couchdbUrl, log)
    : openEmbeddedStore(config, log);
}
