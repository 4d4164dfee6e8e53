import { describe, expect, it } from 'vitest';
import type { Resource } from 'i18next';
import { createI18n } from '../../src/i18n.ts';
import { actions } from '../../src/conversation/actions.ts';
import { ENGINE_KEYS, FlowEngine } from '../../src/conversation/engine.ts';
import { checkFlowSet, FlowError, parseFlows } from '../../src/conversation/loader.ts';
import { loadUnderstander } from '../../src/nlu-loader.ts';
import { Driver, NOW } from './helpers.ts';

/** Texts are their own keys, so assertions read the key that was said. */
function resources(extra: string[] = []): Resource {
  const keys = [...ENGINE_KEYS, 't.hello', 't.pick', 't.a', 't.b', 't.amount', 't.done', 't.low', 't.high', 't.bye', 't.other', 't.start', ...extra];
  const common: Record<string, unknown> = {};
  for (const k of keys) {
    const [head, tail] = k.split('.') as [string, string];
    const ns = (common[head] ??= {}) as Record<string, string>;
    ns[tail] = k;
  }
  (common.t as Record<string, string>).amount = 't.amount {{income}}';
  return { vi: { common } };
}

const MINI = {
  'main.yaml': `
flow: welcome
steps:
  - { id: hello, type: say, text: t.hello }
  - id: menu
    type: choose
    var: pick
    text: t.pick
    options:
      - { value: a, title: t.a, match: [chọn a] }
      - { value: b, title: t.b, next: "@other" }
  - { id: income, type: ask, kind: money, var: income, text: t.amount }
  - id: check
    type: branch
    cases: [{ when: { var: income, in: [1, 2] }, next: low }]
    else: high
  - { id: low, type: say, text: t.low, next: "@end" }
  - { id: high, type: compute, action: shout, next: done, on: { loud: bye } }
  - { id: done, type: say, text: t.done, next: "@end" }
  - { id: bye, type: handoff, text: t.bye }
`,
  'other.yaml': `
flow: other
steps:
  - { id: start, type: say, text: t.other }
  - { id: jump, type: goto, goto: "@welcome.income" }
`,
};

function engine(sources: Record<string, string> = MINI) {
  const shout = { keys: [], run: ({ vars }: { vars: Readonly<Record<string, unknown>> }) => ({ vars: { shouted: true }, outcome: Number(vars.income) > 1_000_000 ? 'loud' : 'quiet' }) };
  return new FlowEngine({ flows: parseFlows(sources), i18n: createI18n(resources()), understander: loadUnderstander(), actions: { ...actions, shout } });
}

