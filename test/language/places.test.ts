import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchPlace, type PlaceMatch } from '../../src/language/places.ts';

const DATA = new URL('../../../shared/data/vn-admin-2025/', import.meta.url);
const csv = (file: string): string[][] =>
  readFileSync(new URL(file, DATA), 'utf8').trim().split(/\r?\n/u).slice(1).map((l) => l.split(','));

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

  it('maps every old province to the same new province as old_provinces_2025.csv', () => {
    const wrong = csv('old_provinces_2025.csv')
      .map(([, oldName = '', , code = '']) => ({ oldName, code, got: summary(matchPlace(`tỉnh ${oldName}`)) }))
      .filter((x) => x.got !== `-/${x.code}`);
    expect(wrong).toEqual([]);
  });

  it('resolves almost every ward written in full with its province (3,321 wards)', () => {
    const wards = csv('wards.csv');
    const misses = wards.filter(([code, , province, unit, name]) => summary(matchPlace(`${unit} ${name}, ${province}`)) !== `${code}/${wards.find((w) => w[0] === code)?.[1]}`);
    // Two units have different codes in the npm package (Xã Ba Chẽ, Xã Ia Mơ); allow a handful of misses.
    expect(misses.length).toBeLessThanOrEqual(5);
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
