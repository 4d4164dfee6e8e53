import type { RequestListener } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { ErrorCodes } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import type { Store } from '../store/types.ts';
import { createSubscriptionRouter, createWebhookHandler, type WebhookDeps } from './webhook-route.ts';

export interface AppDeps extends WebhookDeps {
  store: Store;
  metrics: Metrics;
  logger: Logger;
  /** Refreshes gauges (queue depth) just before /metrics is scraped. */
  beforeMetrics?: () => Promise<void>;
  /** Serve /metrics on this app (no METRICS_PORT: local trial); with METRICS_PORT it lives on its own listener. */
  metricsRoute?: boolean;
  /** Further readiness checks (agents file loaded, staff file loaded …): each must be true for /readyz to be. */
  readiness?: () => Record<string, boolean>;
  /** Further routers (estimate API, admin) mounted after the webhooks. */
  routers?: Router[];
}

/** `GET /metrics`: the gauges refreshed, then the registry in Prometheus text format. */
export function metricsHandler(deps: Pick<AppDeps, 'metrics' | 'beforeMetrics'>): RequestHandler {
  return async (_req, res) => {
    await deps.beforeMetrics?.().catch(() => {});
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  };
}

/**
 * The internal listener for METRICS_PORT: `/metrics` only, so the public port never shows queue depths and
 * error counts to the internet. Bind it where only the scraper reaches (a private network, a pod port).
 */
export function createMetricsApp(deps: Pick<AppDeps, 'metrics' | 'beforeMetrics'>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(deps));
  return app;
}

/**
 * The node request listener of the public port: the webhook POSTs answered before express (webhook-route.ts
 * says why), every other request by `app`.
 */
export function withWebhooks(app: Express, deps: WebhookDeps): RequestListener {
  const webhooks = createWebhookHandler(deps);
  return (req, res) => {
    if (!webhooks(req, res)) app(req, res);
  };
}

/** The express app (every route but the webhook POSTs): a thin shell that hands raw requests to the rooms below and maps their errors to HTTP. */
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
    const checks = deps.readiness?.() ?? {};
    const ready = store && deps.adapters.length > 0 && Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ ready, store, channels, ...checks });
  });

  if (deps.metricsRoute !== false) app.get('/metrics', metricsHandler(deps));

  app.use(createSubscriptionRouter(deps));
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
