import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { setLogHashSecret, userRef } from '../../src/channels/user-ref.ts';

afterAll(() => setLogHashSecret(undefined));

describe('the log user reference', () => {
  it('is keyed by LOG_HASH_SECRET: stable for one secret, different for another, never the plain hash of the id', () => {
    setLogHashSecret('secret-one');
    const a = userRef('zalo', '8415120965517823741');
    expect(userRef('zalo', '8415120965517823741')).toBe(a);
    expect(userRef('messenger', '8415120965517823741')).not.toBe(a);
    setLogHashSecret('secret-two');
    expect(userRef('zalo', '8415120965517823741')).not.toBe(a);
    const unkeyed = createHash('sha256').update('zalo:8415120965517823741').digest('hex');
    expect(unkeyed.startsWith(a.slice(0, 12))).toBe(false);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('without a secret each process draws its own: two draws give different references', () => {
    setLogHashSecret(undefined);
    const first = userRef('zalo', '1');
    setLogHashSecret(undefined);
    expect(userRef('zalo', '1')).not.toBe(first);
  });
});
