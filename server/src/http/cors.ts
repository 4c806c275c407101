import type { RequestHandler } from 'express';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept, X-Request-Id';
const EXPOSED_HEADERS = 'X-Request-Id, ETag, Retry-After';
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Any origin may call the API: the app runs from Capacitor WebViews (`https://localhost`,
 * `capacitor://localhost`) and from the web, and it authenticates with a bearer token rather
 * than cookies, so another site's page gains nothing by calling. The origin is echoed (not `*`)
 * with credentials allowed because PouchDB's fetch always sends `credentials: 'include'`.
 */
export function cors(): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) {
      next();
      return;
    }
    res.set({
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
      Vary: 'Origin',
    });
    if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) {
      next();
      return;
    }
    res.set({
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers':
        req.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
      'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_S),
    });
    res.status(204).end();
  };
}
