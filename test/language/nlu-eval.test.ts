/**
 * The understanding layer on data it was not trained on: our held-out split (test/fixtures/nlu/heldout.tsv) and
 * whole messages with several questions (messages.jsonl). Thresholds on real data; `npm run eval` prints the
 * details. The reference corpus in ../shared runs in test/cross-check/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracy, evaluateMessages, firstIntent, parseMessageCases } from '../../src/language/evaluate.ts';
import { loadUnderstander } from '../../src/nlu-loader.ts';

const FIXTURES = new URL('../fixtures/nlu/', import.meta.url);
const NOW = new Date('2026-11-23T03:00:00Z');
const u = loadUnderstander();

describe('intents on messages nobody trained on', () => {
  it('held-out split: at least 97 % of the intents right', () => {
    const rows = readFileSync(new URL('heldout.tsv', FIXTURES), 'utf8').split(/\r?\n/u).slice(1).filter((l) => l.trim() !== '');
    const outcomes = rows.map((l) => {
      const [text = '', expected = ''] = l.split('\t');
      return { text, expected, got: firstIntent(u, text, NOW) };
    });
    const misses = outcomes.filter((o) => o.got !== o.expected);
    console.warn(`held-out: ${outcomes.length - misses.length}/${outcomes.length}${misses.map((m) => `\n  ${m.text} → ${m.got} (expected ${m.expected})`).join('')}`);
    expect(outcomes.length).toBeGreaterThanOrEqual(250);
    expect(accuracy(outcomes)).toBeGreaterThanOrEqual(0.97);
  });

  // The goal is 97 % (issue 11). Not reached on the whole set yet: messages that are mostly details ("tôi nam, sinh
  // 20/11/1976, đóng bắt buộc 7 năm, tự nguyện 3 năm") are read as no question, or as the wrong one. This floor
  // keeps what is reached from slipping; `npm run eval` lists every miss.
  const WHOLE_MESSAGE_FLOOR = 0.7;

  it(`whole messages: every question in order for at least ${WHOLE_MESSAGE_FLOOR * 100} % of them`, () => {
    const results = evaluateMessages(u, parseMessageCases(readFileSync(new URL('messages.jsonl', FIXTURES), 'utf8')), NOW);
    const misses = results.filter((r) => !r.intentsRight);
    console.warn(`whole messages: ${results.length - misses.length}/${results.length}${misses.map((m) => `\n  ${JSON.stringify(m.case.text)} → ${m.intents.join(',')}`).join('')}`);
    expect(results.length).toBeGreaterThanOrEqual(50);
    expect((results.length - misses.length) / results.length).toBeGreaterThanOrEqual(WHOLE_MESSAGE_FLOOR);
  });
});
