import { z } from 'zod';
import { AppError, ErrorCodes } from './errors.ts';

/**
 * Every environment variable the app reads, read once here and validated with zod. A channel is on when its
 * secrets are set; setting only some of them is a mistake we stop on, naming what is missing.
 */

const optional = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65_535).optional()),
  LOG_HASH_SECRET: optional,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  REDIS_URL: optional,
  /** `host:port,host:port,…`: some nodes of a Redis Cluster (ioredis finds the rest). */
  REDIS_CLUSTER_NODES: optional.pipe(
    z
      .string()
      .regex(/^\s*[^\s:,]+:\d{1,5}\s*(,\s*[^\s:,]+:\d{1,5}\s*)*$/, 'like 10.0.0.1:7001,10.0.0.2:7001')
      .transform((s) => s.split(',').map((n) => ({ host: n.trim().split(':')[0]!, port: Number(n.trim().split(':')[1]) })))
      .optional(),
  ),
  // Braces would put a hash tag in every key and send them all to one Redis Cluster slot.
  REDIS_PREFIX: z.string().regex(/^[^{}]*$/, 'no braces: our keys carry their own hash tags').default('bhxh:'),
  ADMIN_TOKEN: optional,
  AGENTS_FILE: optional,
  COMMUNE_POINTS_FILE: optional,
  BODY_LIMIT: z.string().default('256kb'),
  HUMAN_PAUSE_MINUTES: z.coerce.number().int().min(0).default(30),
  LEAD_ACCEPT_TIMEOUT_MINUTES: z.coerce.number().positive().default(30),
  LEAD_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  SESSION_TTL_DAYS: z.coerce.number().int().positive().default(30),
  CONSOLE_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  CONSOLE_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  CONSOLE_TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(730),
  CRM_WEBHOOK_URL: optional,
  CRM_WEBHOOK_SECRET: optional,

  ZALO_APP_ID: optional,
  ZALO_APP_SECRET: optional,
  ZALO_OA_SECRET_KEY: optional,
  ZALO_REFRESH_TOKEN: optional,
  ZALO_ACCESS_TOKEN: optional,
  ZALO_API_BASE_URL: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE_URL: z.url().default('https://oauth.zaloapp.com'),
  ZALO_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(4_000),

  MESSENGER_APP_ID: optional,
  MESSENGER_APP_SECRET: optional,
  MESSENGER_VERIFY_TOKEN: optional,
  MESSENGER_PAGE_ACCESS_TOKEN: optional,
  MESSENGER_GRAPH_BASE_URL: z.url().default('https://graph.facebook.com'),
  MESSENGER_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'like v25.0').default('v25.0'),
  MESSENGER_RATE_LIMIT_PER_SECOND: z.coerce.number().int().positive().default(300),
  MESSENGER_HANDOVER: z.enum(['on', 'off']).default('off'),
  MESSENGER_INBOX_APP_ID: z.string().regex(/^\d{6,20}$/, 'a Facebook app id (digits)').default('263902037430900'),
  TICKET_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
});

export type Env = z.infer<typeof EnvSchema>;

export interface ZaloConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  /** Seeds the token store on first start; after that the store holds the rotated tokens. */
  refreshToken: string;
  accessToken: string | undefined;
  apiBaseUrl: string;
  oauthBaseUrl: string;
  /** The in-process bucket in front of the OA API (Zalo's limit is 4,000 calls/min per app). */
  ratePerMinute: number;
}

export interface MessengerConfig {
  appId: string;
  appSecret: string;
  verifyToken: string;
  pageAccessToken: string;
  graphBaseUrl: string;
  graphVersion: string;
  /** The in-process bucket in front of the Send API (Meta's limit is 300 calls/s per Page). */
  ratePerSecond: number;
  /** MESSENGER_HANDOVER=on: a handoff passes the thread to this app (the Page Inbox) and takes it back after. */
  handover?: { inboxAppId: string } | undefined;
}

export interface Config {
  port: number;
  /** Set: /metrics is served on this port only (an internal listener), not on `port`. */
  metricsPort: number | undefined;
  /** Key of the log's user references (HMAC); unset → random per process. */
  logHashSecret: string | undefined;
  /** Unset: each entry point picks its default (info for the server, warn beside the chat console). */
  logLevel: Env['LOG_LEVEL'];
  redisUrl: string | undefined;
  /** Set: the store, the queues and the agent registry use this Redis Cluster (REDIS_URL is then not used). */
  redisClusterNodes: { host: string; port: number }[] | undefined;
  redisPrefix: string;
  adminToken: string | undefined;
  agentsFile: string | undefined;
  communePointsFile: string | undefined;
  bodyLimit: string;
  humanPauseSeconds: number;
  leadAcceptTimeoutMs: number;
  leadRetentionDays: number;
  /** Handoff tickets are kept this long after their last change. */
  ticketRetentionDays: number;
  sessionTtlSeconds: number;
  crmWebhook: { url: string; secret: string } | undefined;
  console: { cookieSecure: 'auto' | 'always' | 'never'; sessionHours: number; trustProxyHops: number; auditRetentionDays: number };
  zalo: ZaloConfig | undefined;
  messenger: MessengerConfig | undefined;
}

