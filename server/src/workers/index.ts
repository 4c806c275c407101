import type { ServerContext } from '../context.ts';
import { childLogger } from '../logger.ts';
import { createPhotoQueue } from '../photos/queue.ts';
import { watchCases } from './cases-watch.ts';
import { type Follower, startFollower } from './follower.ts';
import { intakeHandler } from './intake.ts';
import { photosHandler } from './photos.ts';
import { sweepOverdue, workflowHandler } from './workflow.ts';

export interface Workers {
  /** Resolves once every database has been read to its end: for tests and shutdown. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkers(ctx: ServerContext): Promise<Workers> {
  const queue = createPhotoQueue({
    concurrency: ctx.config.photoConcurrency,
    photo: { maxInputPixels: ctx.config.photoMaxInputPixels },
  });
  const workflowLog = childLogger('workflow');
  const sweepIntervalMs = ctx.config.workerSweepIntervalS * 1000;
  const followers: Follower[] = [
    startFollower(
      ctx.store,
      intakeHandler(ctx.store, childLogger('intake')),
      childLogger('intake'),
      sweepIntervalMs,
    ),
    startFollower(
      ctx.store,
      photosHandler(ctx.store, queue, childLogger('photos'), {
        originals: ctx.config.photoOriginalsRetention,
      }),
      childLogger('photos'),
      sweepIntervalMs,
    ),
    startFollower(
      ctx.store,
      workflowHandler({ store: ctx.store, sms: ctx.sms, log: workflowLog }),
      workflowLog,
      sweepIntervalMs,
    ),
  ];
  const casesWatch = watchCases(ctx.store, workflowLog);
  const overdueTimer = setInterval(() => {
    sweepOverdue(ctx.store, new Date()).then(
      (marked) => marked > 0 && workflowLog.info({ marked }, 'cases marked overdue'),
      (err: unknown) => workflowLog.warn({ err }, 'overdue sweep failed; next one retries'),
    );
  }, ctx.config.overdueSweepIntervalS * 1000);
  overdueTimer.unref();

  return {
    async drain() {
      await Promise.all(followers.map((f) => f.drain()));
    },
    async stop() {
      clearInterval(overdueTimer);
      casesWatch.stop();
      await Promise.all(followers.map((f) => f.stop()));
    },
  };
}
