import type { ServerContext } from '../context.ts';
import { childLogger } from '../logger.ts';
import { createPhotoQueue } from '../photos/queue.ts';
import { type Follower, startFollower } from './follower.ts';
import { intakeHandler } from './intake.ts';
import { photosHandler } from './photos.ts';

export interface Workers {
  /** Resolves once every database has been read to its end: for tests and shutdown. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkers(ctx: ServerContext): Promise<Workers> {
  const queue = createPhotoQueue({});
  const followers: Follower[] = [
    startFollower(ctx.store, intakeHandler(ctx.store, childLogger('intake')), childLogger('intake')),
    startFollower(
      ctx.store,
      photosHandler(ctx.store, queue, childLogger('photos')),
      childLogger('photos'),
    ),
  ];
  return {
    async drain() {
      await Promise.all(followers.map((f) => f.drain()));
    },
    async stop() {
      await Promise.all(followers.map((f) => f.stop()));
    },
  };
}
