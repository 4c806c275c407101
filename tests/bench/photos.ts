import { fork } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PHOTO_DEFAULTS } from '../../server/src/photos/pipeline.ts';
import { phonePhotoPath } from '../fixtures/photos.ts';
import type { WorkerMessage, WorkerRequest, WorkerResult } from './photos-worker.ts';
import { runVipsthumbnail, type VipsRun, type VipsSize } from './vips.ts';

export interface PhotoBenchOptions {
  /** Distinct 4032x3024 phone photos to process. */
  count?: number;
  /** Process this many photos, cycling through the set, printing memory every 100. */
  soak?: number;
  /** Repeat the comparison and keep each runner's best rate: the machine is shared. */
  rounds?: number;
}

const DEFAULT_COUNT = 24;
const DEFAULT_ROUNDS = 2;
const SOAK_REPORT_EVERY = 100;
const VIPS_PARALLEL = 2;
const WORKER = fileURLToPath(new URL('./photos-worker.ts', import.meta.url));
const SIZES: VipsSize[] = [
  { suffix: 'display', longEdgePx: PHOTO_DEFAULTS.displayLongEdgePx },
  { suffix: 'thumb', longEdgePx: PHOTO_DEFAULTS.thumbLongEdgePx },
];

/**
 * glibc malloc keeps freed memory in one arena per allocating thread (libuv's and libvips'),
 * and after the first multi-megabyte buffer is freed it stops giving such buffers back to the
 * kernel. Two arenas and a fixed mmap threshold undo both; this is the setting we recommend for
 * the server (sharp's documentation suggests this kind of tuning, or jemalloc).
 */
const GLIBC_TUNING = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };
const GLIBC_DEFAULTS = {
  ...process.env,
  MALLOC_ARENA_MAX: undefined,
  MALLOC_MMAP_THRESHOLD_: undefined,
};
const GLIBC_TUNED = { ...process.env, ...GLIBC_TUNING };
const TUNING_NAME = Object.entries(GLIBC_TUNING)
  .map(([name, value]) => `${name}=${value}`)
  .join(' ');

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const fixed = (value: number, digits = 2): string => value.toFixed(digits);
const load = (): string =>
  loadavg()
    .map((n) => fixed(n))
    .join(' ');

