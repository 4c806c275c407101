import sharp from 'sharp';
import { PlatformError } from '@smt/shared/errors';
import { childLogger } from '../logger.ts';
import { PHOTO_DEFAULTS, processPhoto, refuse } from './pipeline.ts';
import type { PhotoOptions, PhotoOutcome } from './pipeline.ts';

export type PhotoProcessor = (
  input: Buffer,
  options: Partial<PhotoOptions>,
) => Promise<PhotoOutcome>;

export interface PhotoQueueOptions {
  /** Photos processed at once; each gets one libvips thread. */
  concurrency?: number;
  /** Photos waiting beyond those running; each holds its whole original in memory. */
  maxQueued?: number;
  jobTimeoutMs?: number;
  photo?: Partial<PhotoOptions>;
  /** The work of one job: processPhoto, unless a caller needs to wrap it. */
  process?: PhotoProcessor;
}

export interface PhotoQueue {
  /** Resolves with the outcome, never rejects for a bad photo; rejects at once when full. */
  submit(name: string, input: Buffer): Promise<PhotoOutcome>;
  stats(): { running: number; waiting: number };
  /** Photos processed at once. */
  readonly concurrency: number;
}

interface Job {
  name: string;
  input: Buffer;
  resolve: (outcome: PhotoOutcome) => void;
}

const DEFAULT_CONCURRENCY = 2;
// 8 waiting originals of a 3-5 MB phone photo stay well under the memory a job itself needs.
const DEFAULT_MAX_QUEUED = 8;

const log = childLogger('photos');

export function createPhotoQueue(options: PhotoQueueOptions = {}): PhotoQueue {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
  const jobTimeoutMs = options.jobTimeoutMs ?? PHOTO_DEFAULTS.timeoutMs;
  const process = options.process ?? processPhoto;
  const photoOptions = { ...options.photo, timeoutMs: jobTimeoutMs };
  const waiting: Job[] = [];
  let running = 0;
  tuneLibvips();

  function pump(): void {
    while (running < concurrency && waiting.length > 0) {
      const job = waiting.shift()!;
      running += 1;
      void run(job).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  async function run(job: Job): Promise<void> {
    const work = process(job.input, photoOptions).catch((err: unknown) => {
      log.error({ err, job: job.name }, 'photo job failed');
      return refuse('crash', 'internal');
    });
    const outcome = await settleWithin(work, jobTimeoutMs);
    if (outcome !== undefined) {
      job.resolve(outcome);
      return;
    }

    job.resolve(refuse('deadline', 'photo-timeout', `over ${jobTimeoutMs} ms`));
    log.warn({ job: job.name, jobTimeoutMs }, 'photo job timed out');
    // The slot stays taken while libvips may still be working (sharp's own timeout stops it),
    // so memory stays bounded; a job that never settles is let go after another timeout.
    if ((await settleWithin(work, jobTimeoutMs)) === undefined) {
      log.error({ job: job.name }, 'photo job still running after twice its timeout; slot freed');
    }
  }

  return {
    submit(name, input) {
      if (waiting.length >= maxQueued) {
        const detail = `${running} running, ${waiting.length} waiting`;
        return Promise.reject(new PlatformError('photo-queue-full', 503, detail));
      }
      return new Promise<PhotoOutcome>((resolve) => {
        waiting.push({ name, input, resolve });
        pump();
      });
    },
    stats: () => ({ running, waiting: waiting.length }),
    concurrency,
  };
}

async function settleWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Process-wide libvips settings, so they hold for every sharp call in the server.
 * - One thread per image: on this 2-core machine two photos at once with one thread each nearly
 *   doubled the rate, while more threads per photo did not help, and each thread holds its own
 *   tile buffers.
 * - No operation cache: it keeps recent results in case the same operation runs on the same
 *   input again, which never happens here since every photo is new; it would only hold memory.
 */
function tuneLibvips(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}
