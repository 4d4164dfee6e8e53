import { describe, expect, it } from 'vitest';
import { parseOncePerBody } from '../../../src/channels/zalo/json.ts';

describe('parseOncePerBody', () => {
  it('reads one body once however often it is asked (signature check, then normalisation)', () => {
    const parse = parseOncePerBody();
    const raw = Buffer.from('{"timestamp":"1733000000000","sender":{"id":"1824739561027384691"},"n":12345678901234567890}');
    const first = parse(raw);
    expect(parse(raw)).toBe(first);
    expect(first).toEqual({ timestamp: '1733000000000', sender: { id: '1824739561027384691' }, n: '12345678901234567890' });
    // Another request with the same bytes is another Buffer: read afresh.
    expect(parse(Buffer.from(raw))).not.toBe(first);
  });

  it('remembers a body that is not JSON as the same SyntaxError', () => {
    const parse = parseOncePerBody();
    const raw = Buffer.from('{"timestamp":');
    const error = (() => {
      try {
        parse(raw);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SyntaxError);
    expect(() => parse(raw)).toThrow(error as Error);
  });
});
