import express, { type RequestHandler, Router } from 'express';
import { PlatformError, principalDb, type SyncAlias } from '@smt/shared';
import type { ServerContext } from '../context.ts';
import { principalOf, requirePrincipal } from '../auth/middleware.ts';
import { childLogger } from '../logger.ts';
import { checkDepth, checkReadBody } from './body-rules.ts';
import { matchSyncRoute } from './paths.ts';
import { queryProblem } from './query-rules.ts';
import { storeProxy } from './proxy.ts';
import { checkBulkDocs, checkPutDoc } from './write-rules.ts';

/** What CouchDB-protocol clients expect at the server root; `uuid` keys their checkpoints. */
const COUCH_VERSION = '3.3.3';

/**
 * /sync/<alias>/…: a principal's own databases, through the replication endpoints only.
 *
 * Every request needs an access token, the server root included (PouchDB asks it for a uuid).
 * Paths are matched on the raw URL against an allow-list (paths.ts); everything else, other
 * databases and design documents included, is 404 whether or not it exists. JSON bodies are read
 * here, within a per-alias size limit, so that writes can be checked (write-rules.ts) before the
 * store sees them.
 */
export function syncRouter(ctx: ServerContext): Router {
  const log = childLogger('gateway');
  const forward = storeProxy(ctx.store, log);
  const jsonParsers: Record<SyncAlias, RequestHandler> = {
    main: express.json({ limit: ctx.config.maxSyncBodyBytes, type: () => true }),
    media: express.json({ limit: ctx.config.maxMediaSyncBodyBytes, type: () => true }),
  };

  const router = Router();
  router.use(requirePrincipal(ctx));
  router.use((req, res, next) => {
    const principal = principalOf(res);
    const [rawPath = '', rawQuery] = splitOnce(req.url, '?');
    const query = new URLSearchParams(rawQuery ?? '');
    const route = matchSyncRoute(req.method, rawPath, query);
    if (!route) {
      next(new PlatformError('not-found', 404));
      return;
    }

    if (route.kind === 'welcome') {
      res.json({
        couchdb: 'Welcome',
        version: COUCH_VERSION,
        vendor: { name: 'smt-gateway' },
        // Per principal, so that two people on one device never share replication checkpoints.
        uuid: ctx.secrets.keyedHash('sync-uuid', `${principal.kind}:${principal.id}`).slice(0, 32),
      });
      return;
    }

    const db = principalDb(principal.kind, principal.id, route.alias);
    const forwardedQuery = withoutAccessToken(rawQuery);
    const badQuery = queryProblem(new URLSearchParams(forwardedQuery));
    if (badQuery) {
      next(new PlatformError('invalid-body', 400, badQuery));
      return;
    }
    const pathAndQuery = forwardedQuery ? `${route.dbPath}?${forwardedQuery}` : route.dbPath;
    // Sign-in creates the databases, but a crash in between left a signed-in device whose
    // photos met 404 for good; the store remembers what it ensured, so this costs one request
    // per database per server start.
    const send = () =>
      ctx.store
        .ensureDb(db)
        .then(
          () => forward(req, res, next, { db, pathAndQuery, isWrite: !!route.write }),
          (err: unknown) => {
            log.warn({ err, db }, 'could not make sure the database exists');
            next(new PlatformError('store-unavailable', 503));
          },
        )
        // What forwarding itself throws goes to Express's error handler, as before.
        .catch(next);
    if (!route.jsonBody) {
      send();
      return;
    }

    jsonParsers[route.alias](req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      try {
        if (route.write) checkDepth(req.body);
        else checkReadBody(route.dbPath, req.body);
        if (route.write?.kind === 'bulk-docs') checkBulkDocs(principal.kind, route.alias, req.body);
        if (route.write?.kind === 'put-doc') {
          req.body = checkPutDoc(principal.kind, route.alias, route.write.docId, req.body);
        }
      } catch (refusal) {
        log.warn({ principal: principal.id, err: refusal }, 'sync write refused');
        next(refusal);
        return;
      }
      send();
    });
  });
  return router;
}

/** The token may ride in the query (requirePrincipal); the store must never see it. */
function withoutAccessToken(rawQuery: string | undefined): string {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter((pair) => !/^access_token(=|$)/i.test(pair))
    .join('&');
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
