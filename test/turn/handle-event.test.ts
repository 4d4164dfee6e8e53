import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCodes } from '../../src/errors.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { keys } from '../../src/store/keys.ts';
import { testPrefixes, testRedisConfig } from '../store/helpers.ts';
import { echoEngine, FakeChannel, silentLogger, testConfig, textEvent, until } from '../support/fakes.ts';

const running: Runtime[] = [];
const prefixes = testPrefixes();
afterEach(async () => {
  for (const rt of running.splice(0)) await rt.stop();
  await prefixes.drop();
});

/** Runtimes sharing one Redis prefix behave like app instances behind one load balancer. */
function instances(n: number, prefix = prefixes.next()) {
  const channel = new FakeChannel();
  const rts = Array.from({ length: n }, () =>
    createRuntime({
      config: testConfig({ ...testRedisConfig(), redisPrefix: prefix }),
      engine: echoEngine,
      logger: silentLogger,
      adapters: () => [channel],
    }),
  );
  running.push(...rts);
  return { channel, rts };
}

describe('turn pipeline on the real Redis', () => {
  it('answers a redelivered event exactly once', async () => {
    const { channel, rts } = instances(1);
    const event = textEvent('u1', 'm1', 'chào');
    expect(await rts[0]!.handleEvent(event)).toBe('handled');
    expect(await rts[0]!.handleEvent(event)).toBe('duplicate');
    await until(() => channel.sent.length === 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(channel.texts('u1')).toEqual(['#1 chào', '#1 end']);
  });

  it('keeps one user’s order when their events hit two instances at once', async () => {
    const { channel, rts } = instances(2);
    const words = ['một', 'hai', 'ba', 'bốn', 'năm', 'sáu'];
    await Promise.all(words.map((w, i) => rts[i % 2]!.handleEvent(textEvent('u2', `m${i}`, w))));
    await until(() => channel.sent.length === 12);
    const turns = channel.texts('u2').map((t) => Number(t.split(' ')[0]!.slice(1)));
    // Every turn number 1..6 appears, each as a pair, and never out of order.
    expect(turns).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
  });

  it('delivers after a transient send failure, resuming after what already went out', async () => {
    const { channel, rts } = instances(1);
    channel.failNext(new AppError(ErrorCodes.MESSENGER_RATE_LIMIT, '429', { retry: 'retry' }));
    await rts[0]!.handleEvent(textEvent('u3', 'm1', 'alo'));
    await until(() => channel.sent.length === 2);
    expect(channel.texts('u3')).toEqual(['#1 alo', '#1 end']);
  });

  it('records a permanent failure and moves on to the user’s next batch', async () => {
    const { channel, rts } = instances(1);
    channel.failNext(new AppError(ErrorCodes.ZALO_RECIPIENT, 'blocked', { retry: 'never' }));
    await rts[0]!.handleEvent(textEvent('u4', 'm1', 'a'));
    await rts[0]!.handleEvent(textEvent('u4', 'm2', 'b'));
    await until(() => channel.texts('u4').includes('#2 end'));
    // A permanent failure (user blocked the OA) drops the rest of that batch: the next one goes out.
    expect(channel.texts('u4')).toEqual(['#2 b', '#2 end']);
  });

  it('goes quiet for a user after a staff member answered them, and for one who asked for a person', async () => {
    const { channel, rts } = instances(1);
    await rts[0]!.handleEvent({ channel: 'zalo', userId: 'u5', eventId: 'e1', timestamp: Date.now(), kind: 'echo', byHuman: true });
    expect(await rts[0]!.handleEvent(textEvent('u5', 'm1', 'còn ai không'))).toBe('paused');
    await rts[0]!.handleEvent(textEvent('u6', 'm1', 'human'));
    expect(await rts[0]!.handleEvent(textEvent('u6', 'm2', 'alo'))).toBe('paused');
    await until(() => channel.texts('u6').length === 2);
    expect(channel.texts('u5')).toEqual([]);
  });

  it('acknowledges and drops an event older than 48 h or dated in the future (1970, 3000), with no store work', async () => {
    const { channel, rts } = instances(1);
    const rt = rts[0]!;
    const hour = 3600_000;
    expect(await rt.handleEvent(textEvent('u8', 'old', 'replayed', Date.now() - 49 * hour))).toBe('dropped');
    expect(await rt.handleEvent(textEvent('u8', 'epoch', 'x', 0))).toBe('dropped');
    expect(await rt.handleEvent(textEvent('u8', 'y3000', 'x', Date.parse('3000-01-01')))).toBe('dropped');
    expect(await rt.handleEvent(textEvent('u8', 'retry', 'late retry', Date.now() - 47 * hour))).toBe('handled');
    await until(() => channel.sent.length === 2);
    expect(channel.texts('u8')).toEqual(['#1 late retry', '#1 end']);
    expect(await rt.store.get(keys.processed('zalo', 'u8', 'old'))).toBeNull();
    const dropped = (await rt.metrics.eventsDropped.get()).values.map((v) => [v.labels.reason, v.value]);
    expect(dropped.sort()).toEqual([['future', 1], ['stale', 2]]);
  });

  it('never answers our own echo or a receipt', async () => {
    const { channel, rts } = instances(1);
    expect(await rts[0]!.handleEvent({ channel: 'zalo', userId: 'u7', eventId: 'e1', timestamp: Date.now(), kind: 'echo', byHuman: false })).toBe('recorded');
    expect(await rts[0]!.handleEvent({ channel: 'zalo', userId: 'u7', eventId: 'e2', timestamp: Date.now(), kind: 'receipt' })).toBe('recorded');
    expect(await rts[0]!.handleEvent(textEvent('u7', 'm1', 'x'))).toBe('handled');
    await until(() => channel.sent.length === 2);
    expect(channel.texts('u7')).toEqual(['#1 x', '#1 end']);
  });

  it('deletes the user’s session and keys on request, and still confirms', async () => {
    const { channel, rts } = instances(1);
    const rt = rts[0]!;
    await rt.handleEvent(textEvent('u8', 'm1', 'hello'));
    expect(await rt.store.get(keys.session('zalo', 'u8'))).not.toBeNull();
    await rt.handleEvent(textEvent('u8', 'm2', 'delete'));
    expect(await rt.store.get(keys.session('zalo', 'u8'))).toBeNull();
    await until(() => channel.texts('u8').length === 4);
    expect(channel.texts('u8').slice(2)).toEqual(['#2 delete', '#2 end']);
  });

  it('re-queues replies left in the outbox by a crash once they are stale; a fresh entry is left to its process', async () => {
    const prefix = prefixes.next();
    const first = instances(1, prefix);
    const store = first.rts[0]!.store;
    const entry = (userId: string, queuedAt: number) => ({ channel: 'zalo' as const, userId, seq: 1, cause: 'm1', messages: [{ kind: 'text' as const, text: `lost? ${userId}` }], sent: 0, queuedAt });
    for (const u of ['u9', 'u10']) await store.set(keys.lastInteraction('zalo', u), String(Date.now()));
    // u9's process died 20 s ago; u10's batch was committed a moment ago by a process that may still deliver it.
    await store.set(keys.outbox('zalo', 'u9', 1), JSON.stringify(entry('u9', Date.now() - 20_000)));
    await store.set(keys.outbox('zalo', 'u10', 1), JSON.stringify(entry('u10', Date.now())));
    const second = instances(1, prefix);
    const sent = () => [...first.channel.texts(), ...second.channel.texts()];
    await until(() => sent().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sent()).toEqual(['lost? u9']);
    expect(await store.get(keys.outbox('zalo', 'u10', 1))).not.toBeNull();
  });
});

describe('messages to a user outside their turn', () => {
  it('are delivered in order with that user’s replies', async () => {
    const { channel, rts } = instances(1);
    const rt = rts[0]!;
    await rt.handleEvent(textEvent('agent1', 'm1', 'hi'));
    await rt.sendToUser({ channel: 'zalo', userId: 'agent1' }, [{ kind: 'text', text: 'lead L1' }], 'lead:L1');
    await rt.sendToUser({ channel: 'zalo', userId: 'agent1' }, [{ kind: 'text', text: 'lead L1' }], 'lead:L1');
    await rt.handleEvent(textEvent('agent1', 'm2', 'ok'));
    await until(() => channel.texts('agent1').length === 5);
    await new Promise((r) => setTimeout(r, 100));
    // The second call with the same cause was a retry of the first: queued twice, sent once.
    expect(channel.texts('agent1')).toEqual(['#1 hi', '#1 end', 'lead L1', '#2 ok', '#2 end']);
  });
});
