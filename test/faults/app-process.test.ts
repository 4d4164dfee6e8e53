import { describe, expect, it } from 'vitest';
import { BENCH_SCRIPT } from '../../bench/script.ts';
import { outboxEntry } from '../../src/outbound/outbox.ts';
import type { OutboundJob } from '../../src/outbound/types.ts';
import { keys } from '../../src/store/keys.ts';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../store/helpers.ts';
import { keysUnder } from './fault-platform.ts';
import { ackedTotal, expectAnswered, isSubsequence, makeWalkers, newUser, setup, sigtermMidBurst, start, trackedProcesses, walk } from './process-walkers.ts';
import { waitFor } from './runtime-app.ts';

/**
 * The real app (`node --import tsx src/main.ts`, with the engine buildEngine() gives) killed mid-burst, against
 * the bench's fake platform and the real Redis. The expected replies of each step come from that same engine.
 */

const { procs, onCleanup } = trackedProcesses();

describe('the app process killed and restarted', () => {
  it('SIGKILL mid-burst → after the restart every acknowledged event gets its replies (queued sends and the outbox resume)', async () => {
    const { platform, env, prefix } = await setup('sigkill', onCleanup);
    const walkers = await makeWalkers(20);
    const total = walkers.length * BENCH_SCRIPT.length;
    const maxBatch = Math.max(...walkers.flatMap((w) => w.expected.map((s) => s.length)));

    const first = await start(env, procs);
    const load = walk(walkers, first.base);
    await waitFor('a third of the burst acknowledged', () => ackedTotal(walkers) >= total / 3);
    await first.kill('SIGKILL');
    const ackedAtKill = ackedTotal(walkers);
    const deliveredAtKill = platform.arrivals.length;
    expect(ackedAtKill).toBeLessThan(total); // really mid-burst

    // A turn committed just before the kill whose hand-off to the queue never happened: its outbox entry.
    const orphan = newUser();
    const job: OutboundJob = { channel: 'zalo', userId: orphan, seq: 1, cause: 'orphan-event', messages: [{ kind: 'text', text: 'from the outbox' }], sent: 0, queuedAt: Date.now() };
    const redis = new Redis(REDIS_URL);
    const entry = outboxEntry(job);
    await redis.set(prefix + entry.key, entry.value);
    await redis.set(prefix + keys.outSeq('zalo', orphan), '1');
    await redis.set(prefix + keys.lastInteraction('zalo', orphan), String(Date.now()));
    redis.disconnect();

    await start(env, procs);
    await load;
    expect(ackedTotal(walkers)).toBe(total);
    await waitFor(
      'every acknowledged reply after the restart',
      () => walkers.every((w) => isSubsequence(w.expected.flat(), platform.to(w.userId).map((a) => a.text))) && platform.to(orphan).length > 0,
      60_000,
    );
    expectAnswered(platform, walkers, maxBatch);
    expect(platform.to(orphan).map((a) => a.text)).toEqual(['from the outbox']);
    expect(await keysUnder(`${prefix}outbox:`)).toEqual([]);
    // Sanity: the kill left work behind that only the second process could have done.
    expect(deliveredAtKill).toBeLessThan(platform.arrivals.length);
  }, 90_000);

  it('SIGTERM during a burst → in-flight requests finish, exit code 0, every acknowledged event answered before exit; the rest after a restart, exactly once', async () => {
    const { platform, env, walkers, total } = await sigtermMidBurst('sigterm', onCleanup, procs);

    // The platform delivers the rest to the next process: every step answered, none twice.
    const next = await start(env, procs);
    await walk(walkers, next.base);
    expect(ackedTotal(walkers)).toBe(total);
    await waitFor('every reply', () => walkers.every((w) => isSubsequence(w.expected.flat(), platform.to(w.userId).map((a) => a.text))), 60_000);
    expectAnswered(platform, walkers, 0);
  }, 90_000);
});
