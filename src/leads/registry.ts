import { AppError, ErrorCodes } from '../errors.ts';
import { RedisStore } from '../store/redis-store.ts';
import type { Store } from '../store/types.ts';
import { haversineKm } from './geo.ts';
import type { Agent, GeoPoint } from './types.ts';

export interface NearAgent {
  agent: Agent;
  km: number;
}

/** The collection agents, replaced as a whole by each import. Lookups only return active agents except by id/Zalo user. */
export interface AgentRegistry {
  /** Replaces every agent in one atomic step: readers see the old list or the new one, never a mix. */
  replaceAll(agents: Agent[]): Promise<void>;
  get(id: string): Promise<Agent | undefined>;
  byZaloUser(zaloUserId: string): Promise<Agent | undefined>;
  /** Active agents with coordinates within `radiusKm` of the point, nearest first. */
  near(point: GeoPoint, radiusKm: number, limit: number): Promise<NearAgent[]>;
  inWard(wardCode: string): Promise<Agent[]>;
  inProvince(provinceCode: string): Promise<Agent[]>;
  count(): Promise<number>;
  /** Every agent, active or not, by id (the console's agents page). */
  all(): Promise<Agent[]>;
}

/** All registry keys share one hash tag, so the import's MULTI is accepted by Redis Cluster. */
const K = {
  byId: 'agents:{agents}:byid',
  byZalo: 'agents:{agents}:zalo',
  geo: 'agents:{agents}:geo',
  ward: (code: string) => `agents:{agents}:ward:${code}`,
  province: (code: string) => `agents:{agents}:prov:${code}`,
  /** Names of the ward/province sets in use, so the next import can drop them. */
  sets: 'agents:{agents}:sets',
  /** Memory-store twin: the whole list as one JSON value. */
  all: 'agents:{agents}:all',
};

const byId = (a: Agent, b: Agent) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Redis: a hash of agents, a GEO index (GEOADD/GEOSEARCH) and per-ward and per-province sets. */
export class RedisAgentRegistry implements AgentRegistry {
  constructor(private readonly store: RedisStore) {}

  private k(key: string): string {
    return this.store.key(key);
  }

  private async run<T>(op: () => Promise<T>): Promise<T> {
    // The store's connection has no offline queue: before the first connect, let the store wait for it.
    if (this.store.redis.status !== 'ready') await this.store.ping();
    try {
      return await op();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError(ErrorCodes.STORE_UNAVAILABLE, 'agent registry: Redis command failed', { retry: 'retry', cause: err });
    }
  }

