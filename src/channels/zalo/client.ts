import { createPlatformPoster, type PlatformPoster } from '../http-client.ts';
import type { PlatformAnswer } from '../http-transport.ts';
import { userRef } from '../user-ref.ts';
import type { Logger } from 'pino';
import type { ZaloConfig } from '../../config.ts';
import { AppError, ErrorCodes, isAppError } from '../../errors.ts';
import { classifyNetworkError, classifyResponse } from './errors.ts';
import { parseJsonKeepingBigInts } from './json.ts';
import { TokenBucket } from './rate-limiter.ts';
import type { ZaloCsBody } from './render.ts';
import type { TokenManager } from './token-manager.ts';

export const CS_MESSAGE_PATH = '/v3.0/oa/message/cs';
const REQUEST_TIMEOUT_MS = 10_000;

export interface ZaloClientOptions {
  config: ZaloConfig;
  tokens: TokenManager;
  logger: Logger;
  limiter?: TokenBucket;
  /** The JSON POST under the client (default: the shared kept-alive transport, http-client.ts). */
  post?: PlatformPoster;
  /** Per-request timeout (default 10 s); a timeout is a retryable ZALO_TRANSIENT. */
  timeoutMs?: number;
  now?: () => number;
}

export interface ZaloSendResult {
  messageId: string | undefined;
}

export interface ZaloClient {
  /** Posts one consultation (CS) message. Throws a classified AppError. */
  sendCs(body: ZaloCsBody): Promise<ZaloSendResult>;
}

/** Response JSON with long integers kept as strings (some Zalo responses carry bare 64-bit ids). */
function parseResponse(data: string): unknown {
  try {
    return parseJsonKeepingBigInts(data);
  } catch {
    return data;
  }
}


/**
 * The one outbound chain, in one place: token → rate limit → request → classify → on a token error refresh
 * once and retry once → log. Logs carry codes, statuses and a hashed user ref; never text, names or phones.
 */
export function createZaloClient(opts: ZaloClientOptions): ZaloClient {
  const { tokens, logger } = opts;
  const now = opts.now ?? Date.now;
  const limiter = opts.limiter ?? new TokenBucket();
  const send = opts.post ?? createPlatformPoster({ baseURL: opts.config.apiBaseUrl, timeout: opts.timeoutMs ?? REQUEST_TIMEOUT_MS });

  async function attempt(path: string, json: string, token: string): Promise<unknown> {
    await limiter.take();
    let res: PlatformAnswer;
    try {
      res = await send(path, { access_token: token }, json);
    } catch (err) {
      throw classifyNetworkError(err);
    }
    if (res.headers['x-ratelimit-remain'] === '0') limiter.drain();
    const data = parseResponse(res.data);
    const failure = classifyResponse(res.status, data);
    if (failure) throw failure;
    return data;
  }

  async function post(path: string, body: unknown): Promise<unknown> {
    const token = await tokens.getAccessToken();
    const json = JSON.stringify(body);
    try {
      return await attempt(path, json, token);
    } catch (err) {
      if (!isAppError(err, ErrorCodes.ZALO_TOKEN)) throw err;
      logger.warn({ op: path, details: err.details }, 'zalo token rejected; refreshing once');
      const replacement = await tokens.invalidate(token);
      return attempt(path, json, replacement);
    }
  }

  return {
    async sendCs(body) {
      const started = now();
      const user = () => userRef('zalo', body.recipient.user_id);
      try {
        const data = await post(CS_MESSAGE_PATH, body);
        const messageId = (data as { data?: { message_id?: unknown } }).data?.message_id;
        if (logger.isLevelEnabled('debug')) logger.debug({ op: 'cs', user: user(), ms: now() - started, outcome: 'sent' }, 'zalo message sent');
        return { messageId: typeof messageId === 'string' ? messageId : undefined };
      } catch (err) {
        const appErr = isAppError(err) ? err : new AppError(ErrorCodes.ZALO_TRANSIENT, 'unexpected Zalo client failure', { retry: 'retry', cause: err });
        logger.warn({ op: 'cs', user: user(), ms: now() - started, outcome: 'failed', code: appErr.code, retry: appErr.retry, details: appErr.details }, 'zalo send failed');
        throw appErr;
      }
    },
  };
}
