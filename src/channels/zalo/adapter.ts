import type { Logger } from 'pino';
import type { ZaloConfig } from '../../config.ts';
import type { Store } from '../../store/types.ts';
import { sendParts } from '../send-parts.ts';
import type { ChannelAdapter, Headers, SignatureCheck } from '../channel.ts';
import type { InboundEvent, OutboundMessage } from '../types.ts';
import { createZaloClient, type ZaloClient } from './client.ts';
import { parseOncePerBody } from './json.ts';
import { normalizeZaloWebhook } from './normalize.ts';
import { TokenBucket } from './rate-limiter.ts';
import { renderMessage, type RenderOptions } from './render.ts';
import { verifyZaloSignature } from './signature.ts';
import { createTokenManager, type TokenManager } from './token-manager.ts';

/** Zalo lets an OA send consultation messages up to 7 days after the user's last interaction (zalo.md §3.6). */
export const ZALO_WINDOW_SECONDS = 7 * 86_400;

/** How long the progress of a multi-part message is remembered for the queue's retries. */
export interface ZaloChannelOptions {
  config: ZaloConfig;
  store: Store;
  logger: Logger;
  now?: () => number;
  render?: RenderOptions;
}

export interface ZaloChannel extends ChannelAdapter {
  readonly name: 'zalo';
  readonly tokens: TokenManager;
  readonly client: ZaloClient;
}

/** The Zalo OA channel: webhook verify + normalise, renderer, CS message client with its token manager. */
export function createZaloChannel(opts: ZaloChannelOptions): ZaloChannel {
  const { config, store } = opts;
  const logger = opts.logger.child({ channel: 'zalo' });
  const now = opts.now ?? Date.now;
  const tokens = createTokenManager({ config, store, logger, now });
  const rate = config.ratePerMinute;
  const client = createZaloClient({ config, tokens, logger, now, limiter: new TokenBucket(rate, rate / 60_000, now) });
  const parseBody = parseOncePerBody();

  return {
    name: 'zalo',
    windowSeconds: ZALO_WINDOW_SECONDS,
    unsignedPost: 'acknowledge_and_drop',
    tokens,
    client,
    verifySignature(rawBody: Buffer, headers: Headers): SignatureCheck {
      return verifyZaloSignature(rawBody, headers, config.appId, config.oaSecretKey, parseBody);
    },
    parse(rawBody: Buffer): InboundEvent[] {
      return normalizeZaloWebhook(rawBody, logger, parseBody);
    },
    async send(userId: string, message: OutboundMessage): Promise<void> {
      // Several parts (long text, > 5 choices) go out in order and resume after a retry.
      await sendParts(store, 'zalo', userId, renderMessage(userId, message, opts.render), (body) => client.sendCs(body));
    },
  };
}
