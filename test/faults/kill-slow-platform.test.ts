import { describe, expect, it } from 'vitest';
import { BENCH_SCRIPT } from '../../bench/script.ts';
import { keysUnder } from './fault-platform.ts';
import { ackedTotal, isSubsequence, makeWalkers, setup, start, trackedProcesses, walk } from './process-walkers.ts';
import { waitFor } from './runtime-app.ts';

/**
 * The real app process SIGKILLed while the platform is slow (every send takes 400 ms, so every user has a
 * message in flight and more waiting): delivery progress is recorded per message, so after the restart each
 * user gets at most the one message that was in flight at the kill twice, and nothing is lost.
 */

const { procs, onCleanup } = trackedProcesses();

describe('the app killed during a slow platform', () => {
  it('SIGKILL with sends in flight (400 ms each) → nothing lost, at most one duplicate per user', async () => {
    const { platform, env, prefix } = await setup('kill-slow', onCleanup, 400);
    const walkers = await makeWalkers(40);
    const total = walkers.length * BENCH_SCRIPT.length;

    const first = await start(env, procs);
    const load = walk(walkers, first.base);
    await waitFor('half the burst acknowledged and sends going out', () => ackedTotal(walkers) >= total / 2 && platform.arrivals.length >= walkers.length);
    await first.kill('SIGKILL');
    const atKill = platform.arrivals.length;

    await start(env, procs);
    await load;
    expect(ackedTotal(walkers)).toBe(total);
    await waitFor('every acknowledged reply after the restart', () => walkers.every((w) => isSubsequence(w.expected.flat(), platform.to(w.userId).map((a) => a.text))), 90_000);
    await new Promise((r) => setTimeout(r, 1_000));

    let duplicates = 0;
    let worst = 0;
    let usersHit = 0;
    for (const w of walkers) {
      const extra = platform.to(w.userId).length - w.expected.flat().length;
      duplicates += extra;
      worst = Math.max(worst, extra);
      if (extra > 0) usersHit++;
    }
    console.warn(`SIGKILL during a slow platform: ${walkers.length} users, ${atKill} messages out at the kill; lost 0, ${duplicates} duplicates across ${usersHit} users (worst ${worst} for one user)`);
    expect(atKill).toBeLessThan(walkers.reduce((s, w) => s + w.expected.flat().length, 0)); // really mid-delivery
    expect(worst).toBeLessThanOrEqual(1);
    expect(await keysUnder(`${prefix}outbox:`)).toEqual([]);
  }, 150_000);
});