export async function benchPhotos(opts: PhotoBenchOptions = {}): Promise<void> {
  const count = opts.count ?? DEFAULT_COUNT;
  const files: string[] = [];
  for (let i = 0; i < count; i += 1) files.push(await phonePhotoPath(i)); // one at a time: memory
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
  const averageMb = sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024 / 1024;
  out(`photos: ${count} distinct 4032x3024 JPEGs, ${fixed(averageMb)} MB each on average`);
  const outDir = await mkdtemp(join(tmpdir(), 'smt-photo-bench-'));
  try {
    if (opts.soak) await soak(files, opts.soak, outDir);
    else await compare(files, opts.rounds ?? DEFAULT_ROUNDS, outDir);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

async function compare(files: string[], rounds: number, outDir: string): Promise<void> {
  const [display, thumb] = SIZES.map((size) => size.longEdgePx);
  out(`display ${display} + thumb ${thumb}, JPEG q${PHOTO_DEFAULTS.jpegQuality}`);
  out(`load average before: ${load()}; best of ${rounds} rounds`);
  const ours: WorkerResult[] = [];
  const oursTuned: WorkerResult[] = [];
  const perPhoto: VipsRun[] = [];
  const batched: VipsRun[] = [];
  const vipsOptions = {
    sizes: SIZES,
    quality: PHOTO_DEFAULTS.jpegQuality,
    parallel: VIPS_PARALLEL,
    outDir,
  };
  for (let round = 0; round < rounds; round += 1) {
    const request = { files, total: files.length, outDir, reportEvery: 0 };
    ours.push(await runWorker(request, GLIBC_DEFAULTS));
    oursTuned.push(await runWorker(request, GLIBC_TUNED));
    perPhoto.push(await runVipsthumbnail(files, { ...vipsOptions, batched: false }));
    batched.push(await runVipsthumbnail(files, { ...vipsOptions, batched: true }));
  }

  const oursDefault = oursLine('ours, queue at concurrency 2, glibc defaults', ours);
  const oursTunedLine = oursLine('ours, same, glibc tuned (see below)', oursTuned);
  const vipsPerPhoto = vipsLine('vipsthumbnail, 1 process per photo+size', files.length, perPhoto);
  const vipsBatched = vipsLine('vipsthumbnail, batched, 1 per share+size', files.length, batched);
  const baseline = Math.min(...[...ours, ...oursTuned].map((r) => r.baselineRssMb));

  out();
  out(row('runner', 'photos/s', 'CPU ms/photo', 'peak RSS'));
  for (const line of [oursDefault, oursTunedLine, vipsPerPhoto, vipsBatched]) {
    out(row(line.name, fixed(line.rate), fixed(line.cpuMsPerPhoto, 0), line.peak));
  }
  out(row('  (our process before its first photo)', '', '', `${fixed(baseline, 0)} MB`));
  out();
  for (const line of [oursDefault, oursTunedLine]) {
    for (const vips of [vipsPerPhoto, vipsBatched]) {
      out(
        `${line.name} vs ${vips.name}: rate ${fixed(line.rate / vips.rate)}x, ` +
          `CPU per photo ${fixed(vips.cpuMsPerPhoto / line.cpuMsPerPhoto)}x less`,
      );
    }
  }
  out(`glibc tuned: ${TUNING_NAME}`);
  const rssSource = perPhoto[0]?.rssSource ?? 'gnu-time';
  out(`vipsthumbnail peak is per process (${rssSource}); ${VIPS_PARALLEL} run at once`);
  out(`load average after: ${load()}`);
}

interface Line {
  name: string;
  rate: number;
  cpuMsPerPhoto: number;
  peak: string;
}

/** Best rate of the rounds (the machine is shared), lowest CPU, highest peak memory. */
function oursLine(name: string, runs: WorkerResult[]): Line {
  const refused = runs.reduce((sum, r) => sum + r.refused, 0);
  if (refused > 0) throw new Error(`${name}: the pipeline refused ${refused} bench photos`);
  const peakMb = Math.max(...runs.map((r) => r.vmHwmMb ?? r.sampledPeakRssMb));
  return {
    name,
    rate: Math.max(...runs.map((r) => r.processed / r.seconds)),
    cpuMsPerPhoto: Math.min(...runs.map((r) => (r.cpuSeconds * 1000) / r.processed)),
    peak: `${fixed(peakMb, 0)} MB`,
  };
}

function vipsLine(name: string, photos: number, runs: VipsRun[]): Line {
  const peakMb = Math.max(...runs.map((r) => r.maxRssMb));
  return {
    name,
    rate: Math.max(...runs.map((r) => photos / r.seconds)),
    cpuMsPerPhoto: Math.min(...runs.map((r) => (r.cpuSeconds * 1000) / photos)),
    peak: `${fixed(peakMb, 0)} MB x${VIPS_PARALLEL}`,
  };
}

function row(name: string, rate: string, cpu: string, rss: string): string {
  return `${name.padEnd(44)}${rate.padStart(9)}${cpu.padStart(14)}${rss.padStart(14)}`;
}

async function soak(files: string[], total: number, outDir: string): Promise<void> {
  out(`soak: ${total} photos through the queue, memory every ${SOAK_REPORT_EVERY}`);
  out(`glibc tuned: ${TUNING_NAME}`);
  out(
    `${'done'.padStart(6)}${'rss MB'.padStart(9)}${'heap MB'.padStart(9)}${'ext MB'.padStart(9)}`,
  );
  const request = { files, total, outDir, reportEvery: SOAK_REPORT_EVERY };
  const result = await runWorker(request, GLIBC_TUNED, (s) =>
    out(
      `${String(s.done).padStart(6)}${fixed(s.rssMb, 0).padStart(9)}` +
        `${fixed(s.heapUsedMb, 0).padStart(9)}${fixed(s.externalMb, 0).padStart(9)}`,
    ),
  );
  out(
    `soak done: ${fixed(result.processed / result.seconds)} photos/s, ` +
      `peak RSS ${fixed(result.vmHwmMb ?? result.sampledPeakRssMb, 0)} MB, refused ${result.refused}`,
  );
}

function runWorker(
  request: WorkerRequest,
  env: NodeJS.ProcessEnv,
  onSample: (sample: Extract<WorkerMessage, { type: 'sample' }>['sample']) => void = () => {},
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
