import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/** Paths the web app's client-side router never owns. */
const SERVER_PATHS = /^\/(api|sync|healthz)(\/|$)/;

/**
 * The built mobile app (PWA), when WEB_DIR holds one. Any other GET that asks for HTML gets
 * index.html, so deep links like /reports/r123 load the app, which then routes itself.
 */
export function webApp(webDir: string): Router | undefined {
  const indexHtml = path.join(webDir, 'index.html');
  if (!existsSync(indexHtml)) return undefined;

  const router = Router();
  router.use(
    express.static(webDir, {
      maxAge: '1h',
      // Hashed assets may be cached; the entry points must be checked so a new release loads.
      setHeaders(res, file) {
        if (/(index\.html|sw\.js|manifest\.webmanifest)$/.test(file)) {
          res.setHeader('Cache-Control', 'no-cache');
        }
      },
    }),
  );
  router.get('*', (req, res, next) => {
    if (SERVER_PATHS.test(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
  return router;
}
