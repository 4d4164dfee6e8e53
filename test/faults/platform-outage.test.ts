import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { messengerEvent, zaloEvent } from '../../bench/events.ts';
import { OUTBOUND_RETRY, type RetryPolicy } from '../../src/queue/types.ts';
import { dropPrefix, startFaultPlatform, uniquePrefix } from './fault-platform.ts';
import { startInProcessApp, waitFor } from './runtime-app.ts';

/**
 * Zalo and Meta both down (every send answered 503) for 5 minutes, on a clock compressed 30 times: the outage
 * lasts 10 s and every retry delay is a thirtieth of the real one (OUTBOUND_RETRY: 500 ms doubling, at most 30 s
 * apart → 17 ms, at most 1 s). Users keep writing during the outage; once the platforms are back every reply
 * must arrive, once, in each user's order.
 */
const COMPRESSION = 30;
const OUTAGE_MS = (5 * 60_000) / COMPRESSION;
const compressed = (p: RetryPolicy): RetryPolicy => ({ ...p, backoffMs: p.backoffMs / COMPRESSION, maxBackoffMs: (p.maxBackoffMs ?? 60_000) / COMPRESSION });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let counter = 0;
const newUser = () => String(7_300_000_000_000_000_000n + BigInt(process.pid) * 1_000_000n + BigInt(++counter));

describe('a platform outage of 5 minutes (compressed clock)', () => {
  it('loses nothing: every reply is delivered once the platforms are back, once each, in order', { timeout: 120_000 }, async () => {
    const platform = await startFaultPlatform();
    const prefix = uniquePrefix('outage');
    cleanups.push(() => platform.close(), () => dropPrefix(prefix));
    const app = await startInProcessApp({ platformUrl: platform.url, prefix, outboundRetry: compressed(OUTBOUND_RETRY) });
    cleanups.push(() => app.stop());

    let down = true;
    platform.setRule((req) => (down && (req.kind === 'zalo_cs' || req.kind === 'graph_send') ? { status: 503, body: { error: { message: 'down', code: 2 } } } : undefined));
    const users = Array.from({ length: 40 }, (_, i) => ({ id: newUser(), channel: i % 2 === 0 ? ('zalo' as const) : ('messenger' as const) }));
    const words = ['a', 'b', 'c'];
    const started = Date.now();
    // Users write through the outage: a message at the start, one a third of the way in, one two thirds in.
    for (const [n, word] of words.entries()) {
      await sleep(Math.max(0, started + (n * OUTAGE_MS) / 3 - Date.now()));
      const statuses = await Promise.all(users.map((u) => app.post(u.channel === 'zalo' ? zaloEvent(u.id, { text: word }) : messengerEvent(u.id, { text: word }))));
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
    await sleep(Math.max(0, started + OUTAGE_MS - Date.now()));
    const refusedDuringOutage = platform.faulted.length;
    const scrape = await (await fetch(`${app.base}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(scrape)?.[1] ?? NaN);
    down = false;

    const expected = words.flatMap((w, i) => [`#${i + 1} ${w}`, `#${i + 1} end`]);
    const got = (id: string) => platform.to(id).map((a) => a.text);
    await waitFor('every reply after the outage', () => users.every((u) => got(u.id).length >= expected.length), 60_000).catch(() => {});
    await sleep(500);
    let lost = 0;
    let duplicates = 0;
    for (const u of users) {
      const texts = got(u.id);
      lost += expected.filter((t) => !texts.includes(t)).length;
      duplicates += texts.length - new Set(texts).size;
    }
    console.warn(`platform outage 5 min (×${COMPRESSION} compressed): ${users.length * expected.length} replies, ${refusedDuringOutage} sends refused; lost ${lost}, duplicates ${duplicates}`);
    expect(refusedDuringOutage).toBeGreaterThan(users.length); // the outage was real: sends were tried and refused
    // While it lasted, the alert-worthy gauges said so: every user's replies waiting, the oldest for the whole outage.
    expect(gauge('bhxh_outbound_undelivered')).toBe(users.length * words.length);
    expect(gauge('bhxh_outbound_oldest_undelivered_seconds')).toBeGreaterThan((OUTAGE_MS / 1000) * 0.8);
    expect(gauge('bhxh_outbound_dead_letter')).toBe(0);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    for (const u of users) expect(got(u.id), u.channel).toEqual(expected);
  });
});
