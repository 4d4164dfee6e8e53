import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentsCsv } from '../../src/leads/agents-csv.ts';
import { parseCommunePoints } from '../../src/leads/commune-points.ts';
import { haversineKm } from '../../src/leads/geo.ts';
import { createAgentRegistry, type AgentRegistry } from '../../src/leads/registry.ts';
import { routeLead } from '../../src/leads/routing.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { RedisStore } from '../../src/store/redis-store.ts';
import { dropTestStore, testRedisStore } from '../store/helpers.ts';
import { AGENTS_CSV, AU_LAU } from './fixtures.ts';

const POINTS = parseCommunePoints('ward_code,lat,lon\n04543,21.67079,104.88168\n02683,22.51954,103.85259\n02647,22.49889,104.01072\n');

describe('haversine', () => {
  it('matches a known distance (Âu Lâu → Phường Lào Cai ≈ 128.6 km, as Redis GEODIST says)', () => {
    expect(haversineKm(AU_LAU, { lat: 22.49889, lon: 104.01072 })).toBeCloseTo(128.55, 0);
  });
});

describe('commune points file', () => {
  it('reads ward_code,lat,lon and a wider layout with code,…,lat,lon columns', () => {
    expect(POINTS.get('04543')).toEqual(AU_LAU);
    const wide = parseCommunePoints('code,province_code,name,lat,lon,area_km2\n04543,15,Âu Lâu,21.67079,104.88168,70.1\n');
    expect([...wide]).toEqual([['04543', AU_LAU]]);
    expect(() => parseCommunePoints('ward_code,lat,lon\n04543,abc,104\n')).toThrow(/line 2/);
  });
});

for (const backend of ['redis', 'memory'] as const) {
  describe(`routing on the ${backend} store`, () => {
    let registry: AgentRegistry;
    let redis: RedisStore | undefined;
    beforeAll(async () => {
      redis = backend === 'redis' ? testRedisStore() : undefined;
      registry = createAgentRegistry(redis ?? new MemoryStore());
      await registry.replaceAll(parseAgentsCsv(AGENTS_CSV));
    });
    afterAll(async () => {
      if (redis) await dropTestStore(redis);
    });

    it('from a shared point: nearest active agents within the radius, nearest first', async () => {
      const near = await registry.near(AU_LAU, 200, 10);
      expect(near.map((n) => n.agent.id)).toEqual(['A1', 'A2', 'H1', 'A3']);
      expect(near[0]!.km).toBeLessThan(0.1);
      expect(near[3]!.km).toBeCloseTo(128.55, 0);
      const agents = await routeLead({ kind: 'point', latitude: AU_LAU.lat, longitude: AU_LAU.lon }, registry, undefined);
      expect(agents.map((a) => a.id)).toEqual(['A1', 'A2']); // the inactive A4 is never offered
    });

    it('from a typed commune: its agents first, then by distance from the commune point, then the province', async () => {
      const place = { kind: 'place' as const, provinceCode: '15', wardCode: '02683', label: 'Xã Bát Xát' };
      // With points: Bát Xát's own agent (no coordinates), then by distance (Phường Lào Cai ≈ 16 km; A2 sits north of A1, so nearer).
      expect((await routeLead(place, registry, POINTS, { maxCandidates: 5, radiusKm: 200 })).map((a) => a.id)).toEqual(['A5', 'A3', 'A2', 'A1']);
      // Without points: the ward's agents, then the province's in a stable order.
      expect((await routeLead(place, registry, undefined)).map((a) => a.id)).toEqual(['A5', 'A1', 'A2', 'A3']);
      // A province only.
      expect((await routeLead({ kind: 'place', provinceCode: '01', label: 'Hà Nội' }, registry, undefined)).map((a) => a.id)).toEqual(['H1']);
    });

    it('finds nobody for an area without agents or without a location', async () => {
      expect(await routeLead({ kind: 'place', provinceCode: '96', wardCode: '32248', label: 'x' }, registry, undefined)).toEqual([]);
      expect(await routeLead({ kind: 'none' }, registry, POINTS)).toEqual([]);
      expect(await routeLead({ kind: 'point', latitude: 10.77, longitude: 106.7 }, registry, undefined)).toEqual([]);
    });

    it('knows agents by Zalo user id, including inactive ones (they may still close their leads)', async () => {
      expect((await registry.byZaloUser('9000000000000000004'))?.id).toBe('A4');
      expect(await registry.byZaloUser('123')).toBeUndefined();
    });
  });
}
