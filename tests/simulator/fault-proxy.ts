import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';

/**
 * An HTTP proxy between the simulated devices and the server that disrupts a share of the
 * requests passing through it, the ways a poor mobile connection does:
 *
 * - drop: the connection is reset before anything reaches the server;
 * - delay: the request is held for a while, then passes untouched;
 * - cut-request: the server gets the headers and part of the body, then the connection dies;
 * - cut-response: the server handles the request in full, but the answer is cut off after
 *   the headers or part of the body (or before the headers), so the device never learns
 *   whether it worked.
 *
 * Requests that are not disrupted pass through http-proxy unchanged.
 */
export type FaultKind = 'drop' | 'delay' | 'cut-request' | 'cut-response';
export const FAULT_KINDS: readonly FaultKind[] = ['drop', 'delay', 'cut-request', 'cut-response'];

export interface FaultProxyOptions {
  target: string;
  /** Share of requests disrupted, 0 to 1; may be changed later with setShare(). */
  share: number;
  maxDelayMs?: number;
  random?: () => number;
}

export type FaultCounts = Record<FaultKind | 'requests' | 'upstreamErrors', number>;

export interface FaultProxy {
  url: string;
  readonly counts: FaultCounts;
  setShare(share: number): void;
  close(): Promise<void>;
}

const DEFAULT_MAX_DELAY_MS = 3_000;
/** How long a cut response may run before it is cut, at most (long-polls send little). */
const MAX_CUT_AFTER_MS = 2_000;
const CUT_REQUEST_LINGER_MS = 50;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = options.random ?? Math.random;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  let share = options.share;
  const counts: FaultCounts = {
    requests: 0,
    drop: 0,
    delay: 0,
    'cut-request': 0,
    'cut-response': 0,
    upstreamErrors: 0,
  };
  const cutResponses = new WeakSet<IncomingMessage>();
  const proxy = httpProxy.createProxyServer({ target: options.target, selfHandleResponse: true });

  proxy.on('proxyRes', (proxyRes, req, res) => {
    if (!cutResponses.has(req)) {
      res.writeHead(proxyRes.statusCode ?? 502, proxyRes.headers);
      proxyRes.pipe(res);
      return;
    }
    cutResponse(proxyRes, res, random);
  });
  proxy.on('error', (_err, _req, res) => {
    counts.upstreamErrors++;
    // The server is down (killed) or reset the connection: answer as a reverse proxy would.
    if (res instanceof http.ServerResponse && !res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'store-unavailable', reason: 'bad gateway' }));
    } else {
      res.destroy();
    }
  });

  const pickFault = (req: IncomingMessage): FaultKind | undefined => {
    if (random() >= share) return undefined;
    const kind = FAULT_KINDS[Math.floor(random() * FAULT_KINDS.length)]!;
    const hasBody = req.method === 'POST' || req.method === 'PUT';
    return kind === 'cut-request' && !hasBody ? 'cut-response' : kind;
  };

  const server = http.createServer((req, res) => {
    counts.requests++;
    const fault = pickFault(req);
    if (fault) counts[fault]++;
    switch (fault) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'delay':
        setTimeout(() => proxy.web(req, res), 200 + random() * (maxDelayMs - 200));
        return;
      case 'cut-request':
        cutRequest(options.target, req, res, random);
        return;
      case 'cut-response':
        cutResponses.add(req);
        proxy.web(req, res);
        return;
      default:
        proxy.web(req, res);
    }
  });
  // Long-polls stay open for as long as the server holds them.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setShare(next) {
      share = next;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      proxy.close();
      await closed;
    },
  };
}

/** Passes on the status and part of the body (maybe none), then resets the connection. */
function cutResponse(proxyRes: IncomingMessage, res: ServerResponse, random: () => number): void {
  if (random() < 0.25) {
    proxyRes.resume();
    res.destroy();
    return;
  }
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.headers);
  res.flushHeaders();
  const cut = () => {
    proxyRes.destroy();
    res.destroy();
  };
  const timer = setTimeout(cut, random() * MAX_CUT_AFTER_MS);
  proxyRes.once('data', (chunk: Buffer) => {
    clearTimeout(timer);
    res.write(chunk.subarray(0, Math.floor(chunk.length * random() * 0.9)));
    cut();
  });
  proxyRes.once('end', () => {
    clearTimeout(timer);
    cut();
  });
}

/** Reads the device's body, sends the server only part of it, and kills both connections. */
function cutRequest(
  target: string,
  req: IncomingMessage,
  res: ServerResponse,
  random: () => number,
): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const upstream = http.request(new URL(req.url ?? '/', target), {
      method: req.method,
      headers: req.headers,
    });
    upstream.on('error', () => undefined);
    upstream.on('response', (answer) => answer.resume());
    upstream.write(body.subarray(0, Math.floor(body.length * random())));
    setTimeout(() => {
      upstream.destroy();
      res.destroy();
    }, CUT_REQUEST_LINGER_MS);
  });
  req.on('error', () => res.destroy());
}
