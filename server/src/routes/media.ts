import { Router } from 'express';
import { PlatformError } from '@smt/shared';
import type { ServerContext } from '../context.ts';
import { requirePrincipal } from '../auth/middleware.ts';
import { isContentHash, mayRead, readBlob } from '../photos/blobs.ts';

// Derivatives never change under a content address, so clients may keep them for good.
const IMMUTABLE_CACHE = 'private, max-age=31536000, immutable';

/** GET /api/media/<sha256>: a photo derivative, for principals allowed to see its case. */
export function mediaRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/api/media/:hash', requirePrincipal(ctx), async (req, res, next) => {
    try {
      const hash = String(req.params.hash);
      if (!isContentHash(hash)) throw new PlatformError('not-found', 404);
      const principal = res.locals.principal as { id: string };

      // Someone not allowed gets the same answer as for a hash that does not exist.
      if (!(await mayRead(ctx.store, hash, principal.id))) throw new PlatformError('not-found', 404);
      const blob = await readBlob(ctx.store, hash);
      if (!blob) throw new PlatformError('not-found', 404);

      res.set({
        'Content-Type': blob.contentType,
        'Cache-Control': IMMUTABLE_CACHE,
        ETag: `"${hash}"`,
        'X-Content-Type-Options': 'nosniff',
      });
      res.send(blob.bytes);
    } catch (err) {
      next(err);
    }
  });

  return router;
}
