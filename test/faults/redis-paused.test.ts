import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/runtime.ts';
import { DisposableRedis } from '../support/redis-server.ts';
import { echoEngine, FakeChannel, silentLogger, testConfig, until } from '../support/fakes.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/**
 * Redis paused (SIGSTOP: the socket stays open and nothing answers), as a stuck primary or a long fork looks.
 * Zalo gives a webhook 2 s and Meta 5 s: the app must answer 503 well within that so the platform retries,
 * instead of hanging until Redis comes back. 20 users send while Redis is frozen for 4 s.
 */
describe('Redis paused under load', () => {
  it('every webhook answered within 1.5 s (503 while paused), then every acknowledged event answered', { timeout: 90_000 }, async () => {
    const redis = await DisposableRedis.start();
    cleanups.push(() => redis.dispose());
    const channel = new FakeChannel();
    const rt = createRuntime({
      config: testConfig({ redisUrl: redis.url }),
      engine: echoEngine,
      logger: silentLogger,
      adapters: () => [channel],
      outboxSweepMs: 300,
    });
    cleanups.push(() => rt.stop());
    const server = await rt.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const answers: { status: number; ms: number }[] = [];
    const deliver = async (userId: string, n: number) => {
      const body = JSON.stringify({ events: [{ channel: 'zalo', userId, eventId: `${userId}-${n}`, timestamp: Date.now(), kind: 'text', text: `${userId}/${n}` }] });
      for (;;) {
        const started = performance.now();
        const res = await fetch(`${base}/webhooks/zalo`, { method: 'POST', body, headers: { 'x-test-signature': 'ok' }, signal: AbortSignal.timeout(20_000) }).catch(() => undefined);
        answers.push({ status: res?.status ?? 0, ms: performance.now() - started });
        if (res?.status === 200) return;
        await sleep(100);
      }
    };
    const users = Array.from({ length: 20 }, (_, i) => `paused${i}`);
    const perUser = 6;
    const load = Promise.all(
      users.map(async (u) => {
        for (let n = 1; n <= perUser; n++) {
          await deliver(u, n);
          await sleep(60);
        }
      }),
    );
    await sleep(150);
    redis.pause();
    await sleep(4_000);
    redis.resume();
    await load;

    const maxMs = Math.max(...answers.map((a) => a.ms));
    const refused = answers.filter((a) => a.status === 503).length;
    const answeredBy = (u: string) => channel.texts(u).filter((t) => !t.endsWith(' end')).map((t) => t.split(' ')[1]);
    await until(() => users.every((u) => answeredBy(u).includes(`${u}/${perUser}`)), 60_000);
    await sleep(300);
    let lost = 0;
    let repeats = 0;
    for (const u of users) {
      const answered = answeredBy(u);
      const distinct = new Set(answered);
      lost += perUser - distinct.size;
      repeats += answered.length - distinct.size;
    }
    console.warn(`redis paused 4 s: ${answers.length} webhook answers, ${refused} × 503, max ack ${Math.round(maxMs)} ms; lost ${lost}, repeated ${repeats}`);
    expect(refused).toBeGreaterThan(0); // the pause really hit requests
    expect(maxMs).toBeLessThan(1_500);
    expect(lost).toBe(0);
    for (const u of users) {
      const answered = answeredBy(u);
      expect(answered.filter((t, i) => t !== answered[i - 1])).toEqual(Array.from({ length: perUser }, (_, i) => `${u}/${i + 1}`));
    }
  });
});
