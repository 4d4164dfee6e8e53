/**
 * Runs every case of the shared utterance fixtures (../shared/fixtures/utterances/*.tsv) through the parsers,
 * prints the misses and requires at least 98 % accuracy per file. A held-out set with different sentences is used
 * for evaluation, so misses are fixed by improving rules, never by special-casing a sentence.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  INTENT_THRESHOLD, matchIntent, matchPlace, parseBirth, parseMoney, parsePaidMonths, parsePhone, parseYesNo,
} from '../../src/language/index.ts';

const DIR = new URL('../../../shared/fixtures/utterances/', import.meta.url);
const TODAY = new Date('2026-11-22T00:00:00Z');
const MIN_ACCURACY = 0.98;

function readTsv(file: string): string[][] {
  const lines = readFileSync(new URL(file, DIR), 'utf8').split(/\r?\n/u).filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => l.split('\t'));
}

function evaluate(file: string, classify: (row: string[]) => { got: string; expected: string }): void {
  const rows = readTsv(file);
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

const pad = (n: number): string => String(n).padStart(2, '0');

describe('utterance fixtures', () => {
  it('money.tsv', () => {
    evaluate('money.tsv', ([text = '', expected = '']) => {
      const r = parseMoney(text);
      const got = r === undefined || r.kind === 'none' ? 'NONE' : r.kind === 'amount' ? String(r.vnd) : `RANGE:${r.minVnd}-${r.maxVnd}`;
      return { got, expected };
    });
  });

  it('years.tsv', () => {
    evaluate('years.tsv', ([text = '', kind = '', expected = '']) => {
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
    });
  });

  it('phone.tsv', () => {
    evaluate('phone.tsv', ([text = '', expected = '']) => ({ got: parsePhone(text)?.e164 ?? 'INVALID', expected }));
  });

  it('yesno.tsv', () => {
    evaluate('yesno.tsv', ([text = '', expected = '']) => ({ got: parseYesNo(text)?.toUpperCase() ?? 'UNKNOWN', expected }));
  });

  it('intents.tsv', () => {
    evaluate('intents.tsv', ([text = '', expected = '']) => {
      const r = matchIntent(text);
      return { got: r !== undefined && r.confidence >= INTENT_THRESHOLD ? r.intent : 'unknown', expected };
    });
  });

  it('places.tsv', () => {
    evaluate('places.tsv', ([text = '', ward = '', province = '']) => {
      const r = matchPlace(text);
      let got: string;
      if (r.kind === 'not_found') got = 'NONE NONE';
      else if (r.kind === 'found') got = `${r.ward?.code ?? 'NONE'} ${r.province.code}`;
      else {
        const provinces = new Set(r.candidates.map((c) => c.provinceCode));
        got = `AMBIGUOUS ${provinces.size === 1 ? [...provinces][0] : 'AMBIGUOUS'}`;
      }
      return { got, expected: `${ward} ${province}` };
    });
  });
});
