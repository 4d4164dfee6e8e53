import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { ChannelAdapter } from './channels/channel.ts';
import type { ChannelName } from './channels/types.ts';
import type { Config } from './config.ts';
import type { Engine } from './conversation/types.ts';
import { setLogHashSecret } from './channels/user-ref.ts';
import { createApp, createMetricsApp, withWebhooks } from './http/app.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createSendToUser, type SendToUser } from './outbound/batch.ts';
import { createDeliverer } from './outbound/deliver.ts';
import { createDispatcher, OUTBOX_STALE_MS } from './outbound/dispatcher.ts';
import { countDeadLetters, noteParked } from './outbound/dead-letter.ts';
import { indexOutbox, outboxBacklog, recoverOutbox } from './outbound/outbox.ts';
import type { OutboundJob } from './outbound/types.ts';
import { BullJobQueue } from './queue/bullmq-queue.ts';
import { MemoryJobQueue } from './queue/memory-queue.ts';
import { OUTBOUND_RETRY, type JobQueue, type RetryPolicy } from './queue/types.ts';
import { ErrorCodes } from './errors.ts';
import { ConnectionState } from './store/connection-state.ts';
import { keys } from './store/keys.ts';
import { openStore, queuePrefix, redisTargetOf } from './store/connect.ts';
import { RedisStore } from './store/redis-store.ts';
import type { Store } from './store/types.ts';
import { createTurnHandler, type DomainEffect, type DomainEventHandler, type EventInterceptor, type HandBack, type TurnObserver } from './turn/handle-event.ts';

export interface RuntimeOptions {
  config: Config;
  engine: Engine;
  logger: Logger;
  /**
   * Channel adapters built by the caller (main.ts from config; tests with fakes; the console its own), given
   * the store and the metrics (for counters such as dropped webhook items).
   */
  adapters: (store: Store, metrics: Metrics) => ChannelAdapter[];
  /** Features built on the core (leads, the estimate API): each gets the core and adds hooks and routes. */
  extensions?: ((core: RuntimeCore) => Extension)[];
  metrics?: Metrics;
  now?: () => number;
  /** How often leftover outbox entries are re-queued. */
  outboxSweepMs?: number;
  /** Retries of replies (default OUTBOUND_RETRY); fault tests compress the clock with shorter delays. */
  outboundRetry?: RetryPolicy;
}

/** What an extension may use. */
export interface RuntimeCore {
  config: Config;
  store: Store;
  metrics: Metrics;
  logger: Logger;
  sendToUser: SendToUser;
  /** A job queue on the same backend as the outbound one (BullMQ with Redis, in-process without). */
  makeQueue<T extends object>(name: string): JobQueue<T>;
  now: () => number;
}

export interface Extension {
  /** Side effects of the engine's domain events (e.g. store a lead). Pausing and data deletion are core. */
  onDomainEvent?: DomainEventHandler;
  /** First look at user events (collection agents' and staff's commands); the first extension that answers wins. */
  intercept?: EventInterceptor;
  /** Hands a paused user back to the bot ("menu", "bot ơi"); at most one extension (the handoff) does. */
  handBack?: HandBack;
  /** Sees each committed engine turn (counters); must not throw or block. */
  onTurn?: TurnObserver;
  routers?: Router[];
  /** Named readiness checks for /readyz (e.g. `agents: true` once AGENTS_FILE loaded); any false → 503. */
  readiness?: () => Record<string, boolean>;
  stop?: () => Promise<void>;
}

export interface Runtime {
  store: Store;
  queue: JobQueue<OutboundJob>;
  metrics: Metrics;
  adapters: ChannelAdapter[];
  handleEvent: ReturnType<typeof createTurnHandler>;
  /** Reply batches not yet out: being delivered by this process, or waiting, running or delayed in the queue. */
  pendingReplies(): Promise<number>;
  /** Queues messages to any user outside their turn, in order with their replies (lead notices). */
  sendToUser: SendToUser;
  /** Every route but the webhook POSTs, which the listening server answers before express (http/app.ts withWebhooks). */
  app: ReturnType<typeof createApp>;
  listen(port: number): Promise<Server>;
  /** Where the METRICS_PORT listener is, once `listen` started it (undefined without METRICS_PORT). */
  metricsAddress(): AddressInfo | undefined;
  /** Graceful: stop accepting requests, finish in-flight turns and sends, close connections. */
  stop(): Promise<void>;
}

