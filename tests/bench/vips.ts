import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/**
 * The baseline for the photo bench: Debian's `vipsthumbnail` making the same two sizes from the
 * same files (or the thumbnail from its own display file), a fixed number of processes at a
 * time, with each process's peak memory taken from GNU time (`%M`), or failing that by polling
 * the kernel's high-water mark while it runs.
 */

export const VIPSTHUMBNAIL = '/usr/bin/vipsthumbnail';
const GNU_TIME = '/usr/bin/time';
const POLL_INTERVAL_MS = 5;

export interface VipsSize {
  suffix: string;
  longEdgePx: number;
}

export interface VipsRun {
  seconds: number;
  processes: number;
  /** User plus system CPU time summed over the processes; NaN when GNU time is missing. */
  cpuSeconds: number;
  maxRssMb: number;
  /** How peak memory was read: GNU time, or sampled from /proc while running. */
  rssSource: 'gnu-time' | 'proc-sampled';
}

interface Task {
  files: string[];
  size: VipsSize;
}

/**
 * How the two sizes are made. `original`: each size from the original, as the tool is usually
 * called. `chained`: the display size from the original, then the thumbnail from that display
 * file, which is the work our pipeline does (one decode of the original per photo).
 */
export type VipsSource = 'original' | 'chained';

/**
 * `batched`: false starts one process per photo and size, as a job system calling the tool
 * would; true gives each process a share of the files, which spares the start-up cost.
 * Tasks in one chain run one after another; `parallel` chains run at a time.
 */
export async function runVipsthumbnail(
  files: string[],
  options: {
    sizes: VipsSize[];
    quality: number;
    parallel: number;
    outDir: string;
    batched: boolean;
    source?: VipsSource;
  },
): Promise<VipsRun> {
  const chains = planChains(files, options);
  const useGnuTime = existsSync(GNU_TIME);
  let maxRssKb = 0;
  let cpuSeconds = 0;
  let next = 0;

  const lane = async (): Promise<void> => {
    while (next < chains.length) {
      for (const task of chains[next++]!) {
        const output = join(
          options.outDir,
          `%s-${task.size.suffix}.jpg[Q=${options.quality},strip]`,
        );
        const args = [...task.files, '--size', String(task.size.longEdgePx), '-o', output];
        const usage = useGnuTime ? await timedByGnuTime(args) : await sampledFromProc(args);
        maxRssKb = Math.max(maxRssKb, usage.maxRssKb);
        cpuSeconds += usage.cpuSeconds;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.parallel }, lane));

  return {
    seconds: (performance.now() - started) / 1000,
    processes: chains.flat().length,
    cpuSeconds,
    maxRssMb: maxRssKb / 1024,
    rssSource: useGnuTime ? 'gnu-time' : 'proc-sampled',
  };
}

function planChains(
  files: string[],
  options: {
    sizes: VipsSize[];
    parallel: number;
    outDir: string;
    batched: boolean;
    source?: VipsSource;
  },
): Task[][] {
  const groups = options.batched
    ? Array.from({ length: options.parallel }, (_, share) =>
        files.filter((_, i) => i % options.parallel === share),
      )
    : files.map((file) => [file]);
  if (options.source !== 'chained') {
    return options.sizes.flatMap((size) => groups.map((group) => [{ files: group, size }]));
  }
  const [first, ...rest] = options.sizes;
  // vipsthumbnail names its output after the input's stem: phone-3.jpg -> phone-3-display.jpg.
  const madeBy = (file: string, size: VipsSize) =>
    join(options.outDir, `${basename(file, extname(file))}-${size.suffix}.jpg`);
  return groups.map((group) => [
    { files: group, size: first! },
    ...rest.map((size) => ({ files: group.map((file) => madeBy(file, first!)), size })),
  ]);
}

interface Usage {
  maxRssKb: number;
  cpuSeconds: number;
}

function timedByGnuTime(args: string[]): Promise<Usage> {
  return new Promise((resolve, reject) => {
    const child = spawn(GNU_TIME, ['-f', 'usage %M %U %S', VIPSTHUMBNAIL, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const usage = /usage (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      if (code !== 0 || !usage) reject(new Error(`vipsthumbnail failed: ${stderr}`));
      else resolve({ maxRssKb: Number(usage[1]), cpuSeconds: Number(usage[2]) + Number(usage[3]) });
    });
  });
}

function sampledFromProc(args: string[]): Promise<Usage> {
  return new Promise((resolve, reject) => {
    const child = spawn(VIPSTHUMBNAIL, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    let peakKb = 0;
    const poll = setInterval(() => {
      readFile(`/proc/${child.pid}/status`, 'utf8')
        .then((status) => {
          const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
          peakKb = Math.max(peakKb, kb);
        })
        .catch(() => undefined);
    }, POLL_INTERVAL_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`vipsthumbnail exited with ${code}`));
      else resolve({ maxRssKb: peakKb, cpuSeconds: Number.NaN });
    });
  });
}
