import { readdir, readFile } from 'node:fs/promises';

/**
 * Open files of the server process, read from /proc (Linux only; elsewhere nothing is
 * measured). The server is the child of this process that runs server/src/main.ts.
 */
export async function serverPid(): Promise<number | undefined> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('server/src/main.ts')) return Number(entry);
  }
  return undefined;
}

export async function openFilesOf(pid: number): Promise<number | undefined> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => undefined);
  return fds?.length;
}

/** The soft limit on open files of a running process, from /proc/<pid>/limits. */
export async function openFilesLimitOf(pid: number | 'self'): Promise<number | undefined> {
  const limits = await readFile(`/proc/${pid}/limits`, 'utf8').catch(() => '');
  const line = limits.split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft && /^\d+$/.test(soft) ? Number(soft) : undefined;
}

/** Samples the server's open files every `everyMs`; `peak` is the most seen. */
export function watchOpenFiles(everyMs: number) {
  let peak = 0;
  let last = 0;
  let limit: number | undefined;
  const timer = setInterval(() => {
    void (async () => {
      const pid = await serverPid();
      if (!pid) return;
      limit ??= await openFilesLimitOf(pid);
      last = (await openFilesOf(pid)) ?? last;
      peak = Math.max(peak, last);
    })();
  }, everyMs);
  timer.unref();
  return {
    get peak() {
      return peak;
    },
    get last() {
      return last;
    },
    get limit() {
      return limit;
    },
    stop: () => clearInterval(timer),
  };
}
