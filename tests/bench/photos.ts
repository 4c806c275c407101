import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHOTO_DEFAULTS } from '../../server/src/photos/pipeline.ts';
import { phonePhotoPath, photo48Mp } from '../fixtures/photos.ts';
import { cachedPath } from '../fixtures/photo-cache.ts';
import { GLIBC_DEFAULTS, GLIBC_TUNED, runWorker, TUNING_NAME } from './photos-run.ts';
import { soak } from './photos-soak.ts';
import type { WorkerResult } from './photos-worker.ts';
import { runVipsthumbnail, type VipsRun, type VipsSize, type VipsSource } from './vips.ts';

export interface PhotoBenchOptions {
  /** Distinct 4032x3024 phone photos to process. */
  count?: number;
  /** Instead of the comparison: this many photos, cycling through the set, memory sampled. */
  soak?: number;
  /** Repeat the comparison; each runner's best and worst round are printed. */
  rounds?: number;
  /** Photos our queue processes at once; unset is its default, as the server runs it. */
  concurrency?: number;
}

const DEFAULT_COUNT = 24;
const DEFAULT_ROUNDS = 2;
const VIPS_PARALLEL = 2;
// The goal of issue 5: this multiple of vipsthumbnail's rate, under this peak, at the default.
const GOAL_RATE_RATIO = 1.3;
const GOAL_PEAK_RSS_MB = 256;
const LARGE_PHOTO_REPEATS = 4;
const SIZES: VipsSize[] = [
  { suffix: 'display', longEdgePx: PHOTO_DEFAULTS.displayLongEdgePx },
  { suffix: 'thumb', longEdgePx: PHOTO_DEFAULTS.thumbLongEdgePx },
];

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
    if (opts.soak) await soak(files, opts.soak, outDir, opts.concurrency);
    else await compare(files, opts.rounds ?? DEFAULT_ROUNDS, outDir, opts.concurrency);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

interface Line {
  name: string;
  /** Photos per second of each round, in the order run. */
  rates: number[];
  cpuMsPerPhoto: number;
  peakMb: number;
  peakNote: string;
}

const VIPS_RUNNERS: Array<{ name: string; batched: boolean; source: VipsSource }> = [
  { name: 'vipsthumbnail, 1 process per photo+size', batched: false, source: 'original' },
  { name: 'vipsthumbnail, batched, sizes from original', batched: true, source: 'original' },
  { name: 'vipsthumbnail, batched, thumb from display', batched: true, source: 'chained' },
];

async function compare(
  files: string[],
  rounds: number,
  outDir: string,
  concurrency: number | undefined,
): Promise<void> {
  const [display, thumb] = SIZES.map((size) => size.longEdgePx);
  const lanes = concurrency ?? 'default (2)';
  out(`display ${display} + thumb ${thumb}, JPEG q${PHOTO_DEFAULTS.jpegQuality}`);
  out(`our queue: concurrency ${lanes}; vipsthumbnail: ${VIPS_PARALLEL} processes at once`);
  out(`load average before: ${load()}; ${rounds} rounds, both sides in each round`);
  const ours: WorkerResult[] = [];
  const oursTuned: WorkerResult[] = [];
  const vips: VipsRun[][] = VIPS_RUNNERS.map(() => []);
  const vipsOptions = { sizes: SIZES, quality: PHOTO_DEFAULTS.jpegQuality, outDir };
  for (let round = 0; round < rounds; round += 1) {
    const request = { files, total: files.length, outDir, reportEvery: 0, concurrency };
    ours.push(await runWorker(request, GLIBC_DEFAULTS));
    oursTuned.push(await runWorker(request, GLIBC_TUNED));
    for (const [i, runner] of VIPS_RUNNERS.entries()) {
      vips[i]!.push(
        await runVipsthumbnail(files, { ...vipsOptions, ...runner, parallel: VIPS_PARALLEL }),
      );
    }
  }

  const oursDefault = oursLine('ours, glibc malloc defaults', ours);
  const oursTunedLine = oursLine('ours, glibc tuned (as npm run serve)', oursTuned);
  const vipsLines = VIPS_RUNNERS.map((runner, i) => vipsLine(runner.name, files.length, vips[i]!));
  printTable([oursDefault, oursTunedLine, ...vipsLines]);
  const baseline = Math.min(...[...ours, ...oursTuned].map((r) => r.baselineRssMb));
  out(`our process holds ${fixed(baseline, 0)} MB before its first photo (Node, tsx, sharp)`);
  out(`glibc tuned: ${TUNING_NAME}`);
  out(`vipsthumbnail peak is per process (${vips[0]![0]?.rssSource ?? 'gnu-time'})`);

  out();
  out(`ratio of best rates (goal >= ${GOAL_RATE_RATIO}x); worst round against worst round:`);
  for (const line of [oursDefault, oursTunedLine]) {
    for (const baselineLine of vipsLines.slice(1)) {
      const best = Math.max(...line.rates) / Math.max(...baselineLine.rates);
      const worst = Math.min(...line.rates) / Math.min(...baselineLine.rates);
      out(
        `  ${line.name} / ${baselineLine.name}: ${fixed(best)}x (worst ${fixed(worst)}x) ` +
          verdict(best >= GOAL_RATE_RATIO),
      );
    }
  }
  out(`peak memory at concurrency ${lanes} (goal < ${GOAL_PEAK_RSS_MB} MB):`);
  for (const line of [oursDefault, oursTunedLine]) {
    out(`  ${line.name}: ${fixed(line.peakMb, 0)} MB ${verdict(line.peakMb < GOAL_PEAK_RSS_MB)}`);
  }
  await compareLarge(outDir, concurrency);
  out(`load average after: ${load()}`);
}

