import { describe, expect, it } from 'vitest';
import { dropOutboxEntry, indexOutbox, OUTBOX_INDEX, outboxEntry, recoverOutbox } from '../../src/outbound/outbox.ts';
import type { OutboundJob } from '../../src/outbound/types.ts';
import { keys } from '../../src/store/keys.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { silentLogger } from '../support/fakes.ts';

const job = (userId: string, queuedAt: number): OutboundJob => ({ channel: 'zalo', userId, seq: 1, cause: `e-${userId}`, messages: [{ kind: 'text', text: 'hi' }], sent: 0, queuedAt });

function setup() {
  const store = new MemoryStore();
  const recovered: string[] = [];
  const recover = async (j: OutboundJob) => {
    recovered.push(j.userId);
    return true;
  };
  return { store, recovered, sweep: (before: number) => recoverOutbox(store, recover, silentLogger, before) };
}

describe('the outbox sweep', () => {
  it('finds entries through the index, only those listed before the cut-off, without scanning the keyspace', async () => {
    const { store, recovered, sweep } = setup();
    await store.setAll([outboxEntry(job('old', 1_000)), outboxEntry(job('young', 9_000))]);
    // Written without its listing (as before the index existed): not seen by the sweep.
    await store.set(keys.outbox('zalo', 'unlisted', 1), JSON.stringify(job('unlisted', 1_000)));
    let scans = 0;
    const scan = store.keys.bind(store);
    store.keys = (prefix) => (scans++, scan(prefix));
    expect(await sweep(5_000)).toBe(1);
    expect([recovered, scans]).toEqual([['old'], 0]);
  });

  it('lists the entries a scan finds once at start-up, by their own queue time, so the next sweep takes them', async () => {
    const { store, recovered, sweep } = setup();
    await store.set(keys.outbox('zalo', 'unlisted', 1), JSON.stringify(job('unlisted', 1_000)));
    expect(await indexOutbox(store)).toBe(1);
    expect(await store.indexed(OUTBOX_INDEX, 1_001, 10)).toEqual([keys.outbox('zalo', 'unlisted', 1)]);
    await sweep(5_000);
    expect(recovered).toEqual(['unlisted']);
  });

  it('forgets a listing whose entry is gone, and a dropped entry takes its listing with it', async () => {
    const { store, recovered, sweep } = setup();
    await store.addToIndex(OUTBOX_INDEX, keys.outbox('zalo', 'ghost', 1), 1_000);
    const delivered = job('delivered', 1_000);
    await store.setAll([outboxEntry(delivered)]);
    await dropOutboxEntry(store, delivered);
    expect(await store.get(keys.outbox('zalo', 'delivered', 1))).toBeNull();
    expect(await sweep(5_000)).toBe(0);
    expect(recovered).toEqual([]);
    expect(await store.indexed(OUTBOX_INDEX, 5_000, 10)).toEqual([]);
  });
});
