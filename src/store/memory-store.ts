import { AppError, ErrorCodes } from '../errors.ts';
import type { IndexQuery, Store, StoreEntry } from './types.ts';

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/** In-process store for local trial and the chat console. Not shared between processes: never for production. */
export class MemoryStore implements Store {
  private readonly data = new Map<string, Entry>();
  private readonly lockTails = new Map<string, Promise<void>>();
  private readonly indexes = new Map<string, Map<string, number>>();
  private readonly hashes = new Map<string, { fields: Map<string, string>; expiresAt: number | undefined }>();

  constructor(private readonly now: () => number = Date.now) {}

  private live(key: string): Entry | undefined {
    const entry = this.data.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.data.delete(key);
      return undefined;
    }
    return entry;
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async getMany(keys: string[]): Promise<(string | null)[]> {
    return keys.map((k) => this.live(k)?.value ?? null);
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    this.data.set(key, { value, expiresAt: ttlSeconds === undefined ? undefined : this.now() + ttlSeconds * 1000 });
  }

  async setAll(entries: StoreEntry[]): Promise<void> {
    for (const e of entries) {
      if (e.index) await this.addToIndex(e.index.name, e.key, e.index.at);
      await this.set(e.key, e.value, e.ttlSeconds);
    }
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    if (this.live(key)) return false;
    await this.set(key, value, ttlSeconds);
    return true;
  }

  async del(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.data.delete(key);
      this.hashes.delete(key);
    }
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    const entry = this.live(key);
    const next = Number(entry?.value ?? 0) + 1;
    this.data.set(key, { value: String(next), expiresAt: entry ? entry.expiresAt : this.now() + ttlSeconds * 1000 });
    return next;
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.data.keys(), ...this.hashes.keys()].filter((k) => k.startsWith(prefix) && (this.live(k) || this.hash(k, false)));
  }

  async addToIndex(name: string, key: string, at: number): Promise<void> {
    const index = this.indexes.get(name) ?? new Map<string, number>();
    this.indexes.set(name, index);
    if (!index.has(key)) index.set(key, at);
  }

  async removeFromIndex(name: string, key: string): Promise<void> {
    this.indexes.get(name)?.delete(key);
  }

  async indexed(name: string, before: number, limit: number): Promise<string[]> {
    return [...(this.indexes.get(name) ?? [])]
      .filter(([, at]) => at < before)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([key]) => key);
  }

  private inRange(name: string, min = -Infinity, max = Infinity): [string, number][] {
    return [...(this.indexes.get(name) ?? [])].filter(([, at]) => at >= min && at <= max);
  }

  async indexRange(name: string, q: IndexQuery): Promise<string[]> {
    const sorted = this.inRange(name, q.min, q.max).sort((a, b) => (q.newestFirst ? b[1] - a[1] || (b[0] < a[0] ? -1 : 1) : a[1] - b[1] || (a[0] < b[0] ? -1 : 1)));
    const offset = q.offset ?? 0;
    return sorted.slice(offset, q.limit < 0 ? undefined : offset + q.limit).map(([key]) => key);
  }

  async indexCount(name: string, min?: number, max?: number): Promise<number> {
    return this.inRange(name, min, max).length;
  }

  async indexTrim(name: string, before: number): Promise<void> {
    const index = this.indexes.get(name);
    for (const [key, at] of index ?? []) if (at < before) index!.delete(key);
  }

  private hash(key: string, create: boolean, ttlSeconds?: number): Map<string, string> | undefined {
    const h = this.hashes.get(key);
    if (h && (h.expiresAt === undefined || h.expiresAt > this.now())) return h.fields;
    if (!create) return undefined;
    const fresh = { fields: new Map<string, string>(), expiresAt: ttlSeconds === undefined ? undefined : this.now() + ttlSeconds * 1000 };
    this.hashes.set(key, fresh);
    return fresh.fields;
  }

  async hashIncrement(key: string, field: string, by = 1, ttlSeconds?: number): Promise<number> {
    const h = this.hash(key, true, ttlSeconds)!;
    const next = Number(h.get(field) ?? 0) + by;
    h.set(field, String(next));
    return next;
  }

  async hashSet(key: string, fields: Record<string, string | undefined>): Promise<void> {
    const h = this.hash(key, true)!;
    for (const [f, v] of Object.entries(fields)) {
      if (v === undefined) h.delete(f);
      else h.set(f, v);
    }
  }

  async hashGetAll(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.hash(key, false) ?? []);
  }

  /** A promise chain per key: callers run one after another in arrival order. */
  async withLock<T>(key: string, fn: () => Promise<T>, opts: { waitMs?: number } = {}): Promise<T> {
    const previous = this.lockTails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.lockTails.set(key, tail);
    const waitMs = opts.waitMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        previous,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new AppError(ErrorCodes.LOCK_TIMEOUT, `lock ${key} not acquired in ${waitMs} ms`, { retry: 'retry' })), waitMs);
        }),
      ]);
      clearTimeout(timer);
      return await fn();
    } finally {
      clearTimeout(timer);
      release();
      if (this.lockTails.get(key) === tail) this.lockTails.delete(key);
    }
  }

  transact<T>(
    lockKey: string,
    readKeys: string[],
    fn: (values: (string | null)[]) => Promise<{ result: T; writes: StoreEntry[] }>,
    opts: { waitMs?: number } = {},
  ): Promise<T> {
    return this.withLock(
      lockKey,
      async () => {
        const { result, writes } = await fn(await this.getMany(readKeys));
        if (writes.length > 0) await this.setAll(writes);
        return result;
      },
      opts,
    );
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.data.clear();
    this.hashes.clear();
  }
}
