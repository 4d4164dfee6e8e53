import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ErrorCodes, isAppError, type AppError } from '../../src/errors.ts';
import { parseAgentsCsv } from '../../src/leads/agents-csv.ts';
import { createAgentRegistry } from '../../src/leads/registry.ts';
import type { RedisStore } from '../../src/store/redis-store.ts';
import { dropTestStore, testRedisStore } from '../store/helpers.ts';
import { AGENTS_CSV } from './fixtures.ts';

function rejection(text: string): AppError {
  try {
    parseAgentsCsv(text);
  } catch (err) {
    if (isAppError(err, ErrorCodes.AGENTS_CSV_INVALID)) return err;
    throw err;
  }
  throw new Error('expected the CSV to be rejected');
}

const HEADER = 'id,name,kind,phone,zalo_user_id,ward_code,province_code,lat,lon,address,hours,active';

describe('agents CSV', () => {
  it('parses the documented format, keeping leading zeros and quoted commas', () => {
    const agents = parseAgentsCsv(AGENTS_CSV);
    expect(agents).toHaveLength(6);
    expect(agents[0]).toMatchObject({ id: 'A1', wardCode: '04543', provinceCode: '15', lat: 21.67079, lon: 104.88168, address: 'Số 1, Âu Lâu', active: true, sample: true });
    expect(agents[4]).not.toHaveProperty('lat');
    expect(agents[3]!.active).toBe(false);
  });

  it('accepts the sample file shipped in data/ and every row there is marked sample', () => {
    const agents = parseAgentsCsv(readFileSync(new URL('../../data/agents.sample.csv', import.meta.url), 'utf8'));
    expect(agents.length).toBeGreaterThan(3);
    expect(agents.every((a) => a.sample && a.name.includes('minh họa'))).toBe(true);
  });

  it('rejects a bad row naming its line and field', () => {
    const text = `${HEADER}\nB1,Tên,post_office,0555 000 001,123,04543,15,,,,,true\nB2,Tên,bakery,0555 000 002,124,4543,15,21,,,,yes\n`;
    const err = rejection(text);
    const errors = err.details.errors as { line: number; field: string }[];
    expect(errors.map((e) => `${e.line}:${e.field}`).sort()).toEqual(['3:active', '3:kind', '3:lon', '3:ward_code']);
    expect(err.message).toContain('line 3, kind');
  });

  it('rejects duplicate ids, a shared Zalo user, a missing column and a broken quote', () => {
    const dup = rejection(`${HEADER}\nB1,X,post_office,0555 000 001,1,04543,15,,,,,true\nB1,Y,post_office,0555 000 002,2,04543,15,,,,,true\n`);
    expect(dup.details.errors).toEqual([{ line: 3, field: 'id', message: 'duplicate of line 2' }]);
    const zalo = rejection(`${HEADER}\nB1,X,post_office,0555 000 001,1,04543,15,,,,,true\nB2,Y,post_office,0555 000 002,1,04543,15,,,,,true\n`);
    expect((zalo.details.errors as { field: string }[])[0]!.field).toBe('zalo_user_id');
    expect((rejection('id,name\nB1,X\n').details.errors as { field: string }[]).map((e) => e.field)).toContain('zalo_user_id');
    expect((rejection(`${HEADER}\nB1,"X,post_office\n`).details.errors as { field: string }[])[0]!.field).toBe('(file)');
  });
});

describe('agent import on Redis', () => {
  let store: RedisStore;
  afterEach(async () => dropTestStore(store));

  it('replaces the whole registry at once, and a rejected file changes nothing', async () => {
    store = testRedisStore();
    const registry = createAgentRegistry(store);
    await registry.replaceAll(parseAgentsCsv(AGENTS_CSV));
    expect(await registry.count()).toBe(6);
    expect((await registry.inWard('04543')).map((a) => a.id)).toEqual(['A1', 'A2']);

    // A bad file is refused before anything is written.
    const bad = `${AGENTS_CSV}Z9,Bad,post_office,not-a-phone,77,04543,15,,,,,true,false\n`;
    expect(() => parseAgentsCsv(bad)).toThrow(/line 8, phone/);
    expect(await registry.count()).toBe(6);

    // A smaller import leaves no trace of the old agents in the GEO index or the ward/province sets.
    await registry.replaceAll(parseAgentsCsv(`${HEADER}\nH1,Ba Đình,post_office,0555 000 101,9000000000000000101,00004,01,21.03853,105.83806,,,true\n`));
    expect(await registry.count()).toBe(1);
    expect(await registry.inWard('04543')).toEqual([]);
    expect(await registry.inProvince('15')).toEqual([]);
    expect(await registry.near({ lat: 21.67, lon: 104.88 }, 100, 5)).toEqual([]);
    expect(await registry.byZaloUser('9000000000000000001')).toBeUndefined();
    expect((await store.keys('agents:')).sort()).toEqual(
      ['agents:{agents}:byid', 'agents:{agents}:geo', 'agents:{agents}:prov:01', 'agents:{agents}:sets', 'agents:{agents}:ward:00004', 'agents:{agents}:zalo'].sort(),
    );
  });
});
