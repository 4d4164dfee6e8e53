import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/types.ts';
import { createMetrics } from '../../src/metrics.ts';
import { createDeliverer } from '../../src/outbound/deliver.ts';
import { OUTBOX_INDEX, outboxEntry } from '../../src/outbound/outbox.ts';
import type { OutboundJob } from '../../src/outbound/types.ts';
import type { JobContext } from '../../src/queue/types.ts';
import { keys } from '../../src/store/keys.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { FakeChannel, silentLogger } from '../support/fakes.ts';

/** A channel whose sends take `ms`, so a user's later batch starts while the earlier one is still going out. */
class SlowChannel extends FakeChannel {
  constructor(private readonly ms: number) {
    super();
  }
  override async send(userId: string, message: OutboundMessage): Promise<void> {
    await new Promise((r) => setTimeout(r, this.ms));
    await super.send(userId, message);
  }
}

function ctx(): JobContext<OutboundJob> & { postponed: number } {
  const c = {
    attempt: 1,
    finalAttempt: false,
    postponed: 0,
    update: async () => {},
    postpone: async (): Promise<never> => {
      c.postponed += 1;
      throw new Error('postponed');
    },
  };
  return c;
}

const job = (seq: number, texts: string[]): OutboundJob => ({
  channel: 'zalo',
  userId: 'u1',
  seq,
  cause: `e${seq}`,
  messages: texts.map((text) => ({ kind: 'text', text })),
  sent: 0,
  queuedAt: Date.now(),
});

async function setup(sendMs: number) {
  const store = new MemoryStore();
  await store.set(keys.lastInteraction('zalo', 'u1'), String(Date.now()));
  const channel = new SlowChannel(sendMs);
  const deliver = createDeliverer({ adapters: { zalo: channel }, store, metrics: createMetrics(), logger: silentLogger });
  return { store, channel, deliver };
}

describe('the outbound deliverer', () => {
  it('a later batch that starts while the earlier one is going out waits in process and follows it, not put back in the queue', async () => {
    const { channel, deliver, store } = await setup(30);
    const first = ctx();
    const second = ctx();
    await Promise.all([deliver(job(1, ['a1', 'a2']), first), deliver(job(2, ['b1']), second)]);
    expect(channel.texts('u1')).toEqual(['a1', 'a2', 'b1']);
    expect(second.postponed).toBe(0);
    expect(await store.get(keys.deliveredSeq('zalo', 'u1'))).toBe('2');
  });

  it('puts a batch back in the queue when the earlier one does not show up in time, sending nothing', async () => {
    const { channel, deliver } = await setup(1);
    const third = ctx();
    await expect(deliver(job(3, ['c1']), third)).rejects.toThrow('postponed');
    expect(third.postponed).toBe(1);
    expect(channel.sent).toEqual([]);
  });

  it('skips a replay of a batch already delivered', async () => {
    const { channel, deliver } = await setup(1);
    await deliver(job(1, ['a1']), ctx());
    await deliver(job(1, ['a1']), ctx());
    expect(channel.texts('u1')).toEqual(['a1']);
  });

  it('once a batch is out its outbox entry is gone, with the delivered mark', async () => {
    const { deliver, store } = await setup(1);
    const entry = outboxEntry(job(1, ['a1']));
    await store.setAll([entry]);
    await deliver(job(1, ['a1']), ctx());
    expect(await store.get(entry.key)).toBeNull();
    expect(await store.indexed(OUTBOX_INDEX, Date.now() + 1, 10)).toEqual([]);
    expect(await store.get(keys.deliveredSeq('zalo', 'u1'))).toBe('1');
  });

  it("with the committing turn's view (next in line, inside the window) it sends without reading the store first", async () => {
    const { deliver, store, channel } = await setup(1);
    await store.set(keys.deliveredSeq('zalo', 'u1'), '4');
    let reads = 0;
    const getMany = store.getMany.bind(store);
    store.getMany = (k) => (reads++, getMany(k));
    await deliver(job(5, ['e1']), ctx(), { deliveredSeq: 4, lastInteractionAt: Date.now() });
    expect([reads, channel.texts('u1')]).toEqual([0, ['e1']]);
    // A view that is behind (the earlier batch was not out yet at commit) is checked against the store.
    await deliver(job(6, ['f1']), ctx(), { deliveredSeq: 4, lastInteractionAt: Date.now() });
    expect([reads, channel.texts('u1')]).toEqual([1, ['e1', 'f1']]);
  });
});
