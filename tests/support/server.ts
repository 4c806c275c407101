import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import nano from 'nano';

/**
 * Runs the real server as a child process, the way `npm start` does, so end-to-end tests meet
 * the same process boundaries as a device: HTTP only, restarts and SIGKILL included.
 *
 * With COUCHDB_URL set the server (and these helpers) use that Apache CouchDB instead of the
 * embedded store; nothing else changes.
 */
export interface TestServer {
  url: string;
  /** Admin URL of the store behind the gateway, for assertions only. */
  storeUrl: string;
  couch: nano.ServerScope;
  readLatestSmsCode(phoneE164: string): Promise<string>;
  /** Graceful stop (SIGTERM); the data folder stays for a restart. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks run, as in a power cut. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its data folder. */
  dispose(): Promise<void>;
  logs(): string;
  /** The running server process's id, for reading its /proc entries; undefined when stopped. */
  pid(): number | undefined;
}

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const STARTUP_TIMEOUT_MS = 60_000;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'smt-e2e-'));
  const port = await freePort();
  const storePort = await freePort();
  const storePassword = randomBytes(12).toString('hex');
  const external = process.env.COUCHDB_URL;
  const storeUrl = external ?? `http://admin:${storePassword}@127.0.0.1:${storePort}`;
  const couch = nano({ url: storeUrl, parseUrl: false } as nano.Configuration);
  let child: ChildProcess | undefined;
  let output = '';

  const childEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_STORE_PORT: String(storePort),
    EMBEDDED_STORE_PASSWORD: storePassword,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...env,
  };

  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    storeUrl,
    couch,
    logs: () => output,
    pid: () => child?.pid,
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
        cwd: REPO_ROOT,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitForHealth(server.url, child, () => output);
    },
    async stop() {
      await endProcess(child, 'SIGTERM');
      child = undefined;
    },
    async kill() {
      await endProcess(child, 'SIGKILL');
      child = undefined;
    },
    async dispose() {
      await endProcess(child, 'SIGTERM');
      child = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
    async readLatestSmsCode(phoneE164) {
      const outbox = couch.use<{ to?: string; text?: string; createdAt?: string }>('sms-outbox');
      const { rows } = await outbox.list({ include_docs: true });
      const texts = rows
        .map((row) => row.doc)
        .filter((doc) => doc?.to === phoneE164 && typeof doc.text === 'string')
        .sort((a, b) => String(a!.createdAt).localeCompare(String(b!.createdAt)));
      const code = /\d{6}/.exec(texts.at(-1)?.text ?? '')?.[0];
      if (!code) throw new Error(`no SMS code sent to ${phoneE164}`);
      return code;
    },
  };
  try {
    await server.start();
  } catch (err) {
    // A server that never became healthy may still be running; its data folder is ours too.
    await server.dispose();
    throw err;
  }
  return server;
}

async function waitForHealth(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy:\n${logs()}`);
}

async function endProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  await exited;
}
