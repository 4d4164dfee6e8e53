import { createHmac } from 'node:crypto';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { createPlatformHttp, createPlatformPoster, type PlatformPoster } from '../http-client.ts';
import { userRef } from '../user-ref.ts';
import type { Logger } from 'pino';
import type { MessengerConfig } from '../../config.ts';
import { AppError, ErrorCodes, isAppError } from '../../errors.ts';
import { classifyNetworkError, classifyResponse } from './errors.ts';
import { TokenBucket } from './rate-limiter.ts';
import type { SendBody } from './render.ts';

export const MESSAGES_PATH = '/me/messages';
export const PROFILE_PATH = '/me/messenger_profile';
export const PASS_THREAD_PATH = '/me/pass_thread_control';
export const TAKE_THREAD_PATH = '/me/take_thread_control';
const REQUEST_TIMEOUT_MS = 10_000;

export type SenderAction = 'typing_on' | 'typing_off' | 'mark_seen';

export interface MessengerClientOptions {
  config: MessengerConfig;
  logger: Logger;
  limiter?: TokenBucket;
  http?: AxiosInstance;
  /** The JSON POST of the sends (default: the shared kept-alive transport, http-client.ts). */
  post?: PlatformPoster;
  /** Per-request timeout (default 10 s); a timeout is a retryable MESSENGER_TRANSIENT. */
  timeoutMs?: number;
  now?: () => number;
}

export interface MessengerClient {
  /** Posts one message (`POST /me/messages`). Throws a classified AppError. */
  sendMessage(body: SendBody): Promise<{ messageId: string | undefined }>;
  /** `typing_on` and friends: a separate call with only recipient + sender_action. */
  senderAction(userId: string, action: SenderAction): Promise<void>;
  /** `GET /me/messenger_profile?fields=…` → `data[0]` (or {} when nothing is set). */
  getProfile(fields: string[]): Promise<Record<string, unknown>>;
  /** `POST /me/messenger_profile`: sets the given properties, leaving the others as they are. */
  setProfile(profile: Record<string, unknown>): Promise<void>;
  /** Handover protocol (messenger.md §6): give the thread to another app (the Page Inbox), with a note for it. */
  passThreadControl(userId: string, targetAppId: string, metadata?: string): Promise<void>;
  /** Takes the thread back from whichever app owns it. */
  takeThreadControl(userId: string, metadata?: string): Promise<void>;
}

/** `appsecret_proof` = HMAC-SHA256(access token, app secret), hex (messenger.md §2, last point). */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}


/**
 * The one outbound chain, in one place: sign (access_token + appsecret_proof as query parameters) → rate
 * limit → request (axios, `${graphBaseUrl}/${graphVersion}`, timeout) → classify → log. Logs carry the
 * operation, codes, statuses and a hashed user ref; never text, names, phones, PSIDs or the token URL.
 */
export function createMessengerClient(opts: MessengerClientOptions): MessengerClient {
  const { config, logger } = opts;
  const now = opts.now ?? Date.now;
  const limiter = opts.limiter ?? new TokenBucket();
  const baseURL = `${config.graphBaseUrl.replace(/\/+$/, '')}/${config.graphVersion}`;
  const timeout = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const http = opts.http ?? createPlatformHttp({ baseURL, timeout });
  const post = opts.post ?? createPlatformPoster({ baseURL, timeout });
  const auth = { access_token: config.pageAccessToken, appsecret_proof: appSecretProof(config.pageAccessToken, config.appSecret) };
  const authQuery = new URLSearchParams(auth).toString();

  /** A POST's answer in the shape of axios's (JSON parsed when it is JSON, as axios's default transform does). */
  async function posted(path: string, data: unknown): Promise<Pick<AxiosResponse, 'status' | 'data'>> {
    const res = await post(path, {}, JSON.stringify(data));
    let body: unknown = res.data;
    try {
      body = JSON.parse(res.data);
    } catch {
      // Not JSON (a proxy's error page): classified by its status.
    }
    return { status: res.status, data: body };
  }

  async function call(op: string, method: 'get' | 'post', path: string, data: unknown, user?: string): Promise<Pick<AxiosResponse, 'status' | 'data'>> {
    const started = now();
    const ref = () => (user === undefined ? undefined : userRef('messenger', user));
    try {
      await limiter.take();
      let res: Pick<AxiosResponse, 'status' | 'data'>;
      try {
        // A POST (every send) goes straight to the transport, its query (the signature) built once; the rare GET
        // through axios.
        res = method === 'get' ? await http.request({ method, url: path, params: { ...auth, ...(data as object) } }) : await posted(`${path}?${authQuery}`, data);
      } catch (err) {
        throw classifyNetworkError(err);
      }
      const failure = classifyResponse(res.status, res.data);
      if (failure) {
        if (failure.code === ErrorCodes.MESSENGER_RATE_LIMIT) limiter.drain();
        throw failure;
      }
      if (logger.isLevelEnabled('debug')) logger.debug({ op, user: ref(), ms: now() - started, outcome: 'ok' }, 'messenger call done');
      return res;
    } catch (err) {
      const appErr = isAppError(err) ? err : new AppError(ErrorCodes.MESSENGER_TRANSIENT, 'unexpected Messenger client failure', { retry: 'retry', cause: err });
      logger.warn({ op, user: ref(), ms: now() - started, outcome: 'failed', code: appErr.code, retry: appErr.retry, details: appErr.details }, 'messenger call failed');
      throw appErr;
    }
  }

  return {
    async sendMessage(body) {
      const res = await call('send', 'post', MESSAGES_PATH, body, body.recipient.id);
      const messageId = (res.data as { message_id?: unknown } | undefined)?.message_id;
      return { messageId: typeof messageId === 'string' ? messageId : undefined };
    },
    async senderAction(userId, action) {
      await call('sender_action', 'post', MESSAGES_PATH, { recipient: { id: userId }, sender_action: action }, userId);
    },
    async getProfile(fields) {
      const res = await call('profile_get', 'get', PROFILE_PATH, { fields: fields.join(',') });
      const data = (res.data as { data?: unknown } | undefined)?.data;
      const first = Array.isArray(data) ? (data[0] as unknown) : undefined;
      return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
    },
    async passThreadControl(userId, targetAppId, metadata) {
      await call('pass_thread_control', 'post', PASS_THREAD_PATH, { recipient: { id: userId }, target_app_id: targetAppId, ...(metadata ? { metadata } : {}) }, userId);
    },
    async takeThreadControl(userId, metadata) {
      await call('take_thread_control', 'post', TAKE_THREAD_PATH, { recipient: { id: userId }, ...(metadata ? { metadata } : {}) }, userId);
    },
    async setProfile(profile) {
      const res = await call('profile_set', 'post', PROFILE_PATH, profile);
      const result = (res.data as { result?: unknown } | undefined)?.result;
      if (result !== undefined && result !== 'success') {
        throw new AppError(ErrorCodes.MESSENGER_RESPONSE_INVALID, 'messenger_profile not saved', { details: { reason: 'response_invalid' } });
      }
    },
  };
}
