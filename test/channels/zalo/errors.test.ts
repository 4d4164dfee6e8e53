import { describe, expect, it } from 'vitest';
import { classifyHttpStatus, classifyNetworkError, classifyResponse, classifyZaloError } from '../../../src/channels/zalo/errors.ts';
import { ErrorCodes } from '../../../src/errors.ts';

describe('zalo error classification', () => {
  it.each([
    [-216, ErrorCodes.ZALO_TOKEN, 'retry'],
    [-220, ErrorCodes.ZALO_TOKEN, 'retry'],
    [-32, ErrorCodes.ZALO_RATE_LIMIT, 'retry'],
    [-230, ErrorCodes.ZALO_OUTSIDE_WINDOW, 'never'],
    [-232, ErrorCodes.ZALO_OUTSIDE_WINDOW, 'never'],
    [-201, ErrorCodes.ZALO_RECIPIENT, 'never'],
    [-213, ErrorCodes.ZALO_RECIPIENT, 'never'],
    [-217, ErrorCodes.ZALO_RECIPIENT, 'never'],
    [-218, ErrorCodes.ZALO_RECIPIENT, 'never'],
    [-227, ErrorCodes.ZALO_RECIPIENT, 'never'],
    [-223, ErrorCodes.ZALO_PERMISSION, 'never'],
    [-224, ErrorCodes.ZALO_PERMISSION, 'never'],
    [-204, ErrorCodes.ZALO_PERMISSION, 'never'],
    [-200, ErrorCodes.ZALO_TRANSIENT, 'retry'],
    [-210, ErrorCodes.SEND_PERMANENT, 'never'],
    [-240, ErrorCodes.SEND_PERMANENT, 'never'],
    [-99999, ErrorCodes.SEND_PERMANENT, 'never'],
  ])('error %i on HTTP 200 → %s (%s)', (code, expected, retry) => {
    const err = classifyResponse(200, { error: code, message: 'x' });
    expect(err?.code).toBe(expected);
    expect(err?.retry).toBe(retry);
    expect(err?.details).toMatchObject({ zaloError: code, httpStatus: 200 });
    expect(classifyZaloError(code).code).toBe(expected);
  });

  it.each([
    [401, ErrorCodes.ZALO_TOKEN, 'retry'],
    [429, ErrorCodes.ZALO_RATE_LIMIT, 'retry'],
    [500, ErrorCodes.ZALO_TRANSIENT, 'retry'],
    [502, ErrorCodes.ZALO_TRANSIENT, 'retry'],
    [503, ErrorCodes.ZALO_TRANSIENT, 'retry'],
    [408, ErrorCodes.ZALO_TRANSIENT, 'retry'],
    [403, ErrorCodes.ZALO_PERMISSION, 'never'],
    [400, ErrorCodes.SEND_PERMANENT, 'never'],
    [404, ErrorCodes.SEND_PERMANENT, 'never'],
  ])('HTTP %i without a Zalo code → %s (%s)', (status, expected, retry) => {
    expect(classifyResponse(status, '<html>')?.code).toBe(expected);
    expect(classifyHttpStatus(status).retry).toBe(retry);
  });

  it('a Zalo code in a non-2xx body wins; string codes are read; success is undefined', () => {
    expect(classifyResponse(401, { error: -216 })?.details).toMatchObject({ zaloError: -216, httpStatus: 401 });
    expect(classifyResponse(200, { error: '-230' })?.code).toBe(ErrorCodes.ZALO_OUTSIDE_WINDOW);
    expect(classifyResponse(200, { error: 0, message: 'Success', data: {} })).toBeUndefined();
  });

  it('HTTP 200 without the envelope → ZALO_RESPONSE_INVALID (retry); network errors → transient (retry)', () => {
    expect(classifyResponse(200, 'ok')).toMatchObject({ code: ErrorCodes.ZALO_RESPONSE_INVALID, retry: 'retry' });
    expect(classifyNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toMatchObject({
      code: ErrorCodes.ZALO_TRANSIENT, retry: 'retry', details: { network: 'ECONNRESET' },
    });
  });
});