describe('steps', () => {
  it('say runs on into choose, which waits with #choice buttons', () => {
    const d = new Driver(engine()).tap('#menu:welcome');
    expect(d.texts()).toEqual(['t.hello', 't.pick']);
    expect(d.buttons()).toEqual(['#choice:a', '#choice:b']);
    expect(d.at()).toBe('welcome.menu');
  });

  it('choose: a tap, the typed title, a typed synonym and a typed number all pick the option', () => {
    for (const answer of ['#choice:a', 't.a', 'Chon A', '1']) {
      const d = new Driver(engine()).tap('#menu:welcome');
      if (answer.startsWith('#')) d.tap(answer);
      else d.say(answer);
      expect(d.session!.vars.pick).toBe('a');
      expect(d.at()).toBe('welcome.income');
      expect(d.texts()).toEqual(['t.amount {{income}}']); // i18next leaves a value not known yet as written
    }
  });

  it('choose: an option with next goes there; goto crosses flows', () => {
    const d = new Driver(engine()).tap('#menu:welcome').tap('b');
    expect(d.texts()).toEqual(['t.other', 't.amount {{income}}']);
    expect(d.at()).toBe('welcome.income');
  });

  it('ask: parses the kind, stores it, branches on it', () => {
    const d = new Driver(engine()).tap('#menu:welcome.income').say('thu nhap 5tr');
    expect(d.session!.vars.income).toBe(5_000_000);
    expect(d.session!.vars.shouted).toBe(true);
    expect(d.events).toEqual([{ type: 'human_requested' }]);
    expect(d.texts()).toEqual(['t.bye']);
    expect(d.session!.position).toBeUndefined();
  });

  it('ask: re-asks by kind, then after 2 failures offers a way out, and still accepts a good answer', () => {
    const d = new Driver(engine()).tap('#menu:welcome.income');
    d.say('blah blah');
    expect(d.texts()).toEqual(['reask.money']);
    expect(d.session!.failures).toBe(1);
    d.say('abc xyz');
    expect(d.texts()).toEqual(['reask.money', 'engine.way_out']);
    expect(d.buttons()).toEqual(['#intent:human', '#intent:menu']);
    d.say('3 trieu');
    expect(d.session!.vars.income).toBe(3_000_000);
    expect(d.session!.failures).toBe(0);
  });

  it('compute: the outcome picks on.<outcome>, else next', () => {
    const d = new Driver(engine()).tap('#menu:welcome.income').say('50k'); // quiet
    expect(d.texts()).toEqual(['t.done']);
    expect(d.session!.position).toBeUndefined();
  });

  it('is pure: the same inputs give the same outputs', () => {
    const e = engine();
    const a = e.turn(undefined, { channel: 'zalo', userId: 'x', eventId: '1', timestamp: 0, kind: 'start', reason: 'follow' }, NOW);
    const b = e.turn(undefined, { channel: 'zalo', userId: 'x', eventId: '1', timestamp: 0, kind: 'start', reason: 'follow' }, NOW);
    expect(a).toEqual(b);
    expect(a.session.createdAt).toBe(NOW.getTime());
  });

  it('a user on a step removed by a deploy is resumed at the start of that flow', () => {
    const e = engine();
    const d = new Driver(e).tap('#menu:welcome.income');
    const old = { ...d.session!, flowVersion: 'old', position: { flow: 'welcome', step: 'gone' } };
    const r = e.turn(old, { channel: 'zalo', userId: 'u1', eventId: 'z', timestamp: 0, kind: 'text', text: '3tr' }, NOW);
    expect(r.messages.map((m) => (m.kind === 'text' ? m.text : m.kind))).toEqual(['engine.updated', 't.hello', 't.pick']);
    expect(r.session.flowVersion).toBe(e.flowVersion);
    expect(r.session.position).toEqual({ flow: 'welcome', step: 'menu' });
  });
});

describe('loading and checking', () => {
  it('rejects an unknown step type and a goto to nowhere, naming the file and step', () => {
    expect(() => parseFlows({ 'x.yaml': 'flow: x\nsteps:\n  - { id: a, type: dance }' })).toThrow(FlowError);
    try {
      parseFlows({ 'x.yaml': 'flow: x\nsteps:\n  - { id: a, type: say, text: t.a, next: nowhere }' });
      expect.unreachable();
    } catch (err) {
      expect((err as FlowError).problems).toEqual([{ file: 'x.yaml', line: 3, where: 'steps.a', message: 'goes to "nowhere", which does not exist' }]);
    }
  });

  it('reports a missing text key and an unknown action', () => {
    const set = parseFlows({ 'x.yaml': 'flow: x\nsteps:\n  - { id: a, type: say, text: t.missing }\n  - { id: b, type: compute, action: nope }' });
    const problems = checkFlowSet(set, createI18n(resources()), new Set(['shout']), []);
    expect(problems.map((p) => p.message)).toEqual(['text key "t.missing" is missing in locales/vi', 'unknown action "nope"']);
  });

  it('the flow version changes with the flows and with the texts', () => {
    expect(parseFlows(MINI).version).toBe(parseFlows(MINI).version);
    expect(parseFlows(MINI, 'texts v2').version).not.toBe(parseFlows(MINI).version);
  });
});

describe('robustness', () => {
  it('an action that throws apologises and shows the menu instead of failing the turn', () => {
    const boom = { keys: [], run: () => { throw new Error('boom'); } };
    const e = new FlowEngine({ flows: parseFlows(MINI), i18n: createI18n(resources()), understander: loadUnderstander(), actions: { ...actions, shout: boom } });
    const d = new Driver(e).tap('#menu:welcome.income').say('5tr');
    expect(d.texts()).toEqual(['engine.error', 't.pick']);
    expect(d.at()).toBe('welcome.menu');
    expect(d.session!.vars._lastError).toBe('boom');
  });
});
