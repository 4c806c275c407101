import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PlatformError } from '@smt/shared/errors';
import * as fixtures from '../../../tests/fixtures/photos.ts';
import { processPhoto } from './pipeline.ts';
import { createPhotoQueue } from './queue.ts';

describe('createPhotoQueue', () => {
  it('sets libvips to one thread per photo and no operation cache', () => {
    createPhotoQueue();

    expect(sharp.concurrency()).toBe(1);
    expect(sharp.cache()).toMatchObject({ items: { max: 0 }, files: { max: 0 } });
  });

  it('runs two photos at a time by default and holds the rest in order', async () => {
    const queue = createPhotoQueue();
    const input = await fixtures.jpegWithOrientation(6);

    const jobs = [1, 2, 3].map((n) => queue.submit(`photo-${n}`, input));

    expect(queue.stats()).toEqual({ running: 2, waiting: 1 });
    const outcomes = await Promise.all(jobs);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true]);
    expect(queue.stats()).toEqual({ running: 0, waiting: 0 });
  });

  it('rejects a submission at once when the queue is full', async () => {
    const queue = createPhotoQueue({ concurrency: 1, maxQueued: 1 });
    const input = await fixtures.phonePhoto(0);
    const running = queue.submit('running', input);
    const waiting = queue.submit('waiting', input);

    const refused = queue.submit('one-too-many', input);

    await expect(refused).rejects.toBeInstanceOf(PlatformError);
    await expect(refused).rejects.toMatchObject({ code: 'photo-queue-full', httpStatus: 503 });
    expect((await running).ok).toBe(true);
    expect((await waiting).ok).toBe(true);
  });

  it('keeps going after a job throws, answering that job with an internal failure', async () => {
    const queue = createPhotoQueue({
      concurrency: 1,
      // A processor that breaks the way a bug would, around the real pipeline.
      process: async (input, options) => {
        if (input.length === 0) throw new Error('simulated bug');
        return processPhoto(input, options);
      },
    });

    const broken = queue.submit('broken', Buffer.alloc(0));
    const next = queue.submit('next', await fixtures.jpegWithOrientation(8));

    expect(await broken).toMatchObject({ ok: false, stage: 'crash', reason: { code: 'internal' } });
    expect((await next).ok).toBe(true);
  });

  it('answers photo-timeout for a job past its time and then processes the next', async () => {
    const queue = createPhotoQueue({ concurrency: 1, jobTimeoutMs: 40 });

    const slow = queue.submit('48-megapixels', await fixtures.photo48Mp());
    const next = queue.submit('small', await fixtures.jpegWithOrientation(6));

    expect(await slow).toMatchObject({
      ok: false,
      stage: 'deadline',
      reason: { code: 'photo-timeout' },
    });
    // The overrunning job keeps its slot until libvips lets go of it, so memory stays bounded.
    expect(queue.stats()).toEqual({ running: 1, waiting: 1 });
    expect((await next).ok).toBe(true);
  });
});
