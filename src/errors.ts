/**
 * One catalogue of error codes, stable across releases, so logs are greppable and tests precise
 * (the same idea as Fastify's FST_ERR_* codes). Add codes; never renumber or reuse one.
 */
export const ErrorCodes = {
  CONFIG_INVALID: 'BHXH_CONFIG_INVALID',
  CONFIG_CHANNEL_INCOMPLETE: 'BHXH_CONFIG_CHANNEL_INCOMPLETE',
  WEBHOOK_SIGNATURE_MISSING: 'BHXH_WEBHOOK_SIGNATURE_MISSING',
  WEBHOOK_SIGNATURE_INVALID: 'BHXH_WEBHOOK_SIGNATURE_INVALID',
  WEBHOOK_BODY_INVALID: 'BHXH_WEBHOOK_BODY_INVALID',
  WEBHOOK_EVENT_UNKNOWN: 'BHXH_WEBHOOK_EVENT_UNKNOWN',
  WEBHOOK_BODY_TOO_LARGE: 'BHXH_WEBHOOK_BODY_TOO_LARGE',
  WEBHOOK_VERIFY_FAILED: 'BHXH_WEBHOOK_VERIFY_FAILED',
  /** A signed event older than the replay horizon (48 h): acknowledged and dropped, never answered. */
  WEBHOOK_EVENT_STALE: 'BHXH_WEBHOOK_EVENT_STALE',
  /** A signed event dated in the future (a clock or a forgery): acknowledged and dropped. */
  WEBHOOK_EVENT_FUTURE: 'BHXH_WEBHOOK_EVENT_FUTURE',
  /** One entry or event of a webhook body with the wrong shape: dropped, the rest processed. */
  WEBHOOK_ITEM_INVALID: 'BHXH_WEBHOOK_ITEM_INVALID',
  STORE_UNAVAILABLE: 'BHXH_STORE_UNAVAILABLE',
  /** A job queue's Redis connection is down (logged once when it goes down, once when it is back). */
  QUEUE_UNAVAILABLE: 'BHXH_QUEUE_UNAVAILABLE',
  LOCK_TIMEOUT: 'BHXH_LOCK_TIMEOUT',
  ZALO_TOKEN: 'BHXH_ZALO_TOKEN',
  ZALO_TOKEN_REFRESH_FAILED: 'BHXH_ZALO_TOKEN_REFRESH_FAILED',
  ZALO_RATE_LIMIT: 'BHXH_ZALO_RATE_LIMIT',
  ZALO_OUTSIDE_WINDOW: 'BHXH_ZALO_OUTSIDE_WINDOW',
  ZALO_RECIPIENT: 'BHXH_ZALO_RECIPIENT',
  ZALO_PERMISSION: 'BHXH_ZALO_PERMISSION',
  ZALO_TRANSIENT: 'BHXH_ZALO_TRANSIENT',
  ZALO_RESPONSE_INVALID: 'BHXH_ZALO_RESPONSE_INVALID',
  MESSENGER_TOKEN: 'BHXH_MESSENGER_TOKEN',
  MESSENGER_RATE_LIMIT: 'BHXH_MESSENGER_RATE_LIMIT',
  MESSENGER_OUTSIDE_WINDOW: 'BHXH_MESSENGER_OUTSIDE_WINDOW',
  MESSENGER_RECIPIENT: 'BHXH_MESSENGER_RECIPIENT',
  MESSENGER_PERMISSION: 'BHXH_MESSENGER_PERMISSION',
  MESSENGER_TRANSIENT: 'BHXH_MESSENGER_TRANSIENT',
  MESSENGER_RESPONSE_INVALID: 'BHXH_MESSENGER_RESPONSE_INVALID',
  SEND_PERMANENT: 'BHXH_SEND_PERMANENT',
  /** A reply batch given up on and kept in the dead-letter list (`npm run outbox -- list`). */
  SEND_PARKED: 'BHXH_SEND_PARKED',
  FLOW_INVALID: 'BHXH_FLOW_INVALID',
  FLOW_TEXT_MISSING: 'BHXH_FLOW_TEXT_MISSING',
  /** A file office staff edit (locales/*.json, the intent phrases) that does not parse or has the wrong shape; names file and line. */
  DATA_FILE_INVALID: 'BHXH_DATA_FILE_INVALID',
  ESTIMATE_INPUT_INVALID: 'BHXH_ESTIMATE_INPUT_INVALID',
  POLICY_DATE_UNCOVERED: 'BHXH_POLICY_DATE_UNCOVERED',
  AGENTS_CSV_INVALID: 'BHXH_AGENTS_CSV_INVALID',
  /** A CSV file in a text encoding we do not convert (the message says how to save it as UTF-8). */
  CSV_ENCODING_UNSUPPORTED: 'BHXH_CSV_ENCODING_UNSUPPORTED',
  LEAD_NOT_FOUND: 'BHXH_LEAD_NOT_FOUND',
  LEAD_TRANSITION_INVALID: 'BHXH_LEAD_TRANSITION_INVALID',
  ADMIN_UNAUTHORIZED: 'BHXH_ADMIN_UNAUTHORIZED',
  STAFF_INVALID: 'BHXH_STAFF_INVALID',
  STAFF_NOT_FOUND: 'BHXH_STAFF_NOT_FOUND',
  HOURS_INVALID: 'BHXH_HOURS_INVALID',
  TARGETS_CSV_INVALID: 'BHXH_TARGETS_CSV_INVALID',
  AGENT_NOT_FOUND: 'BHXH_AGENT_NOT_FOUND',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Whether retrying the same operation later can succeed. Drives queue retries. */
export type Retry = 'retry' | 'never';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retry: Retry;
  /** Extra machine-readable facts (never personal data: these end up in logs). */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { retry?: Retry; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retry = opts.retry ?? 'never';
    this.details = opts.details ?? {};
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
