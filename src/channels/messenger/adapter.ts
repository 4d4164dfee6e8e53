import type { Logger } from 'pino';
import type { MessengerConfig } from '../../config.ts';
import { isAppError } from '../../errors.ts';
import type { Store } from '../../store/types.ts';
import { sendParts } from '../send-parts.ts';
import type { ChannelAdapter, Headers, SignatureCheck } from '../channel.ts';
import type { InboundEvent, OutboundMessage } from '../types.ts';
import { createMessengerClient, type MessengerClient } from './client.ts';
import { normalizeMessengerWebhook, type NormalizeOptions } from './normalize.ts';
import { TokenBucket } from './rate-limiter.ts';
import { renderMessage, type RenderOptions } from './render.ts';
import { verifyMessengerSignature } from './signature.ts';
import { verifySubscription } from './subscription.ts';

/** Standard messaging window: 24 h after the user's last action (messenger.md §4.2). */
export const MESSENGER_WINDOW_SECONDS = 24 * 3600;

/** How long the progress of a multi-part message is remembered for the queue's retries. */
/** Tag on our sends, echoed back in `message.metadata`. */
const METADATA = 'bot';

export interface MessengerChannelOptions {
  config: MessengerConfig;
  logger: Logger;
  now?: () => number;
  /**
   * When given, a message that takes several Send API calls (long text, > 13 choices) resumes after the parts
   * already out when the queue retries it, instead of repeating them. Without it the whole message is re-sent.
   */
  store?: Store;
  render?: RenderOptions;
  /** Send `typing_on` before each message (one extra call per message; failures ignored). Default off. */
  typingIndicator?: boolean;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Told about each webhook entry or event dropped for its shape (the runtime counts them in /metrics). */
  onDropped?: NormalizeOptions['onDropped'];
}

export interface MessengerChannel extends ChannelAdapter {
  readonly name: 'messenger';
  readonly client: MessengerClient;
}

/** The Messenger channel: webhook verify (GET + signature) and normalise, renderer, Send API client. */
export function createMessengerChannel(opts: MessengerChannelOptions): MessengerChannel {
  const { config, store } = opts;
  const logger = opts.logger.child({ channel: 'messenger' });
  const now = opts.now ?? Date.now;
  const rate = config.ratePerSecond;
  const client = createMessengerClient({
    config,
    logger,
    now,
    limiter: new TokenBucket(rate, rate / 1_000, now),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
  const renderOptions: RenderOptions = { metadata: METADATA, ...opts.render };

  /**
   * Passes the thread to the Page Inbox or takes it back, when the app has the handover protocol
   * (MESSENGER_HANDOVER=on). A refusal (the app has no such role on the Page, the thread is already ours) is
   * logged by the client and does not stop the messages around it; a transient failure is retried with them.
   */
  async function handover(userId: string, to: 'inbox' | 'bot', metadata: string | undefined): Promise<void> {
    if (!config.handover) return;
    try {
      if (to === 'inbox') await client.passThreadControl(userId, config.handover.inboxAppId, metadata);
      else await client.takeThreadControl(userId, metadata);
    } catch (err) {
      if (isAppError(err) && err.retry === 'retry') throw err;
    }
  }

  async function typing(userId: string): Promise<void> {
    if (!opts.typingIndicator) return;
    await client.senderAction(userId, 'typing_on').catch(() => {}); // cosmetic: never blocks a reply
  }

  return {
    name: 'messenger',
    windowSeconds: MESSENGER_WINDOW_SECONDS,
    client,
    verifySignature(rawBody: Buffer, headers: Headers): SignatureCheck {
      return verifyMessengerSignature(rawBody, headers, config.appSecret);
    },
    verifySubscription(query: Record<string, unknown>): string | undefined {
      return verifySubscription(query, config.verifyToken);
    },
    parse(rawBody: Buffer): InboundEvent[] {
      return normalizeMessengerWebhook(rawBody, { appId: config.appId, logger, ...(opts.onDropped ? { onDropped: opts.onDropped } : {}) });
    },
    async send(userId: string, message: OutboundMessage): Promise<void> {
      if (message.kind === 'handover') return handover(userId, message.to, message.metadata);
      const bodies = renderMessage(userId, message, renderOptions);
      if (bodies.length === 0) return;
      await typing(userId);
      const send = (body: (typeof bodies)[number]) => client.sendMessage(body);
      if (!store) {
        for (const body of bodies) await send(body);
        return;
      }
      await sendParts(store, 'messenger', userId, bodies, send);
    },
  };
}
