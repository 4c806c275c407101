import { readdir, readFile } from 'node:fs/promises';

/** What /proc says about one process at one moment. */
export interface ProcessSample {
  openFiles: number;
  rssMb: number;
  /** Peak resident memory since the process started (VmHWM). */
  peakRssMb: number;
}

const KIB_PER_MIB = 1024;

export async function sampleProcess(pid: number): Promise<ProcessSample> {
  const [fds, status] = await Promise.all([
    readdir(`/proc/${pid}/fd`),
    readFile(`/proc/${pid}/status`, 'utf8'),
  ]);
  return {
    openFiles: fds.length,
    rssMb: statusKib(status, 'VmRSS') / KIB_PER_MIB,
    peakRssMb: statusKib(status, 'VmHWM') / KIB_PER_MIB,
  };
}

function statusKib(status: string, field: string): number {
  const value = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (value === undefined) throw new Error(`no ${field} in /proc status`);
  return Number(value);
}
