import type { Logger } from 'pino';
import { SERVER_DBS } from '@smt/shared';
import { platformEvents } from '../events.ts';
import type { Store } from '../store/index.ts';

/** A feed the store refused for good (a 4xx) is started again after this long. */
const RESTART_DELAY_MS = 5_000;

/**
 * Tells the followers when `cases` changes. Devices never write there (so the gateway never
 * signals it); intake, the photo worker and the workflow worker do. The followers read the
 * changes themselves from their checkpoints: this only wakes them.
 *
 * The feed retries by itself after a network error or a 5xx, from the last sequence it saw.
 * After a 4xx it stops for good (nano's changes reader), and the workflow worker would not
 * hear of new cases until its next sweep, minutes later; so it is started again from there.
 */
export function watchCases(store: Store, log: Logger): { stop(): void } {
  const reader = store.couch.use(SERVER_DBS.cases).changesReader;
  let stopped = false;

  const start = (since: string): void => {
    // The reader makes a new emitter on every start, so each one is listened to afresh.
    const feed = reader.start({ since, includeDocs: false, batchSize: 100 });
    feed.on('batch', () => platformEvents.databaseWritten(SERVER_DBS.cases));
    feed.on('error', (err: unknown) => log.warn({ err }, 'cases feed interrupted'));
    feed.on('end', (lastSeq: string) => {
      if (stopped) return;
      log.warn({ since: lastSeq }, 'cases feed stopped; starting it again');
      setTimeout(() => {
        if (stopped) return;
        // Whatever changed meanwhile is read by the followers from their own checkpoints.
        platformEvents.databaseWritten(SERVER_DBS.cases);
        start(lastSeq);
      }, RESTART_DELAY_MS).unref();
    });
  };
  start('now');
  return {
    stop() {
      stopped = true;
      reader.stop();
    },
  };
}
