/**
 * Entity accuracy on our whole-message set (test/fixtures/nlu/messages.jsonl, lines with `entities`): every field
 * expected or read counts, so a detail read that the user did not say is as wrong as one missed. Prints the misses
 * and requires ≥ 97 %.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/language/entities.ts';

const FILE = new URL('../fixtures/nlu/messages.jsonl', import.meta.url);
const NOW = new Date('2026-12-03T12:00:00Z');

interface Line {
  text: string;
  entities?: Record<string, unknown>;
}

describe('entities on whole messages', () => {
  it('reads ≥ 97 % of the fields exactly, with no details made up', () => {
    const lines = readFileSync(FILE, 'utf8').split(/\r?\n/u).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Line);
    const cases = lines.filter((l) => l.entities !== undefined);
    let fields = 0;
    let right = 0;
    const misses: string[] = [];
    for (const c of cases) {
      const got = extractEntities(c.text, NOW) as Record<string, unknown>;
      const expected = c.entities ?? {};
      for (const k of new Set([...Object.keys(expected), ...Object.keys(got)])) {
        fields += 1;
        if (JSON.stringify(got[k]) === JSON.stringify(expected[k])) right += 1;
        else misses.push(`  ${c.text}\n    ${k}: expected ${JSON.stringify(expected[k])}, got ${JSON.stringify(got[k])}`);
      }
    }
    const accuracy = fields === 0 ? 0 : right / fields;
    console.warn(`entities: ${cases.length} messages, ${right}/${fields} fields = ${(accuracy * 100).toFixed(1)} %${misses.length ? `\n${misses.join('\n')}` : ''}`);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  });
});
