import express, { type Router } from 'express';
import type { Logger } from 'pino';
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

/** Each user's events in arrival order; different users in parallel. */
async function handleAll(events: InboundEvent[], handleEvent: WebhookDeps['handleEvent']): Promise<void> {
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

/**
 * `POST /webhooks/<channel>` for every configured channel (and the GET subscription check where the platform
 * has one). The raw bytes are kept for the signature; nothing is parsed, stored or answered before it checks.
 */
export function createWebhookRouter(deps: WebhookDeps): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: deps.bodyLimit });

  for (const adapter of deps.adapters) {
    const path = `/webhooks/${adapter.name}`;
    const log = deps.logger.child({ channel: adapter.name });

    if (adapter.verifySubscription) {
      const verify = adapter.verifySubscription.bind(adapter);
      router.get(path, (req, res) => {
        const challenge = verify(req.query as Record<string, unknown>);
        if (challenge === undefined) {
          log.warn({ code: ErrorCodes.WEBHOOK_VERIFY_FAILED }, 'subscription check refused');
          res.sendStatus(403);
          return;
        }
        res.type('text/plain').send(challenge);
      });
    }

    router.post(path, raw, async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const check = adapter.verifySignature(body, req.headers);
      if (check !== 'ok') {
        deps.metrics.signatureFailures.inc({ channel: adapter.name, reason: check });
        const code = check === 'missing' ? ErrorCodes.WEBHOOK_SIGNATURE_MISSING : ErrorCodes.WEBHOOK_SIGNATURE_INVALID;
        if (check === 'missing' && adapter.unsignedPost === 'acknowledge_and_drop') {
          log.warn({ code }, 'unsigned request acknowledged and dropped (platform URL check)');
          res.status(200).json({ ok: true });
          return;
        }
        log.warn({ code }, 'webhook refused: signature');
        res.status(check === 'missing' ? 401 : 403).json({ error: { code } });
        return;
      }

      let events: InboundEvent[];
      try {
        events = adapter.parse(body);
      } catch (err) {
        const code = isAppError(err) ? err.code : ErrorCodes.WEBHOOK_BODY_INVALID;
        log.warn({ code, bytes: body.length }, 'webhook body dropped');
        res.status(400).json({ error: { code } });
        return;
      }
      for (const e of events) deps.metrics.eventsIn.inc({ channel: adapter.name, kind: e.kind });

      try {
        await handleAll(events, deps.handleEvent);
        // An empty 200: sendStatus() would also write a text body (content type, length, freshness check),
        // which cost 12 µs a request under load and tells the platform nothing.
        res.status(200).end();
      } catch (err) {
        const code = isAppError(err) ? err.code : 'unexpected';
        log.error({ code, err: isAppError(err) ? undefined : (err as Error).message }, 'webhook not processed; platform will retry');
        res.status(503).json({ error: { code } });
      }
    });
  }
  return router;
}
