import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../src/language/corpus.ts';
import { INTENT_NAMES } from '../../src/language/intent-names.ts';
import { checkCorpus, readCorpusFiles } from '../../src/nlu-loader.ts';

describe('the training corpus locales/vi/nlu', () => {
  it('is sound: at least 60 examples for every one of the 22 intents, 1,500 in all', () => {
    const files = readCorpusFiles();
    expect(checkCorpus(files)).toEqual([]);
    const { examples } = parseCorpus(files);
    const counts = new Map<string, number>();
    for (const e of examples) counts.set(e.intent, (counts.get(e.intent) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...INTENT_NAMES].sort());
    for (const [intent, n] of counts) expect(n, intent).toBeGreaterThanOrEqual(60);
    expect(examples.length).toBeGreaterThanOrEqual(1500);
  });
});

describe('parseCorpus', () => {
  it('names every problem with its file: YAML, shape, intent name, empty example', () => {
    const { problems } = parseCorpus({
      'a.yaml': 'intent: [unclosed',
      'b.yaml': 'intent: pensions\nexamples: [lương hưu]',
      'c.yaml': 'intent: pension\nexamples: ["  "]',
      'd.yaml': 'intent: pension\nexamples: [x]\nextra: 1',
    });
    expect(problems.map((p) => p.file)).toEqual(['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml']);
    expect(problems[0]?.message).toMatch(/not valid YAML/u);
    expect(problems[1]?.message).toMatch(/^intent:/u);
  });

  it('refuses the same sentence under two intents (ignoring diacritics and punctuation), keeps a repeat once', () => {
    const { examples, problems } = parseCorpus({
      'pension.yaml': 'intent: pension\nexamples: [lương hưu bao nhiêu, luong huu bao nhieu, Lương  hưu bao nhiêu]',
      'staff.yaml': 'intent: contribution\nexamples: [Lương hưu bao nhiêu?]',
    });
    // Typed twice the same way: once; without diacritics: another example (the classifier reads both forms).
    expect(examples.map((e) => e.text)).toEqual(['lương hưu bao nhiêu', 'luong huu bao nhieu']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'staff.yaml' });
    expect(problems[0]?.message).toMatch(/also an example of pension/u);
  });
});
