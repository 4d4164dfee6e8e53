import { describe, expect, it } from 'vitest';
import { AppError, ErrorCodes } from '../../src/errors.ts';
import { createDispatcher } from '../../src/outbound/dispatcher.ts';
import { outboxEntry } from '../../src/outbound/outbox.ts';
import type { KnownAtCommit, OutboundJob } from '../../src/outbound/types.ts';
import { MemoryJobQueue } from '../../src/queue/memory-queue.ts';
import type { JobContext } from '../../src/queue/types.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { silentLogger, until } from '../support/fakes.ts';

const job: OutboundJob = { channel: 'zalo', userId: 'u1', seq: 1, cause: 'e1', messages: [{ kind: 'text', text: 'hi' }], sent: 0, queuedAt: 1_000_000 };

/** Records who ran each delivery: this process at once ('now'), or the queue ('queue', with the attempt). */
function setup(behaviour: (run: number) => 'ok' | 'retry' | 'hang') {
  const store = new MemoryStore();
  const queue = new MemoryJobQueue<OutboundJob>({ attempts: 3, backoffMs: 10 });
  const runs: string[] = [];
  const known: unknown[] = [];
  let n = 0;
  const deliver = (via: string) => async (_job: OutboundJob, _ctx: JobContext<OutboundJob>, view?: KnownAtCommit) => {
    const b = behaviour(++n);
    runs.push(via);
    if (view) known.push(view);
    if (b === 'retry') throw new AppError(ErrorCodes.ZALO_TRANSIENT, 'flaky', { retry: 'retry' });
    if (b === 'hang') await new Promise(() => {});
  };
  queue.process(deliver('queue'));
  let clock = 1_000_000;
  const dispatcher = createDispatcher({ queue, deliver: deliver('now'), logger: silentLogger, now: () => clock, staleMs: 15_000 });
  const advance = (ms: number) => (clock += ms);
  return { store, queue, dispatcher, runs, advance, known };
}

describe('the reply dispatcher', () => {
  it('delivers a batch at once in this process, without the queue, passing on what the turn knew', async () => {
    const { queue, dispatcher, runs, known } = setup(() => 'ok');
    dispatcher.dispatch(job, { deliveredSeq: 0, lastInteractionAt: 1_000_000 });
    await until(() => dispatcher.inFlight() === 0);
    expect(runs).toEqual(['now']);
    expect(known).toEqual([{ deliveredSeq: 0, lastInteractionAt: 1_000_000 }]);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it('hands a retryable failure to the queue, which delivers it once; the outbox entry stays for the deliverer to drop', async () => {
    const { store, dispatcher, runs } = setup((run) => (run === 1 ? 'retry' : 'ok'));
    const entry = outboxEntry(job);
    await store.set(entry.key, entry.value);
    dispatcher.dispatch(job);
    await until(() => runs.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toEqual(['now', 'queue']);
    // Kept until delivered (deliver.ts drops it with the delivered mark): it tells later batches this one is coming.
    expect(await store.get(entry.key)).toBe(entry.value);
  });

  it('an outbox entry is requeued only once stale and not being delivered here (its process died)', async () => {
    const { dispatcher, runs, advance } = setup((run) => (run === 1 ? 'hang' : 'ok'));
    dispatcher.dispatch(job);
    await until(() => runs.length === 1);
    advance(20_000);
    expect(await dispatcher.recover(job)).toBe(false); // still in flight in this process
    const elsewhere = { ...job, seq: 2, cause: 'e2', queuedAt: 1_000_000 + 20_000 - 5_000 };
    expect(await dispatcher.recover(elsewhere)).toBe(false); // young: another process may be delivering it
    advance(11_000);
    expect(await dispatcher.recover(elsewhere)).toBe(true);
    await until(() => runs.length === 2);
    expect(runs).toEqual(['now', 'queue']);
  });

  it('with Redis unreachable (neither delivered nor queued) this process tries again itself, before the entry is stale', async () => {
    const { queue, dispatcher, runs } = setup((run) => (run === 1 ? 'retry' : 'ok'));
    const add = queue.add.bind(queue);
    let refused = 0;
    queue.add = async (...args) => {
      if (refused++ === 0) throw new AppError(ErrorCodes.STORE_UNAVAILABLE, 'down', { retry: 'retry' });
      return add(...args);
    };
    dispatcher.dispatch(job);
    await until(() => runs.length === 2, 3_000);
    expect(runs).toEqual(['now', 'now']);
    await until(() => dispatcher.inFlight() === 0);
  });

  it("tries again in process without the committing turn's view: the failed try may have sent part or all of the batch", async () => {
    const { queue, dispatcher, runs, known } = setup((run) => (run === 1 ? 'retry' : 'ok'));
    const add = queue.add.bind(queue);
    let refused = 0;
    queue.add = async (...args) => {
      if (refused++ === 0) throw new AppError(ErrorCodes.STORE_UNAVAILABLE, 'down', { retry: 'retry' });
      return add(...args);
    };
    dispatcher.dispatch(job, { deliveredSeq: 0, lastInteractionAt: 1_000_000 });
    await until(() => runs.length === 2, 3_000);
    // Only the first try trusted it; the second reads the user's state from the store (and skips what went out).
    expect(known).toEqual([{ deliveredSeq: 0, lastInteractionAt: 1_000_000 }]);
    await until(() => dispatcher.inFlight() === 0);
  });
});
