import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.ts';
import { MemoryStore } from './memory-store.ts';
import { RedisStore, requestPathRedisOptions } from './redis-store.ts';
import type { Store } from './types.ts';

/** Where Redis is: one server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisTarget = { url: string } | { clusterNodes: { host: string; port: number }[] };

/** The configured Redis, cluster first; undefined → the in-memory store and queue (local trial). */
export function redisTargetOf(config: Pick<Config, 'redisUrl' | 'redisClusterNodes'>): RedisTarget | undefined {
  if (config.redisClusterNodes?.length) return { clusterNodes: config.redisClusterNodes };
  return config.redisUrl ? { url: config.redisUrl } : undefined;
}

/**
 * A connection to the target. A Redis Cluster is an ioredis `Cluster`, which speaks the same commands (each
 * routed to the node owning its key's slot; MULTI and Lua only within one slot, which our hash tags ensure);
 * it is typed as `Redis` so callers need not care. The `options` apply to every node connection; the cluster
 * client gets the ones that matter to it (offline queue, auto-pipelining).
 */
export function connectTarget(target: RedisTarget, options: RedisOptions = requestPathRedisOptions()): Redis {
  const client =
    'url' in target
      ? new Redis(target.url, options)
      : (new Cluster(target.clusterNodes, {
          redisOptions: { ...options, enableAutoPipelining: false },
          enableOfflineQueue: options.enableOfflineQueue ?? true,
          // Off on a cluster: ioredis groups auto-pipelined commands by node, and a script's keys (EVALSHA) are
          // not always read for that, which fails such pipelines ("same slots allocation group").
          enableAutoPipelining: false,
          // A node that is down answers nothing: fail the command (the webhook answers 503) rather than wait.
          retryDelayOnClusterDown: 100,
          retryDelayOnFailover: 100,
          maxRedirections: 6,
          slotsRefreshTimeout: 2_000,
        }) as unknown as Redis);
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash the process.
  client.on('error', () => {});
  return client;
}

/** The app's store: Redis (one server or a cluster) when configured, else in memory. */
export function openStore(config: Pick<Config, 'redisUrl' | 'redisClusterNodes' | 'redisPrefix'>): Store {
  const target = redisTargetOf(config);
  return target ? new RedisStore(connectTarget(target), config.redisPrefix) : new MemoryStore();
}

/** The BullMQ prefix of every queue: the key prefix plus one hash tag, so a queue lives in one cluster slot. */
export function queuePrefix(config: Pick<Config, 'redisPrefix'>): string {
  return `${config.redisPrefix}{queue}`;
}
