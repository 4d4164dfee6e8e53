import { createHmac } from 'node:crypto';
import axios from 'axios';
import { AppError, ErrorCodes } from '../errors.ts';
import type { Lead } from './types.ts';

export const CRM_SIGNATURE_HEADER = 'x-bhxh-signature';

/** `sha256=<hex HMAC-SHA256 of the exact body with the shared secret>`, checked by the receiver in constant time. */
export function signCrmBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** What the CRM receives: the lead as stored (after "delete my data" without personal fields). */
export function crmBody(lead: Lead): string {
  return JSON.stringify({ type: 'lead', lead });
}

/**
 * Posts one lead state to the operator's CRM. Network errors, 408, 429 and 5xx are retried by the leads
 * queue; other 4xx are the receiver refusing the body and are not.
 */
export function createCrmPoster(opts: { url: string; secret: string; timeoutMs?: number }) {
  return async (lead: Lead): Promise<void> => {
    const body = crmBody(lead);
    try {
      await axios.post(opts.url, body, {
        headers: { 'content-type': 'application/json', [CRM_SIGNATURE_HEADER]: signCrmBody(body, opts.secret), 'idempotency-key': `${lead.id}:${lead.history.length}` },
        timeout: opts.timeoutMs ?? 5_000,
        transformRequest: [(data: unknown) => data],
      });
    } catch (err) {
      const status = axios.isAxiosError(err) ? err.response?.status : undefined;
      const retry = status === undefined || status === 408 || status === 429 || status >= 500;
      // SEND_PERMANENT is the closest catalogue code for a failed outbound call; `retry` carries whether it is final.
      throw new AppError(ErrorCodes.SEND_PERMANENT, `CRM webhook failed${status ? ` with HTTP ${status}` : ''}`, {
        retry: retry ? 'retry' : 'never',
        details: { leadId: lead.id, status },
      });
    }
  };
}
