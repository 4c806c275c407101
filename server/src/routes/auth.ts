import express, { type Request, Router } from 'express';
import { z } from 'zod';
import { PlatformError } from '@smt/shared';
import type { ServerContext } from '../context.ts';
import { principalOf, requirePrincipal } from '../auth/middleware.ts';
import { createAuthService } from '../auth/service.ts';

const MAX_AUTH_BODY = '8kb';

const CodeBody = z.object({ phone: z.string().max(64) });
const VerifyBody = z.object({ phone: z.string().max(64), code: z.string().max(16) });
const RefreshBody = z.object({ refreshToken: z.string().max(4_096) });
const StaffBody = z.object({ name: z.string().max(64), password: z.string().max(256) });

/**
 * POST /api/auth/code, /verify, /staff, /refresh, /signout and GET /api/me. Parse, call, answer;
 * the rules live in auth/.
 */
export function authRouter(ctx: ServerContext): Router {
  const auth = createAuthService(ctx);
  const router = Router();
  router.use('/api/auth', express.json({ limit: MAX_AUTH_BODY }));

  router.post('/api/auth/code', async (req, res, next) => {
    try {
      const { phone } = parse(CodeBody, req);
      const { resendAfterS } = await auth.requestCode(phone, req.ip ?? 'unknown');
      res.status(202).json({ status: 'sent', resendAfterS });
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/auth/verify', async (req, res, next) => {
    try {
      const { phone, code } = parse(VerifyBody, req);
      res.json(await auth.verifyCode(phone, code));
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/auth/staff', async (req, res, next) => {
    try {
      const { name, password } = parse(StaffBody, req);
      res.json(await auth.signInStaff(name, password));
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/auth/refresh', async (req, res, next) => {
    try {
      const { refreshToken } = parse(RefreshBody, req);
      res.json(await auth.refresh(refreshToken));
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/auth/signout', async (req, res, next) => {
    try {
      const { refreshToken } = parse(RefreshBody, req);
      await auth.signOut(refreshToken);
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/me', requirePrincipal(ctx), async (_req, res, next) => {
    try {
      res.json(await auth.describe(principalOf(res)));
    } catch (err) {
      next(err);
    }
  });

  return router;
}

function parse<T>(schema: z.ZodType<T>, req: Request): T {
  const result = schema.safeParse(req.body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new PlatformError('invalid-body', 400, `${field}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}