  async replaceAll(agents: Agent[]): Promise<void> {
    const redis = this.store.redis;
    await this.run(async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        await redis.watch(this.k(K.sets));
        const oldSets = await redis.smembers(this.k(K.sets));
        const multi = redis.multi();
        multi.del(this.k(K.byId), this.k(K.byZalo), this.k(K.geo), this.k(K.sets), ...oldSets.map((s) => this.k(s)));
        const sets = new Set<string>();
        for (const a of agents) {
          multi.hset(this.k(K.byId), a.id, JSON.stringify(a));
          multi.hset(this.k(K.byZalo), a.zaloUserId, a.id);
          if (!a.active) continue;
          if (a.lat !== undefined && a.lon !== undefined) multi.geoadd(this.k(K.geo), a.lon, a.lat, a.id);
          multi.sadd(this.k(K.ward(a.wardCode)), a.id);
          multi.sadd(this.k(K.province(a.provinceCode)), a.id);
          sets.add(K.ward(a.wardCode)).add(K.province(a.provinceCode));
        }
        if (sets.size > 0) multi.sadd(this.k(K.sets), ...sets);
        const result = await multi.exec();
        if (result === null) continue; // another import changed the sets meanwhile: read them again
        const failed = result.find(([err]) => err);
        if (failed) throw new AppError(ErrorCodes.STORE_UNAVAILABLE, 'agent import MULTI failed', { retry: 'retry', cause: failed[0] });
        return;
      }
      throw new AppError(ErrorCodes.STORE_UNAVAILABLE, 'agent import kept racing another import', { retry: 'retry' });
    });
  }

  private async load(ids: string[]): Promise<Agent[]> {
    if (ids.length === 0) return [];
    const raw = await this.run(() => this.store.redis.hmget(this.k(K.byId), ...ids));
    return raw.flatMap((r) => (r === null ? [] : [JSON.parse(r) as Agent]));
  }

  async get(id: string): Promise<Agent | undefined> {
    return (await this.load([id]))[0];
  }

  async byZaloUser(zaloUserId: string): Promise<Agent | undefined> {
    const id = await this.run(() => this.store.redis.hget(this.k(K.byZalo), zaloUserId));
    return id === null ? undefined : this.get(id);
  }

  async near(point: GeoPoint, radiusKm: number, limit: number): Promise<NearAgent[]> {
    const hits = (await this.run(() =>
      this.store.redis.geosearch(this.k(K.geo), 'FROMLONLAT', point.lon, point.lat, 'BYRADIUS', radiusKm, 'km', 'ASC', 'COUNT', limit, 'WITHDIST'),
    )) as [string, string][];
    const agents = new Map((await this.load(hits.map(([id]) => id))).map((a) => [a.id, a]));
    return hits.flatMap(([id, km]) => {
      const agent = agents.get(id);
      return agent?.active ? [{ agent, km: Number(km) }] : [];
    });
  }

  private async members(key: string): Promise<Agent[]> {
    const ids = await this.run(() => this.store.redis.smembers(this.k(key)));
    return (await this.load(ids)).filter((a) => a.active).sort(byId);
  }

  inWard(wardCode: string): Promise<Agent[]> {
    return this.members(K.ward(wardCode));
  }

  inProvince(provinceCode: string): Promise<Agent[]> {
    return this.members(K.province(provinceCode));
  }

  count(): Promise<number> {
    return this.run(() => this.store.redis.hlen(this.k(K.byId)));
  }

  async all(): Promise<Agent[]> {
    const raw = await this.run(() => this.store.redis.hvals(this.k(K.byId)));
    return raw.map((r) => JSON.parse(r) as Agent).sort(byId);
  }
}

/** Any Store (the in-memory trial): the list is one value, searched in process with haversine. */
export class StoreAgentRegistry implements AgentRegistry {
  constructor(private readonly store: Store) {}

  async all(): Promise<Agent[]> {
    const raw = await this.store.get(K.all);
    return raw === null ? [] : (JSON.parse(raw) as Agent[]).sort(byId);
  }

  async replaceAll(agents: Agent[]): Promise<void> {
    await this.store.set(K.all, JSON.stringify(agents));
  }

  async get(id: string): Promise<Agent | undefined> {
    return (await this.all()).find((a) => a.id === id);
  }

  async byZaloUser(zaloUserId: string): Promise<Agent | undefined> {
    return (await this.all()).find((a) => a.zaloUserId === zaloUserId);
  }

  async near(point: GeoPoint, radiusKm: number, limit: number): Promise<NearAgent[]> {
    return (await this.all())
      .flatMap((agent) => (agent.active && agent.lat !== undefined && agent.lon !== undefined ? [{ agent, km: haversineKm(point, { lat: agent.lat, lon: agent.lon }) }] : []))
      .filter((n) => n.km <= radiusKm)
      .sort((a, b) => a.km - b.km)
      .slice(0, limit);
  }

  async inWard(wardCode: string): Promise<Agent[]> {
    return (await this.all()).filter((a) => a.active && a.wardCode === wardCode).sort(byId);
  }

  async inProvince(provinceCode: string): Promise<Agent[]> {
    return (await this.all()).filter((a) => a.active && a.provinceCode === provinceCode).sort(byId);
  }

  async count(): Promise<number> {
    return (await this.all()).length;
  }
}

export function createAgentRegistry(store: Store): AgentRegistry {
  return store instanceof RedisStore ? new RedisAgentRegistry(store) : new StoreAgentRegistry(store);
}
