import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { ErrorCodes } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import type { Store } from '../store/types.ts';
import { createWebhookRouter, type WebhookDeps } from './webhook-route.ts';

export interface AppDeps extends WebhookDeps {
  store: Store;
  metrics: Metrics;
  logger: Logger;
  /** Refreshes gauges (queue depth) just before /metrics is scraped. */
  beforeMetrics?: () => Promise<void>;
  /** Further routers (estimate API, admin) mounted after the webhooks. */
  routers?: Router[];
}

/** The express app: a thin shell that hands raw requests to the rooms below and maps their errors to HTTP. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Nothing here is cached by clients; an ETag would cost a hash of every webhook answer.
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const store = await deps.store.ping().then(
      () => true,
      () => false,
    );
    const channels = Object.fromEntries(deps.adapters.map((a) => [a.name, true]));
    const ready = store && deps.adapters.length > 0;
    res.status(ready ? 200 : 503).json({ ready, store, channels });
  });

  app.get('/metrics', async (_req, res) => {
    await deps.beforeMetrics?.().catch(() => {});
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  app.use(createWebhookRouter(deps));
  for (const router of deps.routers ?? []) app.use(router);

  const onError: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, _next) => {
    if (err.type === 'entity.too.large') {
      deps.logger.warn({ code: ErrorCodes.WEBHOOK_BODY_TOO_LARGE }, 'request body too large');
      res.status(413).json({ error: { code: ErrorCodes.WEBHOOK_BODY_TOO_LARGE } });
      return;
    }
    if (err.status && err.status >= 400 && err.status < 500) {
      res.status(err.status).json({ error: { code: ErrorCodes.WEBHOOK_BODY_INVALID } });
      return;
    }
    deps.logger.error({ err: (err as Error).message }, 'unhandled request error');
    res.status(500).json({ error: { code: 'internal' } });
  };
  app.use(onError);
  return app;
}
