import { AppError, ErrorCodes, type ErrorCode, type Retry } from '../../errors.ts';

/**
 * Graph API failures → AppError codes the outbound worker acts on (`retry` → the queue backs off and tries
 * again, `never` → recorded with its reason and dropped). Decided on `(error.code, error.error_subcode)` —
 * note the field is `error_subcode` (messenger.md §4.4) — then on the HTTP status. Details carry only codes,
 * statuses and the fbtrace id: they are logged.
 */

export interface Rule {
  code: ErrorCode;
  retry: Retry;
  reason: string;
}

const TOKEN: Rule = { code: ErrorCodes.MESSENGER_TOKEN, retry: 'never', reason: 'token' };
const RATE: Rule = { code: ErrorCodes.MESSENGER_RATE_LIMIT, retry: 'retry', reason: 'rate_limit' };
const WINDOW: Rule = { code: ErrorCodes.MESSENGER_OUTSIDE_WINDOW, retry: 'never', reason: 'outside_window' };
const RECIPIENT: Rule = { code: ErrorCodes.MESSENGER_RECIPIENT, retry: 'never', reason: 'recipient' };
const THREAD_OWNER: Rule = { code: ErrorCodes.MESSENGER_RECIPIENT, retry: 'never', reason: 'thread_owned_by_other_app' };
const PERMISSION: Rule = { code: ErrorCodes.MESSENGER_PERMISSION, retry: 'never', reason: 'permission' };
const TRANSIENT: Rule = { code: ErrorCodes.MESSENGER_TRANSIENT, retry: 'retry', reason: 'transient' };
const REQUEST: Rule = { code: ErrorCodes.SEND_PERMANENT, retry: 'never', reason: 'request_rejected' };

/** `code/subcode` rules win over `code` rules. */
export const MESSENGER_SUBCODE_TABLE: Readonly<Record<string, Rule>> = {
  '10/2018278': WINDOW, // message sent outside the allowed window
  '10/2018065': WINDOW, // (old) outside the window, needs subscription messaging
  '10/2018108': RECIPIENT, // this person isn't receiving messages from you right now
  '10/2018300': THREAD_OWNER, // another app controls the thread (handover / conversation routing)
  '10/1893063': PERMISSION, // Page temporarily restricted from sending
  '100/2018001': RECIPIENT, // no matching user found
  '100/2018109': REQUEST, // attachment too large
  '100/2018034': REQUEST, // message cannot be empty
  '200/1545041': RECIPIENT, // this person isn't available right now
  '551/1545041': RECIPIENT,
  '200/2018028': PERMISSION, // cannot message non-role users before app review
  '4/2018022': RATE, // too many send requests to phone numbers
};

export const MESSENGER_ERROR_TABLE: Readonly<Record<number, Rule>> = {
  190: TOKEN, // invalid / expired Page access token: a person must replace it
  4: RATE, // application request limit
  17: RATE, // user request limit
  32: RATE, // Page request limit
  613: RATE, // calls exceeded the rate limit
  80006: RATE, // Messenger business-use-case rate limit
  1: TRANSIENT, // unknown error, retry later
  2: TRANSIENT, // service temporarily unavailable
  1200: TRANSIENT, // temporary send failure
  10: PERMISSION, // permission denied (other subcodes)
  200: PERMISSION, // permission error (other subcodes)
  3: PERMISSION, // capability missing
  551: RECIPIENT, // person not available
  100: REQUEST, // invalid parameter: over-length field, deprecated feature, bad payload
};

export function ruleFor(fbCode: number, fbSubcode?: number): Rule | undefined {
  return (fbSubcode === undefined ? undefined : MESSENGER_SUBCODE_TABLE[`${fbCode}/${fbSubcode}`]) ?? MESSENGER_ERROR_TABLE[fbCode];
}

function build(rule: Rule, message: string, details: Record<string, unknown>, cause?: unknown): AppError {
  return new AppError(rule.code, message, { retry: rule.retry, details: { reason: rule.reason, ...details }, ...(cause === undefined ? {} : { cause }) });
}

interface GraphError {
  code?: unknown;
  error_subcode?: unknown;
  is_transient?: unknown;
  type?: unknown;
  fbtrace_id?: unknown;
}

function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** A Graph `{ error: { code, error_subcode, … } }` body (any HTTP status). */
export function classifyGraphError(httpStatus: number, error: GraphError): AppError {
  const fbCode = int(error.code);
  const fbSubcode = int(error.error_subcode);
  const details: Record<string, unknown> = { httpStatus };
  if (fbCode !== undefined) details.fbCode = fbCode;
  if (fbSubcode !== undefined) details.fbSubcode = fbSubcode;
  if (typeof error.fbtrace_id === 'string') details.fbtraceId = error.fbtrace_id;
  const known = fbCode === undefined ? undefined : ruleFor(fbCode, fbSubcode);
  // Graph marks some failures `is_transient`; unknown codes otherwise fall back on the HTTP status.
  const rule = known ?? (error.is_transient === true ? TRANSIENT : statusRule(httpStatus) ?? REQUEST);
  return build(rule, `Graph API error ${fbCode ?? '?'}${fbSubcode === undefined ? '' : `/${fbSubcode}`}`, details);
}

function statusRule(status: number): Rule | undefined {
  if (status === 429) return RATE;
  if (status >= 500 || status === 408) return TRANSIENT;
  if (status === 401) return TOKEN;
  if (status === 403) return PERMISSION;
  if (status >= 400) return REQUEST;
  return undefined;
}

/** A non-2xx status whose body carries no Graph error (a proxy page, an empty 502). */
export function classifyHttpStatus(status: number): AppError {
  return build(statusRule(status) ?? TRANSIENT, `Graph API HTTP ${status}`, { httpStatus: status });
}

/**
 * No response at all: timeout, DNS, connection reset. Always worth another try. The axios error is not kept as
 * the cause: its request config holds the access token, and causes may end up in logs.
 */
export function classifyNetworkError(err: unknown): AppError {
  const errCode = (err as { code?: unknown } | undefined)?.code;
  return build(TRANSIENT, 'Graph API unreachable', { network: typeof errCode === 'string' ? errCode : 'unknown' });
}

/** One response → undefined for success, or the AppError to throw. A Graph error body wins over the status. */
export function classifyResponse(status: number, body: unknown): AppError | undefined {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) return classifyGraphError(status, error as GraphError);
  if (status < 200 || status >= 300) return classifyHttpStatus(status);
  return undefined;
}
