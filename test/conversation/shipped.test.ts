import { describe, expect, it } from 'vitest';
import { readLocales } from '../../src/i18n.ts';
import { flowJsonSchema, loadFlows, readFlowSources } from '../../src/conversation/index.ts';
import { createFlowEngine } from '../../src/conversation/index.ts';
import { Driver, text } from './helpers.ts';

describe('the shipped flow files', () => {
  const { set, i18n, problems } = loadFlows();

  it('pass the check: every key, target and action exists', () => {
    expect(problems).toEqual([]);
  });

  it('keep every button title short enough for Messenger quick replies (20 characters)', () => {
    const long: string[] = [];
    for (const flow of set.flows.values()) {
      for (const step of flow.steps) {
        if ((step.type === 'choose' || step.type === 'ask') && step.options) {
          for (const o of step.options) {
            const title = i18n.t(o.title);
            if (title.length > 20) long.push(`${flow.name}.${step.id}: ${title}`);
          }
        }
      }
    }
    expect(long).toEqual([]);
  });

  it('have every Vietnamese text also in English', () => {
    const flat = (o: unknown, p = ''): string[] =>
      Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v, `${p}${k}.`) : [`${p}${k}`]));
    const r = readLocales();
    expect(flat(r.en!.common).sort()).toEqual(flat(r.vi!.common).sort());
  });

  it('emit a JSON Schema for editors', () => {
    const schema = flowJsonSchema();
    expect(JSON.stringify(schema)).toContain('"handoff"');
  });

  it('change version when a text changes', () => {
    const resources = readLocales();
    const changed = structuredClone(resources);
    (changed.vi!.common as Record<string, Record<string, string>>).welcome!.menu = 'Khác';
    expect(loadFlows({ resources: changed }).set.version).not.toBe(loadFlows({ resources }).set.version);
  });

  it('resume a user whose step was removed by a deploy at the start of that flow', () => {
    const sources = readFlowSources();
    const renamed = { ...sources, 'pension.yaml': sources['pension.yaml']!.replace('id: birth\n', 'id: birth_v2\n').replace('error: birth }', 'error: birth_v2 }') };
    const before = new Driver(createFlowEngine()).say('lương hưu').say('nam');
    expect(before.at()).toBe('pension.birth');
    const after = new Driver(createFlowEngine({ sources: renamed }));
    after.session = before.session;
    after.send(text('1985'));
    expect(after.texts()[0]).toBe(i18n.t('engine.updated'));
    // The flow starts again; what the user already said ("nam") is shown back for a yes instead of asked again.
    expect(after.at()).toBe('pension.known');
    expect(after.session!.flowVersion).not.toBe(before.session!.flowVersion);
  });
});
