import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { AppError, ErrorCodes } from '../errors.ts';
import type { IndexQuery, Store, StoreEntry } from './types.ts';

/** Deletes the lock only if we still own it, so a slow holder never frees someone else's lock. */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Takes the lock (KEYS[1]) and, only if taken, reads the other keys: one round trip for the turn's start. */
const ACQUIRE_AND_READ = `if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if #KEYS == 1 then return {1, {}} end
  return {1, redis.call('mget', unpack(KEYS, 2))}
end
return {0, {}}`;

/**
 * The turn's end: writes KEYS[2..] (ARGV: the lock token, then a value and a TTL in seconds, 0 for none, per
 * key) and frees the lock KEYS[1] if still ours. Atomic like a MULTI, but one command instead of one per write.
 */
const WRITE_AND_RELEASE = `for i = 2, #KEYS do
  local value, ttl = ARGV[2 * i - 2], tonumber(ARGV[2 * i - 1])
  if ttl > 0 then redis.call('set', KEYS[i], value, 'EX', ttl) else redis.call('set', KEYS[i], value) end
end
if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end
return 1`;

/**
 * A counter with an expiry set when it is created (KEYS[1]; ARGV: by, TTL seconds; ARGV[3] a hash field, or none
 * for a plain counter): one command instead of MULTI + INCR + EXPIRE + EXEC, atomic all the same. The console's
 * funnel counts several per new user's turn.
 */
const INCREMENT_WITH_TTL = `local n
if ARGV[3] then n = redis.call('hincrby', KEYS[1], ARGV[3], ARGV[1]) else n = redis.call('incrby', KEYS[1], ARGV[1]) end
redis.call('expire', KEYS[1], ARGV[2], 'NX')
return n`;

const CONNECT_WAIT_MS = 1_000;

/**
 * A command that gets no answer in this long fails (BHXH_STORE_UNAVAILABLE). Redis answers in well under a
 * millisecond; no answer for half a second means it hangs (paused, a stuck primary, a long fork), and the
 * webhook must still answer 503 inside Zalo's 2 s so the platform retries.
 */
export const COMMAND_TIMEOUT_MS = 500;

/**
 * Options for request-path connections: fail fast when Redis is down (no offline queue) or hangs (command
 * timeout) so a webhook can answer 503 at once and the platform retries, instead of hanging past its 2-5 s
 * deadline.
 */
export function requestPathRedisOptions(): RedisOptions {
  // Auto-pipelining sends every command issued in the same tick in one socket write: under load the many
  // concurrent turns' commands share writes instead of one system call each.
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: COMMAND_TIMEOUT_MS,
    lazyConnect: false,
    enableAutoPipelining: true,
  };
}

export function connectRedis(url: string, options: RedisOptions = requestPathRedisOptions()): Redis {
  const redis = new Redis(url, options);
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash the process.
  redis.on('error', () => {});
  return redis;
}