/** Required variables per channel; the channel is on when any is set, and then all must be. */
const ZALO_REQUIRED = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_REFRESH_TOKEN'] as const;
const MESSENGER_REQUIRED = ['MESSENGER_APP_ID', 'MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'MESSENGER_PAGE_ACCESS_TOKEN'] as const;
const CRM_REQUIRED = ['CRM_WEBHOOK_URL', 'CRM_WEBHOOK_SECRET'] as const;

function groupOn<K extends keyof Env>(env: Env, group: string, names: readonly K[]): boolean {
  const missing = names.filter((n) => env[n] === undefined);
  if (missing.length === names.length) return false;
  if (missing.length > 0) {
    throw new AppError(
      ErrorCodes.CONFIG_CHANNEL_INCOMPLETE,
      `${group} is half-configured: set ${missing.join(', ')} (or unset ${names.filter((n) => !missing.includes(n)).join(', ')} to turn it off)`,
      { details: { group, missing } },
    );
  }
  return true;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError(ErrorCodes.CONFIG_INVALID, `invalid environment: ${issues}`);
  }
  const env = parsed.data;
  const zaloOn = groupOn(env, 'Zalo OA channel', ZALO_REQUIRED);
  const messengerOn = groupOn(env, 'Messenger channel', MESSENGER_REQUIRED);
  const crmOn = groupOn(env, 'CRM webhook', CRM_REQUIRED);
  return {
    port: env.PORT,
    metricsPort: env.METRICS_PORT,
    logHashSecret: env.LOG_HASH_SECRET,
    logLevel: env.LOG_LEVEL,
    redisUrl: env.REDIS_URL,
    redisClusterNodes: env.REDIS_CLUSTER_NODES,
    redisPrefix: env.REDIS_PREFIX,
    adminToken: env.ADMIN_TOKEN,
    agentsFile: env.AGENTS_FILE,
    communePointsFile: env.COMMUNE_POINTS_FILE,
    bodyLimit: env.BODY_LIMIT,
    humanPauseSeconds: env.HUMAN_PAUSE_MINUTES * 60,
    leadAcceptTimeoutMs: env.LEAD_ACCEPT_TIMEOUT_MINUTES * 60_000,
    leadRetentionDays: env.LEAD_RETENTION_DAYS,
    ticketRetentionDays: env.TICKET_RETENTION_DAYS,
    sessionTtlSeconds: env.SESSION_TTL_DAYS * 86_400,
    crmWebhook: crmOn ? { url: env.CRM_WEBHOOK_URL!, secret: env.CRM_WEBHOOK_SECRET! } : undefined,
    console: { cookieSecure: env.CONSOLE_COOKIE_SECURE, sessionHours: env.CONSOLE_SESSION_HOURS, trustProxyHops: env.CONSOLE_TRUST_PROXY, auditRetentionDays: env.AUDIT_RETENTION_DAYS },
    zalo: zaloOn
      ? {
          appId: env.ZALO_APP_ID!,
          appSecret: env.ZALO_APP_SECRET!,
          oaSecretKey: env.ZALO_OA_SECRET_KEY!,
          refreshToken: env.ZALO_REFRESH_TOKEN!,
          accessToken: env.ZALO_ACCESS_TOKEN,
          apiBaseUrl: env.ZALO_API_BASE_URL,
          oauthBaseUrl: env.ZALO_OAUTH_BASE_URL,
          ratePerMinute: env.ZALO_RATE_LIMIT_PER_MINUTE,
        }
      : undefined,
    messenger: messengerOn
      ? {
          appId: env.MESSENGER_APP_ID!,
          appSecret: env.MESSENGER_APP_SECRET!,
          verifyToken: env.MESSENGER_VERIFY_TOKEN!,
          pageAccessToken: env.MESSENGER_PAGE_ACCESS_TOKEN!,
          graphBaseUrl: env.MESSENGER_GRAPH_BASE_URL,
          graphVersion: env.MESSENGER_GRAPH_VERSION,
          ratePerSecond: env.MESSENGER_RATE_LIMIT_PER_SECOND,
          handover: env.MESSENGER_HANDOVER === 'on' ? { inboxAppId: env.MESSENGER_INBOX_APP_ID } : undefined,
        }
      : undefined,
  };
}
