import { describe, expect, it } from 'vitest';
import { AppError, ErrorCodes } from '../../src/errors.ts';
import { createDispatcher } from '../../src/outbound/dispatcher.ts';
import { outboxEntry } from '../../src/outbound/outbox.ts';
import type { OutboundJob } from '../../src/outbound/types.ts';
import { MemoryJobQueue } from '../../src/queue/memory-queue.ts';
import type { JobHandler } from '../../src/queue/types.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { silentLogger, until } from '../support/fakes.ts';

const job: OutboundJob = { channel: 'zalo', userId: 'u1', seq: 1, cause: 'e1', messages: [{ kind: 'text', text: 'hi' }], sent: 0, queuedAt: Date.now() };

/** Records who ran each delivery: this process at once ('now'), or the queue ('queue', with the attempt). */
function setup(behaviour: (run: number) => 'ok' | 'retry' | 'hang') {
  const store = new MemoryStore();
  const queue = new MemoryJobQueue<OutboundJob>({ attempts: 3, backoffMs: 10 });
  const runs: string[] = [];
  let n = 0;
  const deliver = (via: string): JobHandler<OutboundJob> => async () => {
    const b = behaviour(++n);
    runs.push(via);
    if (b === 'retry') throw new AppError(ErrorCodes.ZALO_TRANSIENT, 'flaky', { retry: 'retry' });
    if (b === 'hang') await new Promise(() => {});
  };
  queue.process(deliver('queue'));
  const dispatcher = createDispatcher({ store, queue, deliver: deliver('now'), logger: silentLogger, backupDelayMs: 200 });
  return { store, queue, dispatcher, runs };
}

describe('the reply dispatcher', () => {
  it('delivers a batch at once in this process and drops its queued backup copy and outbox entry', async () => {
    const { store, queue, dispatcher, runs } = setup(() => 'ok');
    const entry = outboxEntry(job);
    await store.set(entry.key, entry.value);
    await dispatcher.dispatch(job);
    await until(async () => dispatcher.inFlight() === 0 && (await queue.counts()).delayed === 0);
    await new Promise((r) => setTimeout(r, 300)); // past the backup's delay: it must not run
    expect(runs).toEqual(['now']);
    expect(await store.get(entry.key)).toBeNull();
  });

  it('hands a retryable failure to the queue, which delivers it once', async () => {
    const { queue, dispatcher, runs } = setup((run) => (run === 1 ? 'retry' : 'ok'));
    await dispatcher.dispatch(job);
    await until(() => runs.length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(runs).toEqual(['now', 'queue']);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it('when this process never finishes the batch (it died), the queued copy runs after its delay', async () => {
    const { dispatcher, runs } = setup((run) => (run === 1 ? 'hang' : 'ok'));
    await dispatcher.dispatch(job);
    await until(() => runs.length === 2, 2_000);
    expect(runs).toEqual(['now', 'queue']);
  });

  it('requeue leaves a batch from the outbox to the queue, not to this process', async () => {
    const { dispatcher, runs } = setup(() => 'ok');
    await dispatcher.requeue(job);
    await until(() => runs.length === 1);
    expect(runs).toEqual(['queue']);
    expect(dispatcher.inFlight()).toBe(0);
  });
});
