import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ErrorCodes } from '../../src/errors.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { keys } from '../../src/store/keys.ts';
import { userTag } from '../../src/store/types.ts';
import { clusterNodes, testPrefixes, testRedisConfig } from '../store/helpers.ts';
import { DisposableCluster } from '../support/redis-cluster.ts';
import { deliverUntilAcknowledged, echoEngine, FakeChannel, silentLogger, testConfig, textEvent, until } from '../support/fakes.ts';

/**
 * The app on a real Redis Cluster (3 masters on loopback, REDIS_CLUSTER_NODES): two instances sharing it under a
 * burst, and a master killed and restarted mid-load. The project's global setup starts the shared cluster; the
 * failover test starts one of its own, since it kills a node.
 */
const prefixes = testPrefixes();
const running: Runtime[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const rt of running.splice(0)) await rt.stop();
  await prefixes.drop();
  for (const c of cleanups.splice(0).reverse()) await c();
});

function instances(n: number, redis: Partial<ReturnType<typeof testRedisConfig>>, channel = new FakeChannel()) {
  const prefix = prefixes.next();
  const rts = Array.from({ length: n }, () =>
    createRuntime({ config: testConfig({ ...redis, redisPrefix: prefix }), engine: echoEngine, logger: silentLogger, adapters: () => [channel], outboxSweepMs: 300 }),
  );
  running.push(...rts);
  return { channel, rts };
}

const answered = (channel: FakeChannel, u: string) => channel.texts(u).filter((t) => !t.endsWith(' end')).map((t) => t.slice(t.indexOf(' ') + 1));

describe('on a Redis Cluster', () => {
  it('runs on the cluster the project started', () => {
    expect(clusterNodes()).toMatch(/^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$/);
  });

  it('two instances, 30 users in a burst across the slots: every message answered once, each user in order', async () => {
    const { channel, rts } = instances(2, testRedisConfig());
    const users = Array.from({ length: 30 }, (_, i) => `cu${i}`);
    // At once, like a burst; an event refused (the user's lock busy past its bound) is retried, as a platform does.
    await Promise.all(users.flatMap((u) => Array.from({ length: 5 }, (_, n) => deliverUntilAcknowledged((e) => rts[n % 2]!.handleEvent(e), textEvent(u, `${u}-${n}`, `m${n}`)))));
    await until(() => users.every((u) => channel.texts(u).length >= 10), 20_000);
    await sleep(300);
    for (const u of users) {
      const turns = channel.texts(u).map((t) => Number(t.split(' ')[0]!.slice(1)));
      expect(turns, u).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
      expect([...answered(channel, u)].sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    }
  });

  it('a retryable send failure is retried through the queue on the cluster (BullMQ with a hash-tagged prefix)', async () => {
    const { channel, rts } = instances(1, testRedisConfig());
    channel.failNext(new AppError(ErrorCodes.ZALO_TRANSIENT, 'flaky', { retry: 'retry' }));
    await rts[0]!.handleEvent(textEvent('cq1', 'e1', 'alo'));
    await until(() => channel.texts('cq1').length === 2, 10_000);
    expect(channel.texts('cq1')).toEqual(['#1 alo', '#1 end']);
  });

  it('the master holding the queues killed and restarted mid-load (append-only, fsync always): nothing acknowledged is lost, nothing answered twice', { timeout: 120_000 }, async () => {
    const cluster = await DisposableCluster.start(3);
    cleanups.push(() => cluster.dispose());
    const { channel, rts } = instances(2, { redisUrl: undefined, redisClusterNodes: cluster.nodes });
    const users = Array.from({ length: 24 }, (_, i) => `fo${i}`);
    // The master that holds the queues' slot ({queue}): BullMQ loses its Redis too, not only some users' keys.
    const victim = await cluster.portOf('x{queue}');
    const onVictim = (await Promise.all(users.map(async (u) => ((await cluster.portOf(`x${userTag('zalo', u)}`)) === victim ? u : undefined)))).filter(Boolean);
    expect(onVictim.length).toBeGreaterThan(0);

    const perUser = 8;
    let refused = 0;
    const load = Promise.all(
      users.map(async (u, i) => {
        for (let n = 1; n <= perUser; n++) {
          // Like a platform: the same event again after anything but success.
          const tries = await deliverUntilAcknowledged((e) => rts[(i + n) % 2]!.handleEvent(e), textEvent(u, `${u}-${n}`, `${u}/${n}`), 100);
          refused += tries - 1;
          await sleep(50);
        }
      }),
    );
    await sleep(300);
    await cluster.kill(victim);
    await sleep(2_500);
    await cluster.up(victim);
    await load;
    await until(() => users.every((u) => answered(channel, u).includes(`${u}/${perUser}`)), 40_000);
    await sleep(500);

    let lost = 0;
    let repeats = 0;
    for (const u of users) {
      const got = answered(channel, u);
      lost += perUser - new Set(got).size;
      repeats += got.length - new Set(got).size;
      expect(got.filter((t, i) => t !== got[i - 1]), u).toEqual(Array.from({ length: perUser }, (_, i) => `${u}/${i + 1}`));
    }
    console.warn(`cluster master (with the queues) killed 2.5 s and restarted: ${users.length} users (${onVictim.length} on it), ${refused} refusals retried; lost ${lost}, repeated ${repeats}`);
    expect(refused).toBeGreaterThan(0); // the kill really hit requests
    expect(lost).toBe(0);
    // At-least-once: a reply the platform took just as its master died may go once more, never out of order.
    expect(repeats).toBeLessThanOrEqual(onVictim.length);
    expect(await rts[0]!.store.get(keys.deliveredSeq('zalo', users[0]!))).not.toBeNull();
  });
});
