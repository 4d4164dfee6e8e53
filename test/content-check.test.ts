import { describe, expect, it } from 'vitest';
import { checkContent, formatProblem } from '../src/content-check.ts';
import { FlowError, parseFlows } from '../src/conversation/index.ts';

/** Two small flows: `start` goes to `@price`, which is `price.yaml`. */
const FLOWS = {
  'start.yaml': 'flow: start\nsteps:\n  - id: hello\n    type: say\n    text: t.hello\n    next: "@price"\n  - id: again\n    type: goto\n    goto: "@price.ask"\n',
  'price.yaml': 'flow: price\nsteps:\n  - id: ask\n    type: choose\n    text: t.ask\n    options:\n      - { value: "1", title: t.one }\n  - id: sum\n    type: compute\n    action: sum\n',
};

const brokenFlow = (from: string, to: string): string[] => {
  const sources: Record<string, string> = { ...FLOWS, 'price.yaml': FLOWS['price.yaml'].replace(from, to) };
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
    expect(brokenFlow('type: choose', 'type: chose')).toEqual([expect.stringMatching(/^price\.yaml:4 steps\.0\.type: Invalid discriminator value/)]);
  });

  it('a misspelt key is reported on its own line', () => {
    expect(brokenFlow('action: sum', 'acton: sum')).toContain('price.yaml:10 steps.1: Unrecognized key: "acton"');
  });

  it('a YAML syntax error names the file and line', () => {
    const problems = brokenFlow('steps:\n', 'steps:\n  - id: [broken\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^price\.yaml:[34] yaml: /);
  });

  it('intent examples (locales/vi/nlu) are checked too: the shipped corpus passes', async () => {
    const { checkCorpus } = await import('../src/nlu-loader.ts');
    expect(checkCorpus()).toEqual([]);
  });
});
