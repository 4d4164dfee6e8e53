import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import getRawBody from 'raw-body';
import type { ChannelAdapter } from '../channels/channel.ts';
import type { InboundEvent } from '../channels/types.ts';
import { ErrorCodes, isAppError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import type { TurnOutcome } from '../turn/handle-event.ts';

export interface WebhookDeps {
  adapters: ChannelAdapter[];
  handleEvent: (event: InboundEvent) => Promise<TurnOutcome>;
  metrics: Metrics;
  logger: Logger;
  bodyLimit: string;
}

/**
 * Answers a request on the node http server itself, or returns false and leaves it untouched (the express app
 * gets it then).
 */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Each user's events in arrival order; different users in parallel. */
async function handleAll(events: InboundEvent[], handleEvent: WebhookDeps['handleEvent']): Promise<void> {
  if (events.length === 1) {
    await handleEvent(events[0]!);
    return;
  }
  const byUser = new Map<string, InboundEvent[]>();
  for (const e of events) {
    const list = byUser.get(e.userId) ?? [];
    list.push(e);
    byUser.set(e.userId, list);
  }
  const results = await Promise.allSettled(
    [...byUser.values()].map(async (list) => {
      for (const e of list) await handleEvent(e);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The body as sent, decompressed when the platform compressed it (as express.raw did); undefined: unsupported. */
function decoded(req: IncomingMessage): Readable | undefined {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return req;
  const inflate = encoding === 'gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  return inflate && req.pipe(inflate);
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(data) }).end(data);
}

/**
 * `POST /webhooks/<channel>` for every configured channel, answered on the node http server before express: a
 * webhook is the one request that comes by the thousand, and express's request set-up, router and body-parser
 * cost more than the signature check and the Redis work together (a tenth of the app's CPU in the first-message
 * bench). The raw bytes are read with raw-body (what express.raw uses: the same limit, the same 413/400), and
 * nothing is parsed, stored or answered before the signature checks. Every other request, and a POST on another
 * path, goes to express.
 */
export function createWebhookHandler(deps: WebhookDeps): RequestHandler {
  const routes = new Map(deps.adapters.map((adapter) => [`/webhooks/${adapter.name}`, { adapter, log: deps.logger.child({ channel: adapter.name }) }]));
  type Route = NonNullable<ReturnType<typeof routes.get>>;

  async function receive({ adapter, log }: Route, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const stream = decoded(req);
    if (!stream) {
      req.resume();
      answer(res, 415, { error: { code: ErrorCodes.WEBHOOK_BODY_INVALID } });
      return;
    }
    let body: Buffer;
    try {
      // With a compressed body the limit is on the decompressed bytes; the length header counts the compressed ones.
      body = await getRawBody(stream, { limit: deps.bodyLimit, ...(stream === req ? { length: req.headers['content-length'] } : {}) });
    } catch (err) {
      const { type, status } = err as { type?: string; status?: number };
      if (type === 'entity.too.large') log.warn({ code: ErrorCodes.WEBHOOK_BODY_TOO_LARGE }, 'request body too large');
      // Unread bytes stay on the socket: answer and close it.
      res.setHeader('connection', 'close');
      if (type === 'entity.too.large') answer(res, 413, { error: { code: ErrorCodes.WEBHOOK_BODY_TOO_LARGE } });
      else answer(res, status && status >= 400 && status < 500 ? status : 400, { error: { code: ErrorCodes.WEBHOOK_BODY_INVALID } });
      return;
    }

    const check = adapter.verifySignature(body, req.headers);
    if (check !== 'ok') {
      deps.metrics.signatureFailures.inc({ channel: adapter.name, reason: check });
      const code = check === 'missing' ? ErrorCodes.WEBHOOK_SIGNATURE_MISSING : ErrorCodes.WEBHOOK_SIGNATURE_INVALID;
      if (check === 'missing' && adapter.unsignedPost === 'acknowledge_and_drop') {
        log.warn({ code }, 'unsigned request acknowledged and dropped (platform URL check)');
        answer(res, 200, { ok: true });
        return;
      }
      log.warn({ code }, 'webhook refused: signature');
      answer(res, check === 'missing' ? 401 : 403, { error: { code } });
      return;
    }

    let events: InboundEvent[];
    try {
      events = adapter.parse(body);
    } catch (err) {
      const code = isAppError(err) ? err.code : ErrorCodes.WEBHOOK_BODY_INVALID;
      log.warn({ code, bytes: body.length }, 'webhook body dropped');
      answer(res, 400, { error: { code } });
      return;
    }
    for (const e of events) deps.metrics.eventsIn.inc({ channel: adapter.name, kind: e.kind });

    try {
      await handleAll(events, deps.handleEvent);
      // An empty 200: a body tells the platform nothing.
      answer(res, 200);
    } catch (err) {
      const code = isAppError(err) ? err.code : 'unexpected';
      log.error({ code, err: isAppError(err) ? undefined : (err as Error).message }, 'webhook not processed; platform will retry');
      answer(res, 503, { error: { code } });
    }
  }

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    // As express matched it: any case, one trailing slash allowed.
    const route = routes.get(path) ?? routes.get(path.toLowerCase().replace(/\/$/, ''));
    if (!route) return false;
    receive(route, req, res).catch((err: unknown) => {
      route.log.error({ err: (err as Error).message }, 'unhandled webhook error');
      if (!res.headersSent) answer(res, 500, { error: { code: 'internal' } });
    });
    return true;
  };
}

/** `GET /webhooks/<channel>`: the subscription check of the platforms that have one (Messenger's hub.challenge). */
export function createSubscriptionRouter(deps: Pick<WebhookDeps, 'adapters' | 'logger'>): Router {
  const router = express.Router();
  for (const adapter of deps.adapters) {
    if (!adapter.verifySubscription) continue;
    const verify = adapter.verifySubscription.bind(adapter);
    const log = deps.logger.child({ channel: adapter.name });
    router.get(`/webhooks/${adapter.name}`, (req, res) => {
      const challenge = verify(req.query as Record<string, unknown>);
      if (challenge === undefined) {
        log.warn({ code: ErrorCodes.WEBHOOK_VERIFY_FAILED }, 'subscription check refused');
        res.sendStatus(403);
        return;
      }
      res.type('text/plain').send(challenge);
    });
  }
  return router;
}