/** The 48-megapixel case: shrink-on-load is what keeps its cost near a 12-megapixel photo's. */
async function compareLarge(outDir: string, concurrency: number | undefined): Promise<void> {
  const large = await cachedPath('photo-48mp.jpg', photo48Mp);
  // Distinct names, so that the two vipsthumbnail processes never write the same output file.
  const files = await Promise.all(
    Array.from({ length: LARGE_PHOTO_REPEATS }, async (_, i) => {
      const link = join(outDir, `large-${i}.jpg`);
      await symlink(large, link);
      return link;
    }),
  );
  const ours = await runWorker(
    { files, total: files.length, outDir, reportEvery: 0, concurrency },
    GLIBC_TUNED,
  );
  const vips = await runVipsthumbnail(files, {
    sizes: SIZES,
    quality: PHOTO_DEFAULTS.jpegQuality,
    outDir,
    batched: true,
    source: 'chained',
    parallel: VIPS_PARALLEL,
  });
  out();
  out(`48 MP (8000x6000) photo x${files.length}:`);
  out(
    `  ours (glibc tuned): ${fixed((ours.cpuSeconds * 1000) / ours.processed, 0)} ms CPU/photo, ` +
      `peak ${fixed(ours.vmHwmMb ?? ours.sampledPeakRssMb, 0)} MB`,
  );
  out(
    `  vipsthumbnail (thumb from display): ${fixed((vips.cpuSeconds * 1000) / files.length, 0)} ` +
      `ms CPU/photo, peak ${fixed(vips.maxRssMb, 0)} MB per process`,
  );
}

function verdict(met: boolean): string {
  return met ? '[goal met]' : '[goal NOT met]';
}

function oursLine(name: string, runs: WorkerResult[]): Line {
  const refused = runs.reduce((sum, r) => sum + r.refused, 0);
  if (refused > 0) throw new Error(`${name}: the pipeline refused ${refused} bench photos`);
  return {
    name,
    rates: runs.map((r) => r.processed / r.seconds),
    cpuMsPerPhoto: Math.min(...runs.map((r) => (r.cpuSeconds * 1000) / r.processed)),
    peakMb: Math.max(...runs.map((r) => r.vmHwmMb ?? r.sampledPeakRssMb)),
    peakNote: '',
  };
}

function vipsLine(name: string, photos: number, runs: VipsRun[]): Line {
  return {
    name,
    rates: runs.map((r) => photos / r.seconds),
    cpuMsPerPhoto: Math.min(...runs.map((r) => (r.cpuSeconds * 1000) / photos)),
    peakMb: Math.max(...runs.map((r) => r.maxRssMb)),
    peakNote: ` x${VIPS_PARALLEL}`,
  };
}

function printTable(lines: Line[]): void {
  out();
  out(row('runner', 'best/s', 'worst/s', 'CPU ms/photo', 'peak RSS'));
  for (const line of lines) {
    out(
      row(
        line.name,
        fixed(Math.max(...line.rates)),
        fixed(Math.min(...line.rates)),
        fixed(line.cpuMsPerPhoto, 0),
        `${fixed(line.peakMb, 0)} MB${line.peakNote}`,
      ),
    );
  }
}

function row(name: string, best: string, worst: string, cpu: string, rss: string): string {
  return `${name.padEnd(46)}${best.padStart(8)}${worst.padStart(9)}${cpu.padStart(14)}${rss.padStart(13)}`;
}
