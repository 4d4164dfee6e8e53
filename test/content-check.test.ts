import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkContent, checkIntentPhrases, formatProblem } from '../src/content-check.ts';
import { FlowError, parseFlows, readFlowSources } from '../src/conversation/index.ts';

const brokenFlow = (from: string, to: string): string[] => {
  const sources = readFlowSources();
  sources['contribution.yaml'] = sources['contribution.yaml']!.replace(from, to);
  try {
    parseFlows(sources);
    return [];
  } catch (err) {
    return (err as FlowError).problems.map(formatProblem);
  }
};

describe('content check (npm run flows:check and start-up)', () => {
  it('the shipped flows, texts and intent phrases have no problem', () => {
    expect(checkContent()).toEqual([]);
  });

  it('one typo in a step type is one problem, with its file and line; flows that go there are not reported again', () => {
    expect(brokenFlow('type: choose', 'type: chose')).toEqual([
      expect.stringMatching(/^contribution\.yaml:\d+ steps\.2\.type: Invalid discriminator value/),
    ]);
  });

  it('a misspelt key is reported on its own line', () => {
    const text = readFlowSources()['contribution.yaml']!;
    const line = text.split('\n').findIndex((l) => l.includes('action: check_income')) + 1;
    expect(brokenFlow('action: check_income', 'acton: check_income')).toContain(`contribution.yaml:${line} steps.1: Unrecognized key: "acton"`);
  });

  it('a YAML syntax error names the file and line', () => {
    const problems = brokenFlow('steps:\n', 'steps:\n  - id: [broken\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^contribution\.yaml:\d+ yaml: /);
  });

  it('intent phrases: unknown intent, empty phrase, bad weight, each with its line; bad JSON with its line', () => {
    const text = '{\n  "intents": {\n    "menu": ["menu", "|3"],\n    "menuu": ["về menu"],\n    "human": ["gặp người|x"]\n  }\n}\n';
    expect(checkIntentPhrases(text, 'intents.json').map(formatProblem)).toEqual([
      'intents.json:3 intents.menu: "|3": a phrase needs at least one word',
      expect.stringMatching(/^intents\.json:4 intents\.menuu: unknown intent "menuu"/),
      'intents.json:5 intents.human: "gặp người|x": the weight after | must be a number above 0',
    ]);
    expect(checkIntentPhrases('{\n  "intents": {\n    "menu": ["a",]\n  }\n}', 'intents.json').map(formatProblem)).toEqual([
      expect.stringMatching(/^intents\.json:3 json: /),
    ]);
  });

  it('the shipped intents file passes the phrase check', () => {
    expect(checkIntentPhrases(readFileSync(new URL('../locales/vi/intents.json', import.meta.url), 'utf8'))).toEqual([]);
  });
});
