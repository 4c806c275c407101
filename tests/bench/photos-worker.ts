import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPhotoQueue } from '../../server/src/photos/queue.ts';

/**
 * The measured side of the photo bench, run in its own process so that its memory figures hold
 * only Node, sharp and the queue at work: no fixture generation, no parent bookkeeping.
 * Talks to the parent over the IPC channel; stdout stays free for the server's own log lines.
 */

export interface WorkerRequest {
  files: string[];
  /** Photos to process, cycling through `files`. */
  total: number;
  outDir: string;
  /** Send a memory sample after every this many photos (soak mode); 0 for none. */
  reportEvery: number;
  /** Photos processed at once; undefined is the queue's default, as the server runs it. */
  concurrency?: number;
}

export interface MemorySample {
  done: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

export interface WorkerResult {
  seconds: number;
  /** User plus system CPU time of the whole process, all threads: steady on a busy machine. */
  cpuSeconds: number;
  processed: number;
  refused: number;
  baselineRssMb: number;
  sampledPeakRssMb: number;
  /** The kernel's high-water mark of resident memory for the whole process life. */
  vmHwmMb: number | undefined;
}

export type WorkerMessage =
  { type: 'sample'; sample: MemorySample } | { type: 'result'; result: WorkerResult };

const RSS_SAMPLE_INTERVAL_MS = 10;
// Photos read from disk ahead of the queue, beyond those running: a finished job never waits
// for I/O, and the queue never holds more than a server's follower would give it.
const EXTRA_FEEDERS = 1;
const MB = 1024 * 1024;

async function vmHwmMb(): Promise<number | undefined> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

function sampleMemory(done: number): MemorySample {
  const usage = process.memoryUsage();
  return {
    done,
    rssMb: usage.rss / MB,
    heapUsedMb: usage.heapUsed / MB,
    externalMb: usage.external / MB,
  };
}

async function run(request: WorkerRequest): Promise<WorkerResult> {
  const queue = createPhotoQueue({ concurrency: request.concurrency });
  const baselineRssMb = process.memoryUsage.rss() / MB;
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, RSS_SAMPLE_INTERVAL_MS);
  let next = 0;
  let done = 0;
  let refused = 0;

  const feed = async (): Promise<void> => {
    while (next < request.total) {
      const index = next++;
      const file = request.files[index % request.files.length]!;
      const outcome = await queue.submit(`bench-${index}`, await readFile(file));
      if (outcome.ok) {
        const stem = join(request.outDir, `${index % request.files.length}`);
        await writeFile(`${stem}-display.jpg`, outcome.display.bytes);
        await writeFile(`${stem}-thumb.jpg`, outcome.thumb.bytes);
      } else {
        refused += 1;
      }
      done += 1;
      if (request.reportEvery > 0 && done % request.reportEvery === 0) {
        send({ type: 'sample', sample: sampleMemory(done) });
      }
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: queue.concurrency + EXTRA_FEEDERS }, feed));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);

  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    processed: done - refused,
    refused,
    baselineRssMb,
    sampledPeakRssMb: peakRss / MB,
    vmHwmMb: await vmHwmMb(),
  };
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

process.once('message', (request: WorkerRequest) => {
  run(request)
    .then((result) => send({ type: 'result', result }))
    .catch((err: unknown) => {
      process.stderr.write(`photo bench worker failed: ${String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(() => process.disconnect?.());
});
