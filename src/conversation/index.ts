import type { i18n, Resource } from 'i18next';
import { createI18n, readLocales } from '../i18n.ts';
import { actions as defaultActions, type Action } from './actions.ts';
import { ENGINE_KEYS, ENGINE_TARGETS, FlowEngine } from './engine.ts';
import { checkFlowSet, FlowError, parseFlows, readFlowSources, resolveTarget, textsFingerprint, type FlowProblem, type FlowSet } from './loader.ts';
import type { Understander } from '../language/index.ts';
import { loadUnderstander } from '../nlu-loader.ts';

export { FlowEngine, ENGINE_KEYS, ENGINE_TARGETS, FAQ_TOPICS } from './engine.ts';
export { FlowError, formatFlowProblem, parseFlows, readFlowSources, type FlowSet, type FlowProblem } from './loader.ts';
export { flowJsonSchema } from './flow-schema.ts';

export interface LoadOptions {
  /** File name → YAML text; default conversations/*.yaml. */
  sources?: Record<string, string>;
  resources?: Resource;
  actions?: Record<string, Action>;
  /** Default: trained once per process on locales/vi/nlu. */
  understander?: Understander;
}

/** Every target the engine jumps to by itself must exist in the flows. */
function checkEngineTargets(set: FlowSet): FlowProblem[] {
  const all = [
    ENGINE_TARGETS.welcome, ENGINE_TARGETS.menu, ENGINE_TARGETS.human, ENGINE_TARGETS.lead, ENGINE_TARGETS.privacy,
    ENGINE_TARGETS.contribution, ENGINE_TARGETS.pension, ENGINE_TARGETS.quickIncome, ...ENGINE_TARGETS.fallback,
    ...Object.values(ENGINE_TARGETS.faq),
  ];
  return all
    .filter((t) => !resolveTarget(set, 'welcome', t))
    .map((t) => ({ file: '(engine)', where: 'targets', message: `the engine needs step ${t}, which does not exist` }));
}

/** Loads, validates and checks the flows and texts (src/content-check.ts adds the locale files and the intent corpus). */
export function loadFlows(opts: LoadOptions = {}): { set: FlowSet; i18n: i18n; problems: FlowProblem[] } {
  const resources = opts.resources ?? readLocales();
  const set = parseFlows(opts.sources ?? readFlowSources(), textsFingerprint(resources));
  const t = createI18n(resources);
  const actions = opts.actions ?? defaultActions;
  const actionKeys = Object.values(actions).flatMap((a) => a.keys);
  const problems = [...checkFlowSet(set, t, new Set(Object.keys(actions)), [...ENGINE_KEYS, ...actionKeys]), ...checkEngineTargets(set)];
  return { set, i18n: t, problems };
}

/** The engine over conversations/*.yaml and locales/; throws FlowError at start-up when anything is wrong. */
export function createFlowEngine(opts: LoadOptions = {}): FlowEngine {
  const { set, i18n, problems } = loadFlows(opts);
  if (problems.length > 0) throw new FlowError(problems);
  const understander = opts.understander ?? loadUnderstander();
  return new FlowEngine({ flows: set, i18n, understander, ...(opts.actions ? { actions: opts.actions } : {}) });
}
