import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAgentsCsv } from '../../src/leads/agents-csv.ts';
import { createLeadsExtension, LeadStore } from '../../src/leads/index.ts';
import { createAgentRegistry } from '../../src/leads/registry.ts';
import { createRuntime } from '../../src/runtime.ts';
import { keys } from '../../src/store/keys.ts';
import { DisposableRedis } from '../support/redis-server.ts';
import { deliverUntilAcknowledged, FakeChannel, silentLogger, testConfig, until } from '../support/fakes.ts';
import { AGENTS_CSV, leadEngine, zaloIdOf } from './fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** The leads service on a throw-away Redis that the test can stop and start; agent H1 may be written to. */
async function startOnDisposableRedis() {
  const redis = await DisposableRedis.start();
  cleanups.push(() => redis.dispose());
  const zalo = new FakeChannel();
  const rt = createRuntime({
    config: testConfig({ redisUrl: redis.url }),
    engine: leadEngine,
    logger: silentLogger,
    adapters: () => [zalo],
    extensions: [createLeadsExtension()],
    outboxSweepMs: 300,
  });
  cleanups.push(() => rt.stop());
  await createAgentRegistry(rt.store).replaceAll(parseAgentsCsv(AGENTS_CSV));
  await rt.store.set(keys.lastInteraction('zalo', zaloIdOf('H1')), String(Date.now()));
  return { redis, zalo, rt };
}

describe('leads across a Redis outage', () => {
  it('a lead submitted while Redis is down is refused, then stored once on the retry; one stored just before an outage is still offered', { timeout: 60_000 }, async () => {
    const { redis, zalo, rt } = await startOnDisposableRedis();
    const leads = new LeadStore(rt.store, 3600);
    const offers = () => zalo.sent.filter((s) => s.userId === zaloIdOf('H1') && s.message.kind === 'text' && s.message.choices?.length);
    const offersToH1 = () => offers().length;
    // The Nhận button carries the lead id: one distinct payload per lead offered.
    const offerPayloads = () => [...new Set(offers().map((s) => (s.message.kind === 'text' ? s.message.choices![0]!.payload : '')))];

    // 1. Redis down when the lead arrives: the turn fails (the webhook would answer 5xx), the platform retries.
    await redis.down();
    const first = { channel: 'zalo' as const, userId: 'u1', eventId: 'm1', timestamp: Date.now(), kind: 'text' as const, text: 'submit hanoi' };
    const pending = deliverUntilAcknowledged(rt.handleEvent, first);
    await sleep(500);
    await redis.up();
    expect(await pending).toBeGreaterThan(1);
    await until(() => offersToH1() === 1, 20_000);
    await until(() => zalo.texts('u1').length === 1, 20_000);

    // 2. Stored, then Redis goes away before the offer is out: it comes back from the append-only file and the offer goes out.
    const second = { ...first, userId: 'u2', eventId: 'm2' };
    await rt.handleEvent(second);
    await redis.down();
    await sleep(700);
    await redis.up();
    await until(() => offerPayloads().length === 2, 30_000);
    await sleep(300);
    // The second lead's offer is out. Delivery is at-least-once: an offer the platform took just as Redis went
    // away cannot be recorded as sent and goes out once more, so it may arrive twice, never more.
    expect(offerPayloads().length).toBe(2);
    expect(offersToH1()).toBeLessThanOrEqual(3);
    expect((await leads.all()).map((l) => l.status)).toEqual(['offered', 'offered']);
  });

  it('16 leads across a Redis stop and start: every one stored and offered, none lost (counted)', { timeout: 120_000 }, async () => {
    const { redis, zalo, rt } = await startOnDisposableRedis();

    // 16 users submit a lead each, a few at a time, while Redis goes away for a second in the middle.
    const users = Array.from({ length: 16 }, (_, i) => `lu${i}`);
    const load = Promise.all(
      users.map(async (u, i) => {
        await sleep(i * 60);
        await deliverUntilAcknowledged(rt.handleEvent, { channel: 'zalo', userId: u, eventId: `lead-${u}`, timestamp: Date.now(), kind: 'text', text: 'submit hanoi' });
      }),
    );
    await sleep(300);
    await redis.down();
    await sleep(1_000);
    await redis.up();
    await load;

    // Each offer to the agent carries its lead id in the Nhận button: one distinct lead per user, none lost.
    const offers = () =>
      zalo.sent
        .filter((s) => s.userId === zaloIdOf('H1') && s.message.kind === 'text' && s.message.choices?.length)
        .map((s) => (s.message.kind === 'text' ? s.message.choices![0]!.payload : ''));
    await until(() => new Set(offers()).size >= users.length, 60_000);
    await sleep(500);
    expect(new Set(offers()).size).toBe(users.length);
    // Delivery is at-least-once: a message the platform took just as Redis went away cannot be recorded as sent
    // and may go out once more. So each lead is offered once or, at worst, twice — never lost, never more.
    const timesOffered = new Map<string, number>();
    for (const p of offers()) timesOffered.set(p, (timesOffered.get(p) ?? 0) + 1);
    expect([...timesOffered.values()].every((n) => n === 1 || n === 2)).toBe(true);
    // And every user was told their request went out (once, or twice for the same reason).
    for (const u of users) expect([1, 2]).toContain(zalo.texts(u).length);
  });
});
