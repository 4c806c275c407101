import { Router } from 'express';
import { caseViewOf, inScope, PlatformError } from '@smt/shared';
import type { ServerContext } from '../context.ts';
import type { Principal } from '../auth/tokens.ts';
import { principalOf, requirePrincipal } from '../auth/middleware.ts';
import { staffScope } from '../auth/staff.ts';
import { findCase } from '../cases/case-store.ts';
import { isContentHash, mayRead, readBlob, reportsUsing } from '../photos/blobs.ts';

// Derivatives never change under a content address, so clients may keep them for good.
const IMMUTABLE_CACHE = 'private, max-age=31536000, immutable';

/** GET /api/media/<sha256>: a photo derivative, for principals allowed to see its case. */
export function mediaRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/api/media/:hash', requirePrincipal(ctx), async (req, res, next) => {
    try {
      const hash = String(req.params.hash);
      if (!isContentHash(hash)) throw new PlatformError('not-found', 404);
      const principal = principalOf(res);

      // Someone not allowed gets the same answer as for a hash that does not exist.
      if (!(await mayFetch(ctx, hash, principal))) throw new PlatformError('not-found', 404);
      // The content address is the ETag: a client that has it has these very bytes.
      if (req.headers['if-none-match'] === `"${hash}"`) {
        res
          .status(304)
          .set({ 'Cache-Control': IMMUTABLE_CACHE, ETag: `"${hash}"` })
          .end();
        return;
      }
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

/**
 * The citizen who sent the photo holds a grant. Staff may fetch it while a case that shows it
 * is within their reach; the case must list the hash itself, so a use recorded for a photo
 * that was never linked to that case (sent under someone else's report id) opens nothing.
 */
async function mayFetch(ctx: ServerContext, hash: string, principal: Principal): Promise<boolean> {
  if (await mayRead(ctx.store, hash, principal.id)) return true;
  if (principal.kind === 'citizen') return false;
  const scope = await staffScope(ctx.store, principal);
  if (!scope) return false;

  for (const reportId of await reportsUsing(ctx.store, hash)) {
    const caseDoc = await findCase(ctx.store, reportId);
    if (!caseDoc) continue;
    const shows = caseDoc.photos.some((photo) => photo.display === hash || photo.thumb === hash);
    if (shows && inScope(scope, caseViewOf(caseDoc))) return true;
  }
  return false;
}
