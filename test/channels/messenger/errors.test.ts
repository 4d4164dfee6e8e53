import { describe, expect, it } from 'vitest';
import { classifyGraphError, classifyHttpStatus, classifyNetworkError, classifyResponse } from '../../../src/channels/messenger/index.ts';

const graph = (code: number, subcode?: number, extra: object = {}) => ({ error: { message: 'x', type: 'OAuthException', code, ...(subcode === undefined ? {} : { error_subcode: subcode }), fbtrace_id: 'AbC', ...extra } });

describe('messenger error taxonomy', () => {
  it.each([
    // [http status, code, subcode, AppError code, retry, reason]
    [400, 190, 463, 'BHXH_MESSENGER_TOKEN', 'never', 'token'],
    [400, 190, undefined, 'BHXH_MESSENGER_TOKEN', 'never', 'token'],
    [400, 4, undefined, 'BHXH_MESSENGER_RATE_LIMIT', 'retry', 'rate_limit'],
    [400, 17, undefined, 'BHXH_MESSENGER_RATE_LIMIT', 'retry', 'rate_limit'],
    [400, 32, undefined, 'BHXH_MESSENGER_RATE_LIMIT', 'retry', 'rate_limit'],
    [400, 613, undefined, 'BHXH_MESSENGER_RATE_LIMIT', 'retry', 'rate_limit'],
    [400, 4, 2018022, 'BHXH_MESSENGER_RATE_LIMIT', 'retry', 'rate_limit'],
    [400, 10, 2018278, 'BHXH_MESSENGER_OUTSIDE_WINDOW', 'never', 'outside_window'],
    [400, 10, 2018065, 'BHXH_MESSENGER_OUTSIDE_WINDOW', 'never', 'outside_window'],
    [400, 100, 2018001, 'BHXH_MESSENGER_RECIPIENT', 'never', 'recipient'],
    [400, 10, 2018108, 'BHXH_MESSENGER_RECIPIENT', 'never', 'recipient'],
    [400, 200, 1545041, 'BHXH_MESSENGER_RECIPIENT', 'never', 'recipient'],
    [400, 551, 1545041, 'BHXH_MESSENGER_RECIPIENT', 'never', 'recipient'],
    [400, 10, 2018300, 'BHXH_MESSENGER_RECIPIENT', 'never', 'thread_owned_by_other_app'],
    [403, 10, undefined, 'BHXH_MESSENGER_PERMISSION', 'never', 'permission'],
    [403, 200, undefined, 'BHXH_MESSENGER_PERMISSION', 'never', 'permission'],
    [400, 200, 2018028, 'BHXH_MESSENGER_PERMISSION', 'never', 'permission'],
    [400, 10, 1893063, 'BHXH_MESSENGER_PERMISSION', 'never', 'permission'],
    [500, 1, undefined, 'BHXH_MESSENGER_TRANSIENT', 'retry', 'transient'],
    [503, 2, undefined, 'BHXH_MESSENGER_TRANSIENT', 'retry', 'transient'],
    [400, 1200, undefined, 'BHXH_MESSENGER_TRANSIENT', 'retry', 'transient'],
    [400, 100, undefined, 'BHXH_SEND_PERMANENT', 'never', 'request_rejected'],
    [400, 100, 2018034, 'BHXH_SEND_PERMANENT', 'never', 'request_rejected'],
    [400, 99999, undefined, 'BHXH_SEND_PERMANENT', 'never', 'request_rejected'],
    [500, 99999, undefined, 'BHXH_MESSENGER_TRANSIENT', 'retry', 'transient'],
  ] as const)('HTTP %i, code %i/%s → %s (%s)', (status, code, subcode, appCode, retry, reason) => {
    const err = classifyResponse(status, graph(code, subcode));
    expect(err).toMatchObject({ code: appCode, retry, details: { reason, httpStatus: status, fbCode: code, fbtraceId: 'AbC' } });
    if (subcode !== undefined) expect(err!.details.fbSubcode).toBe(subcode);
  });

  it('an unknown code marked is_transient is retried', () => {
    expect(classifyGraphError(400, { code: 12345, is_transient: true })).toMatchObject({ code: 'BHXH_MESSENGER_TRANSIENT', retry: 'retry' });
  });

  it('HTTP statuses without a Graph error body', () => {
    expect(classifyHttpStatus(429)).toMatchObject({ code: 'BHXH_MESSENGER_RATE_LIMIT', retry: 'retry' });
    expect(classifyHttpStatus(502)).toMatchObject({ code: 'BHXH_MESSENGER_TRANSIENT', retry: 'retry' });
    expect(classifyHttpStatus(408)).toMatchObject({ code: 'BHXH_MESSENGER_TRANSIENT', retry: 'retry' });
    expect(classifyHttpStatus(401)).toMatchObject({ code: 'BHXH_MESSENGER_TOKEN', retry: 'never' });
    expect(classifyHttpStatus(403)).toMatchObject({ code: 'BHXH_MESSENGER_PERMISSION', retry: 'never' });
    expect(classifyHttpStatus(404)).toMatchObject({ code: 'BHXH_SEND_PERMANENT', retry: 'never' });
    expect(classifyResponse(502, '<html>Bad gateway</html>')).toMatchObject({ code: 'BHXH_MESSENGER_TRANSIENT' });
  });

  it('network failures are transient, and keep no cause (the axios config holds the token)', () => {
    const err = classifyNetworkError(Object.assign(new Error('timeout'), { code: 'ECONNABORTED', config: { params: { access_token: 'secret' } } }));
    expect(err).toMatchObject({ code: 'BHXH_MESSENGER_TRANSIENT', retry: 'retry', details: { network: 'ECONNABORTED' } });
    expect(err.cause).toBeUndefined();
  });

  it('success is undefined', () => {
    expect(classifyResponse(200, { recipient_id: '1', message_id: 'm' })).toBeUndefined();
    expect(classifyResponse(200, { result: 'success' })).toBeUndefined();
  });
});
