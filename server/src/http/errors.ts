import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { PlatformError, reason, type Reason } from '@smt/shared';

/** What body-parser (express.json) attaches to the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * The one place errors become HTTP answers: `{ error, message, detail? }`. Answers under /sync
 * also carry `reason`, the field CouchDB clients (PouchDB) read into their error messages.
 */
export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const { status, body } = toHttp(err);
    if (status >= 500) log.error({ err, url: req.path }, 'request failed');
    sendReason(res, status, body, req.originalUrl.startsWith('/sync'));
  };
}

/** Unknown paths under /api answer in the same shape instead of Express's HTML page. */
export function notFound(): RequestHandler {
  return (_req, _res, next) => next(new PlatformError('not-found', 404));
}

export function sendReason(res: Response, status: number, body: Reason, couchStyle = false) {
  res.status(status).json(errorPayload(body, couchStyle));
}

export function errorPayload(body: Reason, couchStyle: boolean): Record<string, string> {
  const payload: Record<string, string> = { error: body.code, message: body.message };
  if (body.detail !== undefined) payload.detail = body.detail;
  if (couchStyle) payload.reason = body.detail ? `${body.message} (${body.detail})` : body.message;
  return payload;
}

function toHttp(err: unknown): { status: number; body: Reason } {
  if (err instanceof PlatformError) {
    return { status: err.httpStatus, body: reason(err.code, err.detail) };
  }
  const parserError = err as BodyParserError | null;
  if (parserError?.type === 'entity.too.large') {
    return { status: 413, body: reason('body-too-large', `limit ${parserError.limit} bytes`) };
  }
  const status = parserError?.status ?? 500;
  if (typeof parserError?.type === 'string' && status >= 400 && status < 500) {
    return { status: 400, body: reason('invalid-body', parserError.type) };
  }
  // Express's own 400s, such as a path parameter that is not valid percent-encoding.
  if (status >= 400 && status < 500) {
    return { status: 400, body: reason('invalid-body', 'malformed request') };
  }
  return { status: 500, body: reason('internal') };
}
