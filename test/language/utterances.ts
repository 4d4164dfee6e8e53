/**
 * The utterance tables (TSV: text, expected…; format in test/fixtures/utterances/README.md) run through the parsers.
 * Each file must reach 98 % accuracy; the misses are printed. Used on our own tables (fixtures.test.ts) and, in the
 * cross-check suite, on the reference tables in ../shared. A miss is fixed by improving a rule, never by special-casing
 * a sentence.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { matchPlace, parseBirth, parseMoney, parsePaidMonths, parsePhone, parseYesNo } from '../../src/language/index.ts';
import { loadUnderstander } from '../../src/nlu-loader.ts';

const TODAY = new Date('2026-11-22T00:00:00Z');
const MIN_ACCURACY = 0.98;
const pad = (n: number): string => String(n).padStart(2, '0');

type Classify = (row: string[]) => { got: string; expected: string };

const CLASSIFIERS: Record<string, Classify> = {
  'money.tsv': ([text = '', expected = '']) => {
    const r = parseMoney(text);
    const got = r === undefined || r.kind === 'none' ? 'NONE' : r.kind === 'amount' ? String(r.vnd) : `RANGE:${r.minVnd}-${r.maxVnd}`;
    return { got, expected };
  },
  'years.tsv': ([text = '', kind = '', expected = '']) => {
    if (kind === 'paid') {
      const months = parsePaidMonths(text);
      return { got: months === undefined ? 'NONE' : String(months), expected };
    }
    const r = parseBirth(text, TODAY);
    const got = r === undefined ? 'NONE'
      : r.kind === 'age' ? `AGE:${r.years}`
      : [String(r.year), r.month === undefined ? undefined : pad(r.month), r.day === undefined ? undefined : pad(r.day)]
        .filter((x) => x !== undefined).join('-');
    return { got, expected };
  },
  'phone.tsv': ([text = '', expected = '']) => ({ got: parsePhone(text)?.e164 ?? 'INVALID', expected }),
  'yesno.tsv': ([text = '', expected = '']) => ({ got: parseYesNo(text)?.toUpperCase() ?? 'UNKNOWN', expected }),
  // One-question messages: the first (only) intent read.
  'intents.tsv': ([text = '', expected = '']) => ({ got: loadUnderstander().understand(text, TODAY).intents[0]?.intent ?? 'unknown', expected }),
  'places.tsv': ([text = '', ward = '', province = '']) => {
    const r = matchPlace(text);
    let got: string;
    if (r.kind === 'not_found') got = 'NONE NONE';
    else if (r.kind === 'found') got = `${r.ward?.code ?? 'NONE'} ${r.province.code}`;
    else {
      const provinces = new Set(r.candidates.map((c) => c.provinceCode));
      got = `AMBIGUOUS ${provinces.size === 1 ? [...provinces][0] : 'AMBIGUOUS'}`;
    }
    return { got, expected: `${ward} ${province}` };
  },
};

export const UTTERANCE_FILES = Object.keys(CLASSIFIERS);

function readTsv(url: URL): string[][] {
  const lines = readFileSync(url, 'utf8').split(/\r?\n/u).filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => l.split('\t'));
}

/** Runs one table of `dir` through its parser; fails below 98 % and prints every miss. */
export function evaluateUtterances(dir: URL, file: string): void {
  const classify = CLASSIFIERS[file];
  if (!classify) throw new Error(`no parser for ${file}`);
  const rows = readTsv(new URL(file, dir));
  const misses: string[] = [];
  for (const row of rows) {
    const { got, expected } = classify(row);
    if (got !== expected) misses.push(`  ${row[0]}  → expected ${expected}, got ${got}`);
  }
  const accuracy = (rows.length - misses.length) / rows.length;
  console.warn(`${file}: ${rows.length - misses.length}/${rows.length} = ${(accuracy * 100).toFixed(1)} %${misses.length ? `\n${misses.join('\n')}` : ''}`);
  expect(rows.length).toBeGreaterThan(0);
  expect(accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
}
