import http from 'node:http';
import https from 'node:https';
import type { NextFunction, Request, Response } from 'express';
import { createProxyMiddleware, fixRequestBody } from 'http-proxy-middleware';
import type { Logger } from 'pino';
import { reason } from '@smt/shared';
import { platformEvents } from '../events.ts';
import { errorPayload } from '../http/errors.ts';
import type { Store } from '../store/index.ts';

/** Where a vetted request goes. */
export interface ForwardTarget {
  db: string;
  /** Path under the database, already encoded, with the query string. */
  pathAndQuery: string;
  /** Tell the workers when the store accepts it. */
  isWrite: boolean;
}

export type Forward = (req: Request, res: Response, next: NextFunction, to: ForwardTarget) => void;

const targets = new WeakMap<Request, ForwardTarget>();
const signalled = new WeakSet<Request>();
/** A write cut off on its way may still land in the store a moment after the cut. */
const LATE_WRITE_SIGNAL_MS = 5_000;

/** Upstream headers that must not reach a device: credential prompts, cookies, foreign CORS. */
const DROPPED_RESPONSE_HEADERS = /^(www-authenticate|set-cookie|access-control-.*)$/i;

/**
 * Forwards a vetted request to `<store>/<db><path>` with the store's admin credentials, which
 * never leave the server. The device's Authorization and cookies are removed; a JSON body the
 * gateway has already read is written out again (fixRequestBody).
 */
export function storeProxy(store: Store, log: Logger): Forward {
  const storeUrl = new URL(store.url);
  const user = decodeURIComponent(storeUrl.username);
  const password = decodeURIComponent(storeUrl.password);
  const basicAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  // Without an agent http-proxy sends `Connection: close` and opens a new connection to the
  // store for every request; replication makes many small requests, so they are kept open.
  const agentOptions = { keepAlive: true };
  const agent =
    storeUrl.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);

  const proxy = createProxyMiddleware<Request, Response>({
    target: `${storeUrl.origin}${storeUrl.pathname.replace(/\/+$/, '')}`,
    changeOrigin: true,
    agent,
    on: {
      proxyReq(proxyReq, req) {
        proxyReq.setHeader('authorization', basicAuth);
        fixRequestBody(proxyReq, req);
      },
      proxyRes(proxyRes, req, res) {
        for (const name of Object.keys(proxyRes.headers)) {
          if (DROPPED_RESPONSE_HEADERS.test(name)) delete proxyRes.headers[name];
        }
        // The upstream Vary would replace the one CORS set (Origin); keep both.
        const vary = res.getHeader('vary');
        if (vary) proxyRes.headers.vary = [proxyRes.headers.vary, vary].filter(Boolean).join(', ');

        const to = targets.get(req);
        const status = proxyRes.statusCode ?? 0;
        if (to?.isWrite && status >= 200 && status < 300) {
          signalled.add(req);
          platformEvents.databaseWritten(to.db);
        }
      },
      error(err, _req, res) {
        log.error({ err }, 'store did not answer the gateway');
        if (!('writeHead' in res)) {
          res.destroy();
        } else if (res.headersSent) {
          res.end();
        } else {
          const body = JSON.stringify(errorPayload(reason('store-unavailable'), true));
          res.writeHead(503, { 'content-type': 'application/json' }).end(body);
        }
      },
    },
  });

  return (req, res, next, to) => {
    targets.set(req, to);
    if (to.isWrite) {
      // A write whose answer never came back (connection cut, store restarting) may have been
      // applied all the same; the workers look, now and once more a little later, rather than
      // wait for their next sweep.
      res.once('close', () => {
        if (signalled.has(req)) return;
        platformEvents.databaseWritten(to.db);
        setTimeout(() => platformEvents.databaseWritten(to.db), LATE_WRITE_SIGNAL_MS).unref();
      });
    }
    req.url = `/${encodeURIComponent(to.db)}${to.pathAndQuery}`;
    delete req.headers.authorization;
    delete req.headers.cookie;
    if (req.body !== undefined) {
      // The body is sent again whole, with its own length.
      req.headers['content-type'] = 'application/json';
      delete req.headers['transfer-encoding'];
    }
    void proxy(req, res, next);
  };
}