/** How long a stopping instance waits for in-flight requests, then for queued replies. */
const DRAIN_MS = 8_000;

/** The composition root's core: one store, one queue, the turn pipeline, the HTTP app. */
export function createRuntime(opts: RuntimeOptions): Runtime {
  const { config, logger } = opts;
  const metrics = opts.metrics ?? createMetrics();
  setLogHashSecret(config.logHashSecret);
  const redis = redisTargetOf(config);
  const store: Store = openStore(config);
  if (store instanceof RedisStore) new ConnectionState(logger, ErrorCodes.STORE_UNAVAILABLE, 'store').watch(store.redis);
  const now = opts.now ?? Date.now;
  const makeQueue = <T extends object>(name: string, retry?: RetryPolicy): JobQueue<T> =>
    redis
      ? new BullJobQueue<T>(name, { redis, prefix: queuePrefix(config), logger, ...(retry ? { retry } : {}) })
      : new MemoryJobQueue<T>(retry);
  const adapters = opts.adapters(store, metrics);
  const byName = Object.fromEntries(adapters.map((a) => [a.name, a])) as Partial<Record<ChannelName, ChannelAdapter>>;

  const outboundRetry = opts.outboundRetry ?? OUTBOUND_RETRY;
  const queue = makeQueue<OutboundJob>('outbound', outboundRetry);
  const deliver = createDeliverer({ adapters: byName, store, metrics, logger, now });
  const dispatcher = createDispatcher({ queue, deliver, logger, now, retry: outboundRetry });
  const dispatch = dispatcher.dispatch.bind(dispatcher);
  const sendToUser = createSendToUser(store, dispatch, now, (job) => noteParked({ metrics, logger }, job, 'backlog_full', undefined));
  const extensions = (opts.extensions ?? []).map((make) => make({ config, store, metrics, logger, sendToUser, makeQueue, now }));
  const interceptors = extensions.flatMap((e) => (e.intercept ? [e.intercept] : []));
  const intercept: EventInterceptor | undefined =
    interceptors.length === 0
      ? undefined
      : async (event, ctx) => {
          for (const one of interceptors) {
            const answer = await one(event, ctx);
            if (answer) return answer;
          }
          return undefined;
        };
  const handBack = extensions.find((e) => e.handBack)?.handBack;
  const observers = extensions.flatMap((e) => (e.onTurn ? [e.onTurn] : []));
  const observe: TurnObserver | undefined = observers.length === 0 ? undefined : (t) => {
    for (const o of observers) o(t);
  };

  const onDomainEvent: DomainEventHandler = async (event, ctx) => {
    if (event.type === 'data_deletion_requested') {
      const mine = await Promise.all(keys.userKeyPrefixes(ctx.channel, ctx.userId).map((p) => store.keys(p)));
      // Keep this event's dedupe marker out of it: it is written after, and replays must stay replays.
      await store.del(...mine.flat());
    }
    const combined: DomainEffect = {};
    for (const ext of extensions) {
      const effect = await ext.onDomainEvent?.(event, ctx);
      if (!effect) continue;
      if (effect.messages) (combined.messages ??= []).push(...effect.messages);
      if (effect.writes) (combined.writes ??= []).push(...effect.writes);
      if (effect.pause === false) combined.pause = false;
    }
    return combined;
  };

  const handleEvent = createTurnHandler({
    store,
    engine: opts.engine,
    dispatch,
    metrics,
    logger,
    onDomainEvent,
    ...(intercept ? { intercept } : {}),
    ...(handBack ? { handBack } : {}),
    ...(observe ? { observe } : {}),
    sessionTtlSeconds: config.sessionTtlSeconds,
    humanPauseSeconds: config.humanPauseSeconds,
    windowSeconds: (c) => byName[c]?.windowSeconds ?? 86_400,
    now,
  });

  queue.process(deliver);

  async function beforeMetrics(): Promise<void> {
    const [counts, backlog, parked] = await Promise.all([queue.counts(), outboxBacklog(store, now()), countDeadLetters(store)]);
    for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ state }, n);
    metrics.undelivered.set(backlog.count);
    metrics.oldestUndeliveredSeconds.set(backlog.oldestAgeMs / 1000);
    metrics.deadLetters.set(parked);
  }

  const webhookDeps = {
    // The console is fed from stdin, never over HTTP.
    adapters: adapters.filter((a) => a.name !== 'console'),
    handleEvent,
    metrics,
    logger,
    bodyLimit: config.bodyLimit,
  };
  const app = createApp({
    ...webhookDeps,
    store,
    routers: extensions.flatMap((e) => e.routers ?? []),
    beforeMetrics,
    metricsRoute: config.metricsPort === undefined,
    readiness: () => Object.assign({}, ...extensions.map((e) => e.readiness?.() ?? {})) as Record<string, boolean>,
  });

  const sweep = () => recoverOutbox(store, dispatcher.recover.bind(dispatcher), logger, now() - OUTBOX_STALE_MS).catch(() => {});
  void indexOutbox(store).then(sweep, sweep);
  const sweeper = setInterval(sweep, opts.outboxSweepMs ?? 5_000);
  sweeper.unref();

  let server: Server | undefined;
  let metricsServer: Server | undefined;
  let stopping = false;
  const inFlight = new Set<ServerResponse>();

  /**
   * Waits (at most `DRAIN_MS`) until no reply is being delivered by this process, nor due in the queue before
   * that deadline (waiting, being sent, held back a moment behind the same user's earlier batch, or retrying
   * soon), so a SIGTERM'd instance answers what it acknowledged. A retry due later is left to another instance or the next start with Redis (not lost); in
   * memory it is lost with the process, and the warning says so.
   */
  async function drainQueue(): Promise<void> {
    const deadline = Date.now() + DRAIN_MS;
    while (Date.now() < deadline) {
      // With Redis gone the count would wait for it forever: give up on the drain instead.
      if (dispatcher.inFlight() === 0) {
        const due = await Promise.race([queue.dueWithin(deadline - Date.now()).catch(() => undefined), sleep(1_000).then(() => undefined)]);
        if (due === undefined || due === 0) return;
      }
      await sleep(50);
    }
    logger.warn({ store: redis ? 'redis' : 'memory' }, 'stopping with replies still queued (with Redis the next instance sends them)');
  }

  return {
    store,
    queue,
    sendToUser,
    async pendingReplies() {
      const c = await queue.counts();
      return dispatcher.inFlight() + c.waiting + c.active + c.delayed;
    },
    metrics,
    adapters,
    handleEvent,
    app,
    listen: async (port) => {
      if (config.metricsPort !== undefined && !metricsServer) {
        const internal = createMetricsApp({ metrics, beforeMetrics });
        metricsServer = await new Promise<Server>((resolve) => {
          const srv = internal.listen(config.metricsPort, () => resolve(srv));
        });
        logger.info({ port: (metricsServer.address() as AddressInfo).port }, 'metrics listening');
      }
      return new Promise((resolve) => {
        server = createServer(withWebhooks(app, webhookDeps)).listen(port, () => resolve(server!));
        // Once stopping, every response closes its connection: kept-alive clients must not go on being served.
        // Responses in flight when the stop begins are told too (see stop()).
        server.on('request', (_req, res: ServerResponse) => {
          if (stopping) res.setHeader('connection', 'close');
          inFlight.add(res);
          res.once('close', () => inFlight.delete(res));
        });
      });
    },
    metricsAddress: () => metricsServer?.address() as AddressInfo | undefined,
    async stop() {
      stopping = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      clearInterval(sweeper);
      if (server) {
        const srv = server;
        const closing = new Promise<void>((resolve) => srv.close(() => resolve()));
        srv.closeIdleConnections();
        // In-flight requests finish (and close their connection); a client that never finishes its request is cut.
        await Promise.race([closing, sleep(DRAIN_MS)]);
        srv.closeAllConnections();
      }
      if (metricsServer) {
        metricsServer.closeAllConnections();
        metricsServer.close();
      }
      await drainQueue();
      for (const ext of extensions) await ext.stop?.();
      await queue.close();
      await store.close();
    },
  };
}
