import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localSocialPensions, localTopUps } from '../../src/insurance/local-support-data.ts';
import * as P from '../../src/insurance/params.ts';
import { formatVnd, policyAt, retirementAgeInYear } from '../../src/insurance/index.ts';
import type { Dated } from '../../src/insurance/types.ts';

/**
 * Issue 12: a policy figure or year in a text always comes from the dated data (`{{p_…}}` variables from
 * src/conversation/policy-vars.ts), never typed into a locale text, so a text cannot go stale when a figure changes
 * (the 2027 floor, next year's retirement age). The figures the data can supply are collected from params.ts
 * itself; every text under locales/ (except the classifier's training phrases, never shown) is scanned for them.
 */

const LOCALES = new URL('../../locales/', import.meta.url).pathname;

/** Every dated series in the data, national and local. */
function allSeries(): Dated<unknown>[][] {
  const national = (Object.values(P) as unknown[]).filter((v): v is Dated<unknown>[] => Array.isArray(v) && v.every((d) => typeof d === 'object' && d !== null && 'from' in d));
  return [...national, ...Object.values(localTopUps).map((x) => x.periods), ...Object.values(localSocialPensions).map((x) => x.periods)];
}

function numbersIn(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) numbersIn(x, out);
  return out;
}

interface Figures {
  money: Set<string>;
  percents: Set<string>;
  years: Set<string>;
  yearCounts: Set<string>;
  monthCounts: Set<string>;
  ages: Set<string>;
}

function figuresOfData(): Figures {
  const f: Figures = { money: new Set(), percents: new Set(), years: new Set(), yearCounts: new Set(), monthCounts: new Set(), ages: new Set() };
  const series = allSeries();
  for (const s of series) {
    for (const d of s) {
      for (const date of [d.from, d.to]) if (date) f.years.add(date.slice(0, 4));
      for (const n of numbersIn(d.value)) {
        if (n >= 10_000) f.money.add(formatVnd(n).replace(/ đ$/, ''));
        // Basis points as percents (2200 → 22), fractions as percents (0.0031 → 0,31).
        if (Number.isInteger(n) && n % 50 === 0 && n <= 10_000) f.percents.add(String(n / 100));
        if (n > 0 && n < 0.1) f.percents.add(String(Math.round(n * 100_000) / 1000));
      }
    }
  }
  // Derived amounts and ages, on the dates the data changes.
  const dates = [...new Set(series.flatMap((s) => s.map((d) => d.from)))].filter((d) => d >= P.NEW_LAW_FROM);
  for (const date of dates) {
    const p = policyAt(date);
    f.money.add(formatVnd(p.ceiling).replace(/ đ$/, ''));
    f.money.add(formatVnd(p.funeralMultiplier.value * p.referenceLevel.value).replace(/ đ$/, ''));
    for (const bp of Object.values(p.supportBp.value)) f.money.add(formatVnd((p.floor * 22 * bp) / 1_000_000).replace(/ đ$/, ''));
    f.money.add(formatVnd((p.floor * p.contributionRateBp.value) / 10_000).replace(/ đ$/, ''));
    f.yearCounts.add(String(p.minPensionMonths.value / 12)).add(String(p.supportMaxMonths.value / 12)).add(String(p.backPayMaxMissingMonths.value / 12))
      .add(String(p.advanceMaxMonths.value / 12)).add(String(p.transitionalRetirement.value.minVoluntaryMonths / 12)).add(String(p.withdrawalRule.value.maxYears))
      .add(String(p.minPensionRule.value.compulsoryYears));
    f.monthCounts.add(String(p.funeralMinMonths.value)).add(String(p.supportMaxMonths.value)).add(String(p.backPayMaxMissingMonths.value));
    f.ages.add(String(p.socialPension.value.age)).add(String(p.socialPension.value.agePoorOrNearPoor));
    for (const m of Object.values(p.transitionalRetirement.value.ageMonths)) f.ages.add(String(m / 12));
  }
  const rule = P.retirementAge[0]!.value;
  for (let year = 2020; year <= 2040; year++) {
    for (const sex of ['male', 'female'] as const) f.ages.add(String(Math.floor(retirementAgeInYear(sex, year, rule) / 12)));
  }
  f.years.add(String(P.lumpSumPerYear[0]!.value.splitYear));
  return f;
}

/** The typed policy figures of one text (placeholders and version tags such as 2026-11-v1 left out). */
export function typedFigures(raw: string, f: Figures): string[] {
  const s = raw.replace(/\{\{[^}]*\}\}/g, ' ').replace(/\b\d{4}-\d{2}-v\d+\b/g, ' ');
  const hits: string[] = [];
  const scan = (re: RegExp, set: Set<string>, norm: (x: string) => string = (x) => x) => {
    for (const m of s.matchAll(re)) if (set.has(norm(m[1]!))) hits.push(m[0]);
  };
  scan(/(\d{1,3}(?:\.\d{3})+)(?:\s?đ|\s?VND)?/g, f.money);
  scan(/(\d+(?:[.,]\d+)?)\s?%/g, f.percents, (x) => x.replace(',', '.'));
  scan(/\b((?:19|20)\d\d)\b/g, f.years);
  scan(/\b(\d+) (?:năm|years?)\b/gu, f.yearCounts);
  scan(/\b(\d+) (?:tháng|months?)\b/gu, f.monthCounts);
  scan(/\b(\d+) tuổi/gu, f.ages);
  scan(/(?:nam|nữ|men|women|age|at) (\d+)\b/gu, f.ages);
  return hits;
}

function localeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'nlu' ? [] : localeFiles(path);
    return name.endsWith('.json') && name !== 'intents.json' ? [path] : [];
  });
}

function texts(o: unknown, at = ''): [string, string][] {
  if (typeof o === 'string') return [[at, o]];
  if (o && typeof o === 'object') return Object.entries(o).flatMap(([k, v]) => (k === '_help' ? [] : texts(v, at ? `${at}.${k}` : k)));
  return [];
}

describe('no policy figure or year typed into a locale text', () => {
  const figures = figuresOfData();

  it('the checker finds what the data supplies, and not what it does not', () => {
    expect(typedFigures('Tuổi nghỉ hưu năm 2026: nam 61 tuổi 6 tháng, nữ 57 tuổi', figures)).toEqual(['2026', '61 tuổi', '57 tuổi', 'nam 61', 'nữ 57']);
    expect(typedFigures('Mức thấp nhất 1.500.000 đ, đóng 22 %, đủ 15 năm, mai táng khi đóng từ 60 tháng', figures)).toEqual(['1.500.000 đ', '22 %', '15 năm', '60 tháng']);
    expect(typedFigures('Ví dụ: 8 năm, 18 tháng, sinh 3/1985, gọi 1900 9068, phiên bản 2026-11-v1, {{p_floor}}', figures)).toEqual([]);
  });

  it('every text under locales/ takes its policy figures from the data', () => {
    const found: string[] = [];
    for (const file of localeFiles(LOCALES)) {
      for (const [key, value] of texts(JSON.parse(readFileSync(file, 'utf8')))) {
        for (const hit of typedFigures(value, figures)) found.push(`${file.slice(LOCALES.length)} ${key}: "${hit}"`);
      }
    }
    expect(found).toEqual([]);
  });
});
