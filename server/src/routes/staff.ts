import { Router } from 'express';
import { directoryEntryOf, PlatformError } from '@smt/shared';
import type { ServerContext } from '../context.ts';
import { principalOf, requirePrincipal } from '../auth/middleware.ts';
import { listStaff } from '../auth/staff.ts';

/**
 * GET /api/staff/directory: the staff accounts' display names, roles and reach, for staff
 * devices to name who did each step of a case and to offer teams when assigning. Citizens
 * get 403: the list is the platform's own business.
 */
export function staffRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/api/staff/directory', requirePrincipal(ctx), async (_req, res, next) => {
    try {
      if (principalOf(res).kind === 'citizen') throw new PlatformError('forbidden', 403);
      const members = await listStaff(ctx.store);
      res.json({
        staff: members.map(({ principal, profile }) => directoryEntryOf(principal.id, profile)),
      });
    } catch (err) {
      next(err);
    }
  });

  return router;
}
