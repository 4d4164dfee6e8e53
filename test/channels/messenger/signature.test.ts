import { describe, expect, it } from 'vitest';
import { createMessengerChannel, messengerSignature, verifyMessengerSignature, verifySubscription } from '../../../src/channels/messenger/index.ts';
import { silentLogger } from '../../support/fakes.ts';
import { APP_SECRET, fixture, fixtureNames, messengerConfig, signatures } from './helpers.ts';

describe('X-Hub-Signature-256', () => {
  it('covers every fixture', () => {
    expect(fixtureNames).toHaveLength(11);
    expect(Object.keys(signatures).sort()).toEqual(fixtureNames);
  });

  it.each(fixtureNames)('%s: ok with the platform signature, invalid with one byte changed, missing without the header', (name) => {
    const raw = fixture(name);
    const sig = signatures[name]!;
    expect(messengerSignature(raw, APP_SECRET)).toBe(sig);
    expect(verifyMessengerSignature(raw, { 'x-hub-signature-256': sig }, APP_SECRET)).toBe('ok');
    expect(verifyMessengerSignature(raw, { 'X-Hub-Signature-256': sig.toUpperCase().replace('SHA256=', 'sha256=') }, APP_SECRET)).toBe('ok');
    const changed = Buffer.from(raw);
    changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 1, changed.length - 3);
    expect(verifyMessengerSignature(changed, { 'x-hub-signature-256': sig }, APP_SECRET)).toBe('invalid');
    expect(verifyMessengerSignature(raw, { 'x-hub-signature-256': sig }, 'other-secret')).toBe('invalid');
    expect(verifyMessengerSignature(raw, {}, APP_SECRET)).toBe('missing');
    expect(verifyMessengerSignature(raw, { 'x-hub-signature-256': '' }, APP_SECRET)).toBe('missing');
  });

  it('hashes the raw bytes, not re-serialised JSON (Vietnamese text is \\u-escaped on the wire)', () => {
    const raw = fixture('message_text.json');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(reserialised.equals(raw)).toBe(false);
    expect(verifyMessengerSignature(reserialised, { 'x-hub-signature-256': signatures['message_text.json']! }, APP_SECRET)).toBe('invalid');
  });

  it('refuses malformed headers: sha1 only, no prefix, short hex', () => {
    const raw = fixture('read.json');
    const hex = signatures['read.json']!.slice('sha256='.length);
    expect(verifyMessengerSignature(raw, { 'x-hub-signature': `sha1=${hex.slice(0, 40)}` }, APP_SECRET)).toBe('missing');
    expect(verifyMessengerSignature(raw, { 'x-hub-signature-256': hex }, APP_SECRET)).toBe('invalid');
    expect(verifyMessengerSignature(raw, { 'x-hub-signature-256': `sha256=${hex.slice(2)}` }, APP_SECRET)).toBe('invalid');
    expect(verifyMessengerSignature(raw, { 'x-hub-signature-256': [signatures['read.json']!] }, APP_SECRET)).toBe('ok');
  });
});

describe('GET subscription check', () => {
  const q = (mode: unknown, token: unknown, challenge: unknown) => ({ 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge });

  it('echoes the challenge for subscribe + the right token', () => {
    expect(verifySubscription(q('subscribe', 'verify-me', '1158201444'), 'verify-me')).toBe('1158201444');
    const adapter = createMessengerChannel({ config: messengerConfig(), logger: silentLogger });
    expect(adapter.verifySubscription?.(q('subscribe', 'verify-me', '42'))).toBe('42');
  });

  it('refuses a wrong token, another mode, a missing challenge, repeated keys', () => {
    expect(verifySubscription(q('subscribe', 'verify-mf', '1'), 'verify-me')).toBeUndefined();
    expect(verifySubscription(q('subscribe', 'verify-me-too', '1'), 'verify-me')).toBeUndefined();
    expect(verifySubscription(q('unsubscribe', 'verify-me', '1'), 'verify-me')).toBeUndefined();
    expect(verifySubscription(q('subscribe', 'verify-me', undefined), 'verify-me')).toBeUndefined();
    expect(verifySubscription(q('subscribe', ['verify-me', 'x'], '1'), 'verify-me')).toBeUndefined();
    expect(verifySubscription({}, 'verify-me')).toBeUndefined();
  });
});
