import { describe, expect, it } from 'vitest';
import { verifyZaloSignature } from '../../../src/channels/zalo/signature.ts';
import { APP_ID, fixture, fixtureNames, OA_ID, OA_SECRET, signatures } from './helpers.ts';

const verify = (raw: Buffer, headers: Record<string, string | string[] | undefined>, appId = APP_ID, key = OA_SECRET) =>
  verifyZaloSignature(raw, headers, appId, key);

describe('zalo webhook signature', () => {
  it('covers every fixture', () => {
    expect(fixtureNames.length).toBe(13);
    expect(Object.keys(signatures).sort()).toEqual(fixtureNames);
  });

  describe.each(fixtureNames)('%s', (name) => {
    const raw = fixture(name);
    const sig = signatures[name]!;

    it('verifies with the platform signature (mac= prefix, bare hex, uppercase hex, array header)', () => {
      expect(verify(raw, { 'x-zevent-signature': sig })).toBe('ok');
      expect(verify(raw, { 'x-zevent-signature': sig.slice(4) })).toBe('ok');
      expect(verify(raw, { 'X-ZEvent-Signature': `mac=${sig.slice(4).toUpperCase()}` })).toBe('ok');
      expect(verify(raw, { 'x-zevent-signature': [sig] })).toBe('ok');
    });

    it('is missing without the header or with an empty one', () => {
      expect(verify(raw, {})).toBe('missing');
      expect(verify(raw, { 'x-zevent-signature': '' })).toBe('missing');
    });

    it('fails with one changed body byte, a changed signature, another key or another app id', () => {
      for (const at of [0, Math.floor(raw.length / 2), raw.length - 1]) {
        const changed = Buffer.from(raw);
        changed[at] = changed[at]! ^ 0x01;
        expect(verify(changed, { 'x-zevent-signature': sig })).toBe('invalid');
      }
      const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
      expect(verify(raw, { 'x-zevent-signature': flipped })).toBe('invalid');
      expect(verify(raw, { 'x-zevent-signature': sig }, APP_ID, 'another-key')).toBe('invalid');
      expect(verify(raw, { 'x-zevent-signature': sig }, OA_ID)).toBe('invalid');
    });
  });

  it('rejects malformed headers and bodies without a timestamp', () => {
    const raw = fixture('follow.json');
    expect(verify(raw, { 'x-zevent-signature': 'mac=xyz' })).toBe('invalid');
    expect(verify(raw, { 'x-zevent-signature': `mac=${'a'.repeat(63)}` })).toBe('invalid');
    expect(verify(Buffer.from('not json'), { 'x-zevent-signature': signatures['follow.json']! })).toBe('invalid');
    expect(verify(Buffer.from('{"app_id":"1"}'), { 'x-zevent-signature': signatures['follow.json']! })).toBe('invalid');
  });
});
