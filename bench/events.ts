import { createHash, createHmac } from 'node:crypto';

/**
 * Webhook bodies in the platforms' own formats, signed the way the platforms sign them. Written from the
 * platform docs (../shared/domain), not from our verifier, so a verifier bug cannot hide behind them.
 */

export const BENCH_SECRETS = {
  zaloAppId: '3608465249409039670',
  zaloOaId: '1824739561027384691',
  zaloOaSecretKey: 'bench-oa-secret-key',
  messengerAppId: '1493827160548213',
  messengerAppSecret: 'bench-app-secret',
  messengerPageId: '1122334455667788',
} as const;

/** What the user does in one step of a scripted conversation: type text, or tap a button with a payload. */
export type UserAction = { text: string } | { payload: string; title: string };

export interface SignedRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

let seq = 0;
const nextId = () => `${process.pid.toString(16)}${(++seq).toString(16).padStart(12, '0')}`;

/** Zalo: a button tap arrives as plain user_send_text carrying the payload (oa.query.hide). */
export function zaloEvent(userId: string, action: UserAction, now = Date.now()): SignedRequest {
  const timestamp = String(now);
  const text = 'text' in action ? action.text : action.payload;
  const body = JSON.stringify({
    event_name: 'user_send_text',
    app_id: BENCH_SECRETS.zaloAppId,
    sender: { id: userId },
    recipient: { id: BENCH_SECRETS.zaloOaId },
    message: { text, msg_id: nextId() },
    timestamp,
    user_id_by_app: `app${userId}`,
  });
  const mac = createHash('sha256').update(BENCH_SECRETS.zaloAppId + body + timestamp + BENCH_SECRETS.zaloOaSecretKey).digest('hex');
  return { path: '/webhooks/zalo', body, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` } };
}

/** Messenger: a typed message, or a quick-reply tap (the title as text, the payload beside it). */
export function messengerEvent(psid: string, action: UserAction, now = Date.now()): SignedRequest {
  const message = 'text' in action ? { mid: `m_${nextId()}`, text: action.text } : { mid: `m_${nextId()}`, text: action.title, quick_reply: { payload: action.payload } };
  const body = JSON.stringify({
    object: 'page',
    entry: [{ id: BENCH_SECRETS.messengerPageId, time: now, messaging: [{ sender: { id: psid }, recipient: { id: BENCH_SECRETS.messengerPageId }, timestamp: now, message }] }],
  });
  const sig = createHmac('sha256', BENCH_SECRETS.messengerAppSecret).update(body).digest('hex');
  return { path: '/webhooks/messenger', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${sig}` } };
}

/** The app's environment for a run against the fake platform at `platformUrl`. */
export function benchEnv(opts: { port: number; platformUrl: string; redisUrl: string; redisPrefix: string }): Record<string, string> {
  return {
    PORT: String(opts.port),
    LOG_LEVEL: 'warn',
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: opts.redisPrefix,
    ZALO_APP_ID: BENCH_SECRETS.zaloAppId,
    ZALO_APP_SECRET: 'bench-zalo-app-secret',
    ZALO_OA_SECRET_KEY: BENCH_SECRETS.zaloOaSecretKey,
    ZALO_REFRESH_TOKEN: 'bench-refresh-token',
    ZALO_ACCESS_TOKEN: 'bench-access-token',
    ZALO_API_BASE_URL: opts.platformUrl,
    ZALO_OAUTH_BASE_URL: opts.platformUrl,
    MESSENGER_APP_ID: BENCH_SECRETS.messengerAppId,
    MESSENGER_APP_SECRET: BENCH_SECRETS.messengerAppSecret,
    MESSENGER_VERIFY_TOKEN: 'bench-verify-token',
    MESSENGER_PAGE_ACCESS_TOKEN: 'bench-page-token',
    MESSENGER_GRAPH_BASE_URL: opts.platformUrl,
    // The platforms' own limits (4,000 Zalo calls/min, 300 Send API calls/s) would cap delivery far below the
    // load offered here; the bench measures the app, so its client-side buckets are opened wide.
    ZALO_RATE_LIMIT_PER_MINUTE: '100000000',
    MESSENGER_RATE_LIMIT_PER_SECOND: '1000000',
  };
}
