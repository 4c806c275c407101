import type { Logger } from 'pino';
import { SERVER_DBS } from '@smt/shared';
import { platformEvents } from '../events.ts';
import type { Store } from '../store/index.ts';

/**
 * Tells the followers when `cases` changes. Devices never write there (so the gateway never
 * signals it); intake, the photo worker and the workflow worker do. The followers read the
 * changes themselves from their checkpoints: this only wakes them. The feed resumes from the
 * last sequence it saw when it reconnects, so a change made meanwhile still wakes them.
 */
export function watchCases(store: Store, log: Logger): { stop(): void } {
  const reader = store.couch.use(SERVER_DBS.cases).changesReader;
  const feed = reader.start({ since: 'now', includeDocs: false, batchSize: 100 });
  feed.on('batch', () => platformEvents.databaseWritten(SERVER_DBS.cases));
  feed.on('error', (err: unknown) => log.warn({ err }, 'cases feed interrupted; it reconnects'));
  return { stop: () => reader.stop() };
}
