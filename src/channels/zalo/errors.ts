import { AppError, ErrorCodes, type ErrorCode, type Retry } from '../../errors.ts';

/**
 * Zalo failures → AppError codes the outbound worker acts on (`retry` → BullMQ backs off and tries again,
 * `never` → recorded and dropped). Zalo reports most failures as HTTP 200 with `error != 0` (zalo.md §3.1, §3.5).
 * Details carry only codes and statuses: they are logged.
 */

interface Rule {
  code: ErrorCode;
  retry: Retry;
  reason: string;
}

const TOKEN: Rule = { code: ErrorCodes.ZALO_TOKEN, retry: 'retry', reason: 'token' };
const RATE: Rule = { code: ErrorCodes.ZALO_RATE_LIMIT, retry: 'retry', reason: 'rate_limit' };
const WINDOW: Rule = { code: ErrorCodes.ZALO_OUTSIDE_WINDOW, retry: 'never', reason: 'outside_window' };
const RECIPIENT: Rule = { code: ErrorCodes.ZALO_RECIPIENT, retry: 'never', reason: 'recipient' };
const PERMISSION: Rule = { code: ErrorCodes.ZALO_PERMISSION, retry: 'never', reason: 'permission' };
const TRANSIENT: Rule = { code: ErrorCodes.ZALO_TRANSIENT, retry: 'retry', reason: 'transient' };
const REQUEST: Rule = { code: ErrorCodes.SEND_PERMANENT, retry: 'never', reason: 'request_rejected' };

/** The classification table (codes from zalo.md §3.5). Unknown codes are permanent: never retry blindly. */
export const ZALO_ERROR_TABLE: Readonly<Record<number, Rule>> = {
  [-216]: TOKEN, // access token invalid
  [-220]: TOKEN, // access token expired or removed
  [-32]: RATE, // app/OA reached the call limit
  [-230]: WINDOW, // user has not interacted in the last 7 days
  [-232]: WINDOW, // no interaction yet / interaction expired
  [-201]: RECIPIENT, // invalid parameter, usually a wrong user_id
  [-213]: RECIPIENT, // user does not follow the OA
  [-217]: RECIPIENT, // user blocked the OA
  [-218]: RECIPIENT, // user's receive quota exceeded
  [-227]: RECIPIENT, // user locked or inactive > 45 days
  [-244]: RECIPIENT, // user restricted this message type
  [-204]: PERMISSION, // OA disabled
  [-205]: PERMISSION, // OA does not exist
  [-209]: PERMISSION, // app not activated
  [-211]: PERMISSION, // feature quota exhausted
  [-212]: PERMISSION, // app has not registered the OA API
  [-219]: PERMISSION, // app removed/disabled
  [-221]: PERMISSION, // OA not verified for the feature
  [-223]: PERMISSION, // OA has not authorised this API
  [-224]: PERMISSION, // OA package lacks the feature
  [-242]: PERMISSION, // invalid appsecret_proof
  [-200]: TRANSIENT, // send failed
  [-100]: REQUEST, // attachment expired
  [-210]: REQUEST, // parameter over limit
  [-233]: REQUEST, // message type not supported
  [-234]: REQUEST, // not at night (promotional)
  [-240]: REQUEST, // v2 API shut down
  [-248]: REQUEST, // content violates policy
};

function build(rule: Rule, message: string, details: Record<string, unknown>, cause?: unknown): AppError {
  return new AppError(rule.code, message, { retry: rule.retry, details: { reason: rule.reason, ...details }, ...(cause === undefined ? {} : { cause }) });
}

/** An HTTP 200 body with `error != 0`. `message` is Zalo's English error text (no personal data). */
export function classifyZaloError(error: number, zaloMessage?: string, httpStatus = 200): AppError {
  const rule = ZALO_ERROR_TABLE[error] ?? REQUEST;
  return build(rule, `Zalo API error ${error}${zaloMessage ? `: ${zaloMessage}` : ''}`, { zaloError: error, httpStatus });
}

/** A non-2xx HTTP status whose body carries no Zalo error code. */
export function classifyHttpStatus(status: number): AppError {
  const rule = status === 401 ? TOKEN : status === 429 ? RATE : status >= 500 || status === 408 ? TRANSIENT : status === 403 ? PERMISSION : REQUEST;
  return build(rule, `Zalo API HTTP ${status}`, { httpStatus: status });
}

/** No response at all: timeout, DNS, connection reset. Always worth another try. */
export function classifyNetworkError(cause: unknown): AppError {
  const errCode = (cause as { code?: unknown } | undefined)?.code;
  return build(TRANSIENT, 'Zalo API unreachable', { network: typeof errCode === 'string' ? errCode : 'unknown' }, cause);
}

/**
 * One response (status + parsed body) → undefined for success, or the AppError to throw. A Zalo error code
 * in the body wins over the HTTP status (a 401 body may still say -216).
 */
export function classifyResponse(status: number, body: unknown): AppError | undefined {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const code = typeof error === 'number' ? error : typeof error === 'string' && /^-?\d+$/.test(error) ? Number(error) : undefined;
  const zaloMessage = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  if (code !== undefined && code !== 0) return classifyZaloError(code, typeof zaloMessage === 'string' ? zaloMessage : undefined, status);
  if (status < 200 || status >= 300) return classifyHttpStatus(status);
  if (code === undefined) {
    // HTTP 200 without the `{ error: 0 }` envelope: a proxy page or a changed API. Try again later.
    return new AppError(ErrorCodes.ZALO_RESPONSE_INVALID, 'Zalo API response without an error field', { retry: 'retry', details: { httpStatus: status, reason: 'response_invalid' } });
  }
  return undefined;
}
