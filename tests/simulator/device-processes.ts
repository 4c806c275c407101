import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emptyCounters, type Counters, type FromWorker, type ToWorker } from './protocol.ts';

const WORKER_PATH = fileURLToPath(new URL('./worker.ts', import.meta.url));

type Reply<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

/** One device process, seen from the simulator: send a command, wait for its answer. */
export class DeviceProcess {
  counters: Counters = emptyCounters();
  settled = 0;
  private readonly child: ChildProcess;
  private readonly waiting = new Map<string, (message: FromWorker) => void>();
  private failure: Error | undefined;
  private readonly failed: Promise<never>;

  constructor(readonly index: number) {
    this.child = fork(WORKER_PATH, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    this.child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    this.failed = new Promise<never>((_, reject) => {
      this.child.on('message', (message: FromWorker) => {
        if (message.type === 'counters') this.counters = message.counters;
        else if (message.type === 'settle-progress') this.settled = message.done;
        else if (message.type === 'failed')
          reject(new Error(`device process ${index}: ${message.error}`));
        else this.waiting.get(message.type)?.(message);
      });
      this.child.on('exit', (code, signal) => {
        if (code === 0) return;
        reject(new Error(`device process ${index} exited ${code ?? signal}:\n${stderr}`));
      });
    });
    this.failed.catch((err: Error) => (this.failure = err));
  }

  async ask<T extends FromWorker['type']>(message: ToWorker, reply: T): Promise<Reply<T>> {
    if (this.failure) throw this.failure;
    const answer = new Promise<Reply<T>>((resolve) => {
      this.waiting.set(reply, (m) => {
        this.waiting.delete(reply);
        resolve(m as Reply<T>);
      });
    });
    this.settled = 0;
    this.child.send(message);
    return Promise.race([answer, this.failed]);
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'exit' } satisfies ToWorker);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

export function sumCounters(processes: DeviceProcess[]): Counters {
  const total = emptyCounters();
  for (const p of processes) {
    for (const key of Object.keys(total) as (keyof Counters)[]) total[key] += p.counters[key];
  }
  return total;
}
