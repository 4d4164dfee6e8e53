/**
 * The small storage interface everything above store/ talks to. Two implementations: Redis (production,
 * tests) and memory (local trial with `npm start`, the chat console). Keys passed in are relative: each
 * store adds its own prefix, so tests can share one Redis without colliding.
 */
export interface StoreEntry {
  key: string;
  value: string;
  ttlSeconds?: number;
  /**
   * Also list the key in the time index `name` at `at` (epoch ms), so `indexed` finds it without scanning the
   * keyspace. Recorded just before the value is written: an index entry may outlive its key, never the reverse.
   */
  index?: { name: string; at: number };
}

export interface IndexQuery {
  min?: number;
  max?: number;
  offset?: number;
  /** At most this many; -1 for all. */
  limit: number;
  newestFirst?: boolean;
}

export interface Store {
  get(key: string): Promise<string | null>;
  /** Several values in one round trip (MGET), in the order asked. Keep them under one hash tag. */
  getMany(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Sets only when absent; true when this call set it. The dedupe primitive (SET NX EX). */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Writes several values atomically (MULTI). Keep them under one hash tag so Redis Cluster accepts it. */
  setAll(entries: StoreEntry[]): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Adds 1 and returns the new value; the TTL is set when the key is created (fixed-window counters). */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /** Keys under a relative prefix (SCAN, never KEYS). For admin listing and data deletion, not hot paths. */
  keys(prefix: string): Promise<string[]>;
  /** Lists `key` in the time index `name` at `at`; a key already listed keeps its earlier time. */
  addToIndex(name: string, key: string, at: number): Promise<void>;
  removeFromIndex(name: string, key: string): Promise<void>;
  /** Keys listed in the time index `name` before `before`, earliest first, at most `limit` (its keys may be gone). */
  indexed(name: string, before: number, limit: number): Promise<string[]>;
  /**
   * Keys of the time index `name` with times in [min, max] (both optional), newest first when `newestFirst`,
   * skipping `offset`, at most `limit`: a page of a listing (ZRANGE BYSCORE [REV] LIMIT). Its keys may be gone.
   */
  indexRange(name: string, q: IndexQuery): Promise<string[]>;
  /** How many keys the time index `name` lists with times in [min, max] (ZCOUNT). */
  indexCount(name: string, min?: number, max?: number): Promise<number>;
  /** Drops the entries of the time index `name` timed before `before` (retention of listings). */
  indexTrim(name: string, before: number): Promise<void>;
  /** Adds `by` to the counter `field` of the hash `key` (HINCRBY); a TTL, when given, is set when the hash is created. */
  hashIncrement(key: string, field: string, by?: number, ttlSeconds?: number): Promise<number>;
  /** Sets (value) or removes (undefined) fields of the hash `key` (HSET/HDEL). */
  hashSet(key: string, fields: Record<string, string | undefined>): Promise<void>;
  /** Every field of the hash `key` (HGETALL); {} when absent. */
  hashGetAll(key: string): Promise<Record<string, string>>;
  /**
   * Runs `fn` while holding a lock on `key`, shared by every process on the same store. Waits up to
   * `waitMs` for it; the lock expires after `ttlMs` so a crashed holder cannot block a user forever.
   */
  withLock<T>(key: string, fn: () => Promise<T>, opts?: { ttlMs?: number; waitMs?: number }): Promise<T>;
  /**
   * A locked read-decide-write in two round trips, the turn pipeline's primitive: takes the lock on `lockKey`
   * (as withLock) and reads `readKeys` in the same step, lets `fn` decide, then writes what it returns
   * atomically and releases the lock in the same step. All keys under one hash tag. If `fn` throws, nothing is
   * written and the lock is released.
   */
  transact<T>(
    lockKey: string,
    readKeys: string[],
    fn: (values: (string | null)[]) => Promise<{ result: T; writes: StoreEntry[] }>,
    opts?: { ttlMs?: number; waitMs?: number },
  ): Promise<T>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Keys that must live in one Redis Cluster slot carry the same hash tag. Every per-user key goes through
 * this so a user's session, dedupe and lock stay together.
 */
export function userTag(channel: string, userId: string): string {
  return `{u:${channel}:${userId}}`;
}
