import type { RequestHandler, Response } from 'express';
import { PlatformError } from '@smt/shared';
import type { ServerContext } from '../context.ts';
import type { Principal } from './tokens.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by requirePrincipal; read by routes and the request log. */
      principal?: Principal;
    }
  }
}

/**
 * Lets a request through only with a valid access token, from `Authorization: Bearer` or,
 * for `<img src>` which cannot set headers, the `access_token` query parameter.
 * 401 `token-expired` tells the device to refresh; 401 `unauthorized` to sign in again.
 */
export function requirePrincipal(ctx: ServerContext): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req.headers.authorization) ?? queryToken(req.query.access_token);
    if (!token) {
      next(new PlatformError('unauthorized', 401, 'no access token'));
      return;
    }
    ctx.tokens.verifyAccess(token).then(
      (principal) => {
        res.locals.principal = principal;
        next();
      },
      (err: unknown) => next(err),
    );
  };
}

/** The principal requirePrincipal let through; throws if the route forgot to require one. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal;
  if (!principal) throw new Error('route is missing requirePrincipal');
  return principal;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function queryToken(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
