import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import { AuthClient, MemoryTokenStore, type Session } from '../auth-client.ts';

/**
 * A test double for the network only: a real CouchDB-protocol server (express-pouchdb over
 * in-memory PouchDB) behind a tiny gateway that checks one Bearer token and maps /sync/main
 * and /sync/media to one citizen's two databases, plus fake /api/auth endpoints. The real
 * gateway and auth live in server/; nothing here is used outside tests.
 */
export const TEST_CITIZEN = { kind: 'citizen' as const, id: 'ctestcitizen01' };
export const TEST_PHONE = '+8613800138000';
export const TEST_CODE = '246810';
const MAIN_DB = `citizen-${TEST_CITIZEN.id}`;
const MEDIA_DB = `citizen-${TEST_CITIZEN.id}-media`;

export interface CouchTestServerOptions {
  /** Start with the listener closed (its port reserved), to test an unreachable server. */
  down?: boolean;
  accessTtlMs?: number;
}

PouchDB.plugin(memoryAdapter);

export class CouchTestServer {
  readonly main: PouchDB.Database;
  readonly media: PouchDB.Database;
  /** Holds long-poll `_changes` requests this long before they reach the database. */
  longPollDelayMs = 0;
  refreshCount = 0;
  rejectedTokenCount = 0;
  readonly requests: string[] = [];
  private accessToken = token();
  private refreshToken = token();
  private server: Server | undefined;

  private constructor(
    readonly port: number,
    private readonly app: express.Express,
    private readonly accessTtlMs: number,
    ServerPouch: ReturnType<typeof PouchDB.defaults>,
  ) {
    this.main = new ServerPouch(MAIN_DB);
    this.media = new ServerPouch(MEDIA_DB);
  }

  static async start(options: CouchTestServerOptions = {}): Promise<CouchTestServer> {
    // A prefix per server keeps each test's databases apart inside the shared memory adapter.
    const ServerPouch = PouchDB.defaults({ adapter: 'memory', prefix: `srv${token(4)}_` });
    const app = express();
    const probe = createServer();
    const port = await listen(probe, 0);
    await closeServer(probe);

    const server = new CouchTestServer(port, app, options.accessTtlMs ?? 15 * 60_000, ServerPouch);
    server.mount(expressPouchDB(ServerPouch, { mode: 'minimumForPouchDB' }));
    await Promise.all([server.main.info(), server.media.info()]);
    if (!options.down) await server.comeUp();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What a fresh sign-in would hand the device. */
  session(): Session {
    return {
      accessToken: this.accessToken,
      refreshToken: this.refreshToken,
      accessExpiresAt: new Date(Date.now() + this.accessTtlMs).toISOString(),
      principal: TEST_CITIZEN,
    };
  }

  /** An AuthClient already signed in to this server, as the app is after verify(). */
  async signedInClient(): Promise<AuthClient> {
    const store = new MemoryTokenStore();
    await store.save(this.session());
    const auth = new AuthClient({ serverUrl: this.url, store });
    await auth.restore();
    return auth;
  }

  /** The server stops trusting the current access token, as after a key rotation. */
  revokeAccessToken(): void {
    this.accessToken = token();
  }

  async comeUp(): Promise<void> {
    this.server = createServer(this.app);
    await listen(this.server, this.port);
  }

  /** Like the process dying: the listener closes and every open connection is cut. */
  async goDown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await closeServer(server);
  }

  async close(): Promise<void> {
    await this.goDown();
    await Promise.all([this.main.destroy(), this.media.destroy()]);
  }

  private mount(couch: express.Express): void {
    this.app.use((req, _res, next) => {
      this.requests.push(`${req.method} ${req.path}`);
      next();
    });
    this.app.use('/api/auth', express.json(), this.authRoutes());
    const forward = (dbName?: string) => (req: Request, res: Response, next: NextFunction) => {
      if (req.headers.authorization !== `Bearer ${this.accessToken}`) {
        this.rejectedTokenCount++;
        res.status(401).json({ error: 'unauthorized', code: 'token-expired' });
        return;
      }
      req.url = dbName ? `/${dbName}${req.url}` : '/';
      const delayMs = req.query.feed === 'longpoll' ? this.longPollDelayMs : 0;
      setTimeout(() => couch(req, res, next), delayMs);
    };
    this.app.use('/sync/main', forward(MAIN_DB));
    this.app.use('/sync/media', forward(MEDIA_DB));
    this.app.get('/sync/', forward());
  }

  private authRoutes(): express.Router {
    const router = express.Router();
    router.post('/code', (req, res) => {
      if (!/^\+?\d{6,15}$/.test(String(req.body?.phone))) {
        res.status(400).json({ error: 'invalid-phone', message: 'invalid phone' });
        return;
      }
      res.status(202).json({ status: 'sent', resendAfterS: 60 });
    });
    router.post('/verify', (req, res) => {
      if (req.body?.phone !== TEST_PHONE || req.body?.code !== TEST_CODE) {
        res.status(401).json({ error: 'code-invalid', message: 'wrong code' });
        return;
      }
      res.json(this.session());
    });
    router.post('/refresh', (req, res) => {
      if (req.body?.refreshToken !== this.refreshToken) {
        res.status(401).json({ error: 'unauthorized', message: 'refresh token refused' });
        return;
      }
      this.refreshCount++;
      this.accessToken = token();
      this.refreshToken = token();
      res.json(this.session());
    });
    return router;
  }
}

function token(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