/** The two scripts as ioredis commands: sent by SHA (EVALSHA), not as source text on every turn. */
interface ScriptCommands {
  bhxhAcquireAndRead(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<[number, (string | null)[]]>;
  bhxhReleaseLock(numKeys: number, ...keysThenArgs: string[]): Promise<number>;
  bhxhWriteAndRelease(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>;
  bhxhIncrementWithTtl(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>;
}

export class RedisStore implements Store {
  private readonly scripts: ScriptCommands;

  constructor(
    readonly redis: Redis,
    private readonly prefix = 'bhxh:',
  ) {
    redis.defineCommand('bhxhAcquireAndRead', { lua: ACQUIRE_AND_READ });
    redis.defineCommand('bhxhReleaseLock', { lua: RELEASE_LOCK });
    redis.defineCommand('bhxhWriteAndRelease', { lua: WRITE_AND_RELEASE });
    redis.defineCommand('bhxhIncrementWithTtl', { lua: INCREMENT_WITH_TTL });
    this.scripts = redis as unknown as ScriptCommands;
  }

  /** Absolute key for callers that must talk to Redis directly (GEO, Lua), e.g. the agent registry. */
  key(key: string): string {
    return this.prefix + key;
  }

  /**
   * Without an offline queue, a command sent before the first connection completes fails; wait briefly for
   * it then. While reconnecting after an outage we do not wait: failing fast is the point.
   */
  private async connected(): Promise<void> {
    const status = this.redis.status;
    if (status === 'ready' || status === 'reconnecting' || status === 'end' || status === 'close') return;
    if (status === 'wait') this.redis.connect().catch(() => {});
    await Promise.race([once(this.redis, 'ready'), sleep(CONNECT_WAIT_MS)]);
  }

  private async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      await this.connected();
      return await op();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError(ErrorCodes.STORE_UNAVAILABLE, 'Redis command failed', { retry: 'retry', cause: err });
    }
  }

  get(key: string): Promise<string | null> {
    return this.run(() => this.redis.get(this.key(key)));
  }

  getMany(keys: string[]): Promise<(string | null)[]> {
    return this.run(() => this.redis.mget(keys.map((k) => this.key(k))));
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    await this.run(() =>
      ttlSeconds === undefined ? this.redis.set(this.key(key), value) : this.redis.set(this.key(key), value, 'EX', ttlSeconds),
    );
  }

  async setAll(entries: StoreEntry[]): Promise<void> {
    const multi = this.redis.multi();
    for (const e of entries) {
      if (e.ttlSeconds === undefined) multi.set(this.key(e.key), e.value);
      else multi.set(this.key(e.key), e.value, 'EX', e.ttlSeconds);
    }
    const [, results] = await this.run(() => Promise.all([this.index(entries), multi.exec()]));
    const failed = results?.find(([err]) => err);
    if (!results || failed) {
      throw new AppError(ErrorCodes.STORE_UNAVAILABLE, 'Redis MULTI failed', { retry: 'retry', cause: failed?.[0] });
    }
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const res = await this.run(() => this.redis.set(this.key(key), value, 'EX', ttlSeconds, 'NX'));
    return res === 'OK';
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    // One DEL per key: keys of different users live in different cluster slots.
    await this.run(() => Promise.all(keys.map((k) => this.redis.del(this.key(k)))));
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    return this.run(() => this.scripts.bhxhIncrementWithTtl(1, this.key(key), 1, ttlSeconds));
  }

  async keys(prefix: string): Promise<string[]> {
    return this.run(async () => {
      const found: string[] = [];
      // On a Redis Cluster every master holds part of the keyspace: scan each.
      const nodes = (this.redis as unknown) instanceof Cluster ? (this.redis as unknown as Cluster).nodes('master') : [this.redis];
      for (const node of nodes) {
        let cursor = '0';
        do {
          const [next, batch] = await node.scan(cursor, 'MATCH', `${escapeGlob(this.key(prefix))}*`, 'COUNT', 500);
          cursor = next;
          for (const k of batch) found.push(k.slice(this.prefix.length));
        } while (cursor !== '0');
      }
      return found;
    });
  }

  /**
   * ZADD NX for the entries that ask for an index, issued now so that on this one connection they reach Redis
   * before the writes that follow. The index is a single key outside any user's hash tag: it is written next
   * to a commit, never inside it, so Redis Cluster would take it too.
   */
  private index(entries: StoreEntry[]): Promise<unknown> {
    const adds: Promise<unknown>[] = [];
    for (const e of entries) if (e.index) adds.push(this.redis.zadd(this.indexKey(e.index.name), 'NX', e.index.at, e.key));
    return Promise.all(adds);
  }

  private indexKey(name: string): string {
    return this.key(`index:${name}`);
  }

  async addToIndex(name: string, key: string, at: number): Promise<void> {
    await this.run(() => this.redis.zadd(this.indexKey(name), 'NX', at, key));
  }

  async removeFromIndex(name: string, key: string): Promise<void> {
    await this.run(() => this.redis.zrem(this.indexKey(name), key));
  }

  async indexed(name: string, before: number, limit: number): Promise<string[]> {
    return this.run(() => this.redis.zrangebyscore(this.indexKey(name), '-inf', `(${before}`, 'LIMIT', 0, limit));
  }

  indexRange(name: string, q: IndexQuery): Promise<string[]> {
    const min = q.min === undefined ? '-inf' : String(q.min);
    const max = q.max === undefined ? '+inf' : String(q.max);
    const key = this.indexKey(name);
    const offset = q.offset ?? 0;
    return this.run(() =>
      q.newestFirst
        ? this.redis.zrevrangebyscore(key, max, min, 'LIMIT', offset, q.limit)
        : this.redis.zrangebyscore(key, min, max, 'LIMIT', offset, q.limit),
    );
  }

  indexCount(name: string, min?: number, max?: number): Promise<number> {
    return this.run(() => this.redis.zcount(this.indexKey(name), min ?? '-inf', max ?? '+inf'));
  }

  async indexTrim(name: string, before: number): Promise<void> {
    await this.run(() => this.redis.zremrangebyscore(this.indexKey(name), '-inf', `(${before}`));
  }

  async hashIncrement(key: string, field: string, by = 1, ttlSeconds?: number): Promise<number> {
    const k = this.key(key);
    if (ttlSeconds === undefined) return this.run(() => this.redis.hincrby(k, field, by));
    return this.run(() => this.scripts.bhxhIncrementWithTtl(1, k, by, ttlSeconds, field));
  }

  async hashSet(key: string, fields: Record<string, string | undefined>): Promise<void> {
    const k = this.key(key);
    const set = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
    const drop = Object.entries(fields).filter(([, v]) => v === undefined).map(([f]) => f);
    await this.run(() => Promise.all([set.length ? this.redis.hset(k, Object.fromEntries(set)) : 0, drop.length ? this.redis.hdel(k, ...drop) : 0]));
  }

  hashGetAll(key: string): Promise<Record<string, string>> {
    return this.run(() => this.redis.hgetall(this.key(key)));
  }

  /** A lock with nothing read or written under it: the same primitive as a turn. */
  withLock<T>(key: string, fn: () => Promise<T>, opts: { ttlMs?: number; waitMs?: number } = {}): Promise<T> {
    return this.transact(key, [], async () => ({ result: await fn(), writes: [] }), opts);
  }

  async transact<T>(
    lockKey: string,
    readKeys: string[],
    fn: (values: (string | null)[]) => Promise<{ result: T; writes: StoreEntry[] }>,
    opts: { ttlMs?: number; waitMs?: number } = {},
  ): Promise<T> {
    const ttlMs = opts.ttlMs ?? 10_000;
    const waitMs = opts.waitMs ?? 10_000;
    const lock = this.key(`lock:${lockKey}`);
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    let pause = 2;
    let values: (string | null)[];
    for (;;) {
      const [got, read] = await this.run(() => this.scripts.bhxhAcquireAndRead(1 + readKeys.length, lock, ...readKeys.map((k) => this.key(k)), token, ttlMs)).catch((err: unknown) => {
        // A timed-out acquire may still run once a hung Redis wakes up: the release queued right behind it
        // frees that lock then, instead of leaving the user locked out for the lock's TTL.
        void this.release(lock, token);
        throw err;
      });
      if (got === 1) {
        values = readKeys.map((_, i) => read[i] ?? null);
        break;
      }
      if (Date.now() >= deadline) throw new AppError(ErrorCodes.LOCK_TIMEOUT, `lock ${lockKey} not acquired in ${waitMs} ms`, { retry: 'retry' });
      await sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
    let decided: { result: T; writes: StoreEntry[] };
    try {
      decided = await fn(values);
    } catch (err) {
      await this.release(lock, token);
      throw err;
    }
    if (decided.writes.length === 0) {
      await this.release(lock, token);
      return decided.result;
    }
    // The writes and the release in one atomic step: the next turn of this user sees them as soon as it can lock.
    const writeKeys = decided.writes.map((w) => this.key(w.key));
    const args: (string | number)[] = [token];
    for (const w of decided.writes) args.push(w.value, w.ttlSeconds ?? 0);
    // The listings are best effort here: on a Redis Cluster the index lives on another node, and its being down
    // must not make a committed turn look failed (its retry would be a duplicate, its replies never dispatched).
    // An entry left unlisted is still delivered by this process, and found by the start-up scan after a crash.
    const listed = this.index(decided.writes).catch(() => undefined);
    await this.run(() => this.scripts.bhxhWriteAndRelease(1 + writeKeys.length, lock, ...writeKeys, ...args));
    await listed;
    return decided.result;
  }

  /** Frees the lock if still ours; with Redis gone it expires by its TTL instead. */
  private async release(lock: string, token: string): Promise<void> {
    await this.scripts.bhxhReleaseLock(1, lock, token).catch(() => {});
  }

  async ping(): Promise<void> {
    await this.run(() => this.redis.ping());
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
