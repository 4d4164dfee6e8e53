import { afterEach, describe, expect, it } from 'vitest';
import { AppError, ErrorCodes } from '../../src/errors.ts';
import { BullJobQueue } from '../../src/queue/bullmq-queue.ts';
import { MemoryJobQueue } from '../../src/queue/memory-queue.ts';
import type { JobQueue } from '../../src/queue/types.ts';
import { testPrefixes, testRedisTarget } from '../store/helpers.ts';

interface Data {
  n: number;
  progress?: number;
}

const retry = { attempts: 3, backoffMs: 10 };
const prefixes = testPrefixes();
const open: JobQueue<Data>[] = [];

function until(check: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => (check() ? resolve() : Date.now() - start > ms ? reject(new Error('timed out')) : setTimeout(tick, 10));
    tick();
  });
}

afterEach(async () => {
  for (const q of open.splice(0)) await q.close();
  await prefixes.drop();
});

const makers: [string, () => JobQueue<Data>][] = [
  ['memory', () => new MemoryJobQueue<Data>(retry)],
  ['bullmq', () => new BullJobQueue<Data>('test', { redis: testRedisTarget(), prefix: `${prefixes.next()}{q}`, retry })],
];

describe.each(makers)('%s job queue', (_name, make) => {
  function queue(): JobQueue<Data> {
    const q = make();
    open.push(q);
    return q;
  }

  it('runs a job once even when the same id is added twice', async () => {
    const q = queue();
    const seen: number[] = [];
    q.process(async (d) => {
      seen.push(d.n);
    });
    await q.add('a', { n: 1 });
    await q.add('a', { n: 1 });
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([1]);
  });

  it('retries a retryable error and resumes from saved progress', async () => {
    const q = queue();
    const attempts: number[] = [];
    let finished = false;
    q.process(async (d, ctx) => {
      attempts.push(d.progress ?? 0);
      if (ctx.attempt === 1) {
        await ctx.update({ ...d, progress: 2 });
        throw new AppError(ErrorCodes.ZALO_TRANSIENT, 'flaky', { retry: 'retry' });
      }
      finished = true;
    });
    await q.add('b', { n: 1 });
    await until(() => finished);
    expect(attempts).toEqual([0, 2]);
  });

  it('does not retry a permanent error', async () => {
    const q = queue();
    let calls = 0;
    q.process(async () => {
      calls += 1;
      throw new AppError(ErrorCodes.ZALO_RECIPIENT, 'blocked', { retry: 'never' });
    });
    await q.add('c', { n: 1 });
    await until(() => calls >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(1);
    expect((await q.counts()).failed).toBe(1);
  });

  it('tells the handler when an attempt is the last one', async () => {
    const q = queue();
    const finals: boolean[] = [];
    q.process(async (_d, ctx) => {
      finals.push(ctx.finalAttempt);
      throw new AppError(ErrorCodes.ZALO_TRANSIENT, 'down', { retry: 'retry' });
    });
    await q.add('d', { n: 1 });
    await until(() => finals.length === 3);
    expect(finals).toEqual([false, false, true]);
  });

  it('delays a job and can remove it before it runs', async () => {
    const q = queue();
    const seen: number[] = [];
    q.process(async (d) => {
      seen.push(d.n);
    });
    await q.add('late', { n: 1 }, { delayMs: 300 });
    await q.add('gone', { n: 2 }, { delayMs: 300 });
    await q.remove('gone');
    await until(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(seen).toEqual([1]);
  });

  it('postpones a job without spending an attempt', async () => {
    const q = queue();
    const attempts: number[] = [];
    q.process(async (_d, ctx) => {
      attempts.push(ctx.attempt);
      if (attempts.length < 3) await ctx.postpone(20);
    });
    await q.add('p', { n: 1 });
    await until(() => attempts.length === 3);
    expect(attempts).toEqual([1, 1, 1]);
  });

  it('counts a job postponed for a moment as due soon, and one delayed for minutes as not', async () => {
    const q = queue();
    let postponed = false;
    q.process(async (_d, ctx) => {
      if (!postponed) {
        postponed = true;
        await ctx.postpone(400);
      }
    });
    await q.add('timer', { n: 1 }, { delayMs: 10 * 60_000 });
    await q.add('behind', { n: 2 });
    await until(() => postponed);
    await new Promise((r) => setTimeout(r, 50));
    expect({ soon: await q.dueWithin(2_000), now: await q.dueWithin(0) }).toEqual({ soon: 1, now: 0 });
    await new Promise((r) => setTimeout(r, 600));
    expect(await q.dueWithin(2_000)).toBe(0);
    expect(await q.dueWithin(11 * 60_000)).toBe(1);
  });
});
