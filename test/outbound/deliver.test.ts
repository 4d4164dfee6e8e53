import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/types.ts';
import { AppError, ErrorCodes } from '../../src/errors.ts';
import { createMetrics } from '../../src/metrics.ts';
import { MAX_BACKLOG, prepareBatch, type SendToUser } from '../../src/outbound/batch.ts';
import { countDeadLetters, dropDeadLetter, listDeadLetters, retryDeadLetter } from '../../src/outbound/dead-letter.ts';
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

  it('puts a batch back in the queue while the earlier one is still to come (its outbox entry is there), sending nothing', async () => {
    const { channel, deliver, store } = await setup(1);
    await store.set(keys.deliveredSeq('zalo', 'u1'), '1');
    await store.setAll([outboxEntry(job(2, ['b1']))]);
    const third = ctx();
    await expect(deliver(job(3, ['c1']), third)).rejects.toThrow('postponed');
    expect(third.postponed).toBe(1);
    expect(channel.sent).toEqual([]);
  });

  it('an earlier batch that is gone without being delivered (lost with a failover) does not hold the user back', async () => {
    const { channel, deliver } = await setup(1);
    const third = ctx();
    await deliver(job(3, ['c1']), third);
    expect(third.postponed).toBe(0);
    expect(channel.texts('u1')).toEqual(['c1']);
  });

  it('records progress per message: a process dying mid-batch leaves the next one to resend only the message in flight', async () => {
    const { store } = await setup(1);
    const dying = new FakeChannel();
    let calls = 0;
    dying.send = async (userId, message) => {
      if (++calls === 3) return new Promise<never>(() => {}); // the process dies while the platform holds m3
      await FakeChannel.prototype.send.call(dying, userId, message);
    };
    const dead = createDeliverer({ adapters: { zalo: dying }, store, metrics: createMetrics(), logger: silentLogger });
    void dead(job(1, ['m1', 'm2', 'm3', 'm4']), ctx());
    await new Promise((r) => setTimeout(r, 50));
    expect(dying.texts('u1')).toEqual(['m1', 'm2']);
    const next = new FakeChannel();
    const after = createDeliverer({ adapters: { zalo: next }, store, metrics: createMetrics(), logger: silentLogger });
    await after(job(1, ['m1', 'm2', 'm3', 'm4']), ctx());
    expect(next.texts('u1')).toEqual(['m3', 'm4']);
  });

  it('retries a failing platform for as long as the messaging window is open, then parks the batch with its reason', async () => {
    let clock = Date.now();
    const store = new MemoryStore(() => clock);
    await store.set(keys.lastInteraction('zalo', 'u1'), String(clock));
    const channel = new FakeChannel();
    const metrics = createMetrics();
    const deliver = createDeliverer({ adapters: { zalo: channel }, store, metrics, logger: silentLogger, now: () => clock });
    const batch = job(1, ['a1', 'a2']);
    await store.setAll([outboxEntry(batch)]);
    for (const hours of [1, 24, 6 * 24]) {
      clock = Date.now() + hours * 3600_000;
      channel.failNext(new AppError(ErrorCodes.ZALO_TRANSIENT, 'down', { retry: 'retry' }));
      await expect(deliver(batch, ctx())).rejects.toThrow('down');
    }
    clock = Date.now() + 7 * 86_400_000 + 60_000; // Zalo's 7 days are over
    await deliver(batch, ctx());
    expect(channel.sent).toEqual([]);
    const parked = await listDeadLetters(store);
    expect(parked.map((d) => [d.id, d.reason, d.job.messages.length])).toEqual([['zalo:u1:e1', 'outside_window', 2]]);
    expect(await store.get(keys.deliveredSeq('zalo', 'u1'))).toBe('1'); // the user's next batch may go
    expect((await metrics.parked.get()).values.map((v) => [v.labels.reason, v.value])).toEqual([['outside_window', 2]]);
  });

  it('a permanent refusal parks the rest of the batch (not what already went out); retry re-queues it, drop removes it', async () => {
    const { store, channel, deliver } = await setup(1);
    channel.send = (() => {
      let n = 0;
      return async (userId: string, message: OutboundMessage) => {
        if (++n === 2) throw new AppError(ErrorCodes.ZALO_RECIPIENT, 'blocked', { retry: 'never' });
        await FakeChannel.prototype.send.call(channel, userId, message);
      };
    })();
    await deliver(job(1, ['a1', 'a2', 'a3']), ctx());
    const [letter] = await listDeadLetters(store);
    expect([letter!.reason, letter!.code, letter!.job.sent]).toEqual(['rejected', ErrorCodes.ZALO_RECIPIENT, 1]);
    const resent: { cause: string; texts: string[] }[] = [];
    const sendToUser: SendToUser = async (_t, messages, cause) => void resent.push({ cause, texts: messages.map((m) => (m.kind === 'text' ? m.text : m.kind)) });
    expect(await retryDeadLetter(store, sendToUser, letter!.id)).toBe(true);
    expect(resent.map((r) => r.texts)).toEqual([['a2', 'a3']]);
    expect(await countDeadLetters(store)).toBe(0);
    await deliver(job(2, ['b1']), ctx());
    channel.send = async () => {
      throw new AppError(ErrorCodes.ZALO_RECIPIENT, 'blocked', { retry: 'never' });
    };
    await deliver(job(3, ['c1']), ctx());
    expect(await dropDeadLetter(store, 'zalo:u1:e3')).toBe(true);
    expect(await dropDeadLetter(store, 'zalo:u1:e3')).toBe(false);
    expect(await countDeadLetters(store)).toBe(0);
  });

  it(`a user with ${MAX_BACKLOG} replies waiting gets the next batch parked at once (backlog_full), not queued`, () => {
    const ok = prepareBatch({ channel: 'zalo', userId: 'u1' }, [{ kind: 'text', text: 'x' }], 'e9', 1, String(MAX_BACKLOG - 1), '0');
    expect([ok.parked, ok.job.seq]).toEqual([false, MAX_BACKLOG]);
    const full = prepareBatch({ channel: 'zalo', userId: 'u1' }, [{ kind: 'text', text: 'x' }], 'e10', 1, String(MAX_BACKLOG), '0');
    expect(full.parked).toBe(true);
    expect(full.writes.map((w) => w.key)).toEqual([keys.deadLetter('zalo', 'u1', 'e10')]);
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
