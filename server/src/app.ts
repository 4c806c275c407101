import express from 'express';
import type { ServerContext } from './context.ts';
import { syncRouter } from './gateway/index.ts';
import { cors } from './http/cors.ts';
import { errorMiddleware, notFound } from './http/errors.ts';
import { requestLog } from './http/request-log.ts';
import { webApp } from './http/web-app.ts';
import { authRouter } from './routes/auth.ts';
import { mediaRouter } from './routes/media.ts';
import { staffRouter } from './routes/staff.ts';

/** The public HTTP server: API, sync gateway, media, and the web app. */
export function createApp(ctx: ServerContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);

  app.use(requestLog(ctx.log));
  app.use(cors());
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, store: ctx.store.kind });
  });

  app.use(authRouter(ctx));
  app.use('/sync', syncRouter(ctx));
  app.use(mediaRouter(ctx));
  app.use(staffRouter(ctx));
  app.use('/api', notFound());

  const web = webApp(ctx.config.webDir);
  if (web) app.use(web);

  app.use(errorMiddleware(ctx.log));
  return app;
}
