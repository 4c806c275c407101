import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The baseline for the photo bench: Debian's `vipsthumbnail` making the same two sizes from the
 * same files, a fixed number of processes at a time, with each process's peak memory taken from
 * GNU time (`%M`), or failing that by polling the kernel's high-water mark while it runs.
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
 * `batched`: false starts one process per photo and size, as a job system calling the tool
 * would; true gives each process a share of the files, which spares the start-up cost.
 */
export async function runVipsthumbnail(
  files: string[],
  options: {
    sizes: VipsSize[];
    quality: number;
    parallel: number;
    outDir: string;
    batched: boolean;
  },
): Promise<VipsRun> {
  const tasks: Task[] = [];
  for (const size of options.sizes) {
    if (options.batched) {
      for (let share = 0; share < options.parallel; share += 1) {
        tasks.push({ files: files.filter((_, i) => i % options.parallel === share), size });
      }
    } else {
      for (const file of files) tasks.push({ files: [file], size });
    }
  }
  const useGnuTime = existsSync(GNU_TIME);
  let maxRssKb = 0;
  let cpuSeconds = 0;
  let next = 0;

  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      const output = join(options.outDir, `%s-${task.size.suffix}.jpg[Q=${options.quality},strip]`);
      const args = [...task.files, '--size', String(task.size.longEdgePx), '-o', output];
      const usage = useGnuTime ? await timedByGnuTime(args) : await sampledFromProc(args);
      maxRssKb = Math.max(maxRssKb, usage.maxRssKb);
      cpuSeconds += usage.cpuSeconds;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.parallel }, lane));

  return {
    seconds: (performance.now() - started) / 1000,
    processes: tasks.length,
    cpuSeconds,
    maxRssMb: maxRssKb / 1024,
    rssSource: useGnuTime ? 'gnu-time' : 'proc-sampled',
  };
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
