import type { TestServer } from '../support/server.ts';

/**
 * Kills the server with SIGKILL at random moments within a window and starts it again on the
 * same data folder and port, as a power cut and a supervisor's restart would.
 */
export interface ServerKillerOptions {
  kills: number;
  /** Kills fall at random moments within this many milliseconds from start. */
  windowMs: number;
  /** Time the server stays down before the restart. */
  minDownMs?: number;
  maxDownMs?: number;
  random?: () => number;
}

export interface ServerKiller {
  readonly killed: number;
  /** Resolves when every kill is done and the server is back up. */
  done: Promise<void>;
  /** Kills no more; resolves once the server is up again. */
  stop(): Promise<void>;
}

const DEFAULT_MIN_DOWN_MS = 500;
const DEFAULT_MAX_DOWN_MS = 4_000;

export function startServerKiller(server: TestServer, options: ServerKillerOptions): ServerKiller {
  const random = options.random ?? Math.random;
  const minDownMs = options.minDownMs ?? DEFAULT_MIN_DOWN_MS;
  const maxDownMs = options.maxDownMs ?? DEFAULT_MAX_DOWN_MS;
  const started = Date.now();
  const moments = Array.from({ length: options.kills }, () => random() * options.windowMs).sort(
    (a, b) => a - b,
  );
  let stopped = false;
  let wake: (() => void) | undefined;
  let killed = 0;

  const sleepUntil = (atMs: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, started + atMs - Date.now()));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const done = (async () => {
    for (const moment of moments) {
      await sleepUntil(moment);
      if (stopped) return;
      await server.kill();
      killed++;
      await new Promise((r) => setTimeout(r, minDownMs + random() * (maxDownMs - minDownMs)));
      await server.start();
    }
  })();

  return {
    get killed() {
      return killed;
    },
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
