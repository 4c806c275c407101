import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MemorySample, WorkerMessage, WorkerRequest, WorkerResult } from './photos-worker.ts';

const WORKER = fileURLToPath(new URL('./photos-worker.ts', import.meta.url));

/**
 * glibc malloc keeps freed memory in one arena per allocating thread (libuv's and libvips'),
 * and after the first multi-megabyte buffer is freed it stops giving such buffers back to the
 * kernel. Two arenas and a fixed mmap threshold undo both. `npm run serve` starts the server
 * with these (see README); the bench runs our side both ways.
 */
export const GLIBC_TUNING = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };
export const GLIBC_DEFAULTS: NodeJS.ProcessEnv = {
  ...process.env,
  MALLOC_ARENA_MAX: undefined,
  MALLOC_MMAP_THRESHOLD_: undefined,
};
export const GLIBC_TUNED: NodeJS.ProcessEnv = { ...process.env, ...GLIBC_TUNING };
export const TUNING_NAME = Object.entries(GLIBC_TUNING)
  .map(([name, value]) => `${name}=${value}`)
  .join(' ');

/** Runs our side of the bench in a fresh process, so its memory figures are its own. */
export function runWorker(
  request: WorkerRequest,
  env: NodeJS.ProcessEnv,
  onSample: (sample: MemorySample) => void = () => {},
): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env,
    });
    let result: WorkerResult | undefined;
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'sample') onSample(message.sample);
      else result = message.result;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`photo bench worker exited with ${code} and no result`));
    });
    child.send(request);
  });
}
