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

describe('Redis stopped and started under load', () => {
  it('answers 503 while it is down, then every acknowledged event gets its reply', { timeout: 120_000 }, async () => {
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

    const statuses: number[] = [];
    // Like a platform: POST, and on anything but 200 try the same event again a little later.
    const deliver = async (userId: string, n: number) => {
      const body = JSON.stringify({ events: [{ channel: 'zalo', userId, eventId: `${userId}-${n}`, timestamp: Date.now(), kind: 'text', text: `${userId}/${n}` }] });
      for (;;) {
        const res = await fetch(`${base}/webhooks/zalo`, { method: 'POST', body, headers: { 'x-test-signature': 'ok' } }).catch(() => undefined);
        statuses.push(res?.status ?? 0);
        if (res?.status === 200) return;
        await sleep(100);
      }
    };
    const users = Array.from({ length: 20 }, (_, i) => `user${i}`);
    const perUser = 8;
    const load = Promise.all(
      users.map(async (u) => {
        for (let n = 1; n <= perUser; n++) {
          await deliver(u, n);
          await sleep(40);
        }
      }),
    );

    await sleep(120);
    await redis.down();
    await sleep(150);
    const readyWhileDown = ((await (await fetch(`${base}/readyz`)).json()) as { ready: boolean }).ready;
    await sleep(800);
    await redis.up();
    await load;

    // Every event eventually acknowledged; during the outage some were refused with 503.
    expect(statuses).toContain(503);
    expect(readyWhileDown).toBe(false);
    const answeredBy = (u: string) => channel.texts(u).filter((t) => !t.endsWith(' end')).map((t) => t.split(' ')[1]);
    // Wait for every user's last message, not for a total: at-least-once repeats would make a total arrive early.
    await until(() => users.every((u) => answeredBy(u).includes(`${u}/${perUser}`)), 60_000);
    await sleep(300);
    for (const u of users) {
      const answered = answeredBy(u);
      // Each user's messages answered, in the order they were sent. Delivery is at-least-once: a reply the
      // platform accepted just as Redis went away cannot be recorded as sent, so it may go out once more —
      // right after itself, never out of order. Losing it instead would be worse.
      const withoutRepeats = answered.filter((t, i) => t !== answered[i - 1]);
      expect(withoutRepeats).toEqual(Array.from({ length: perUser }, (_, i) => `${u}/${i + 1}`));
      expect(answered.length - withoutRepeats.length).toBeLessThanOrEqual(1);
    }
  });
});
