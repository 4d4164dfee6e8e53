import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { i18n, Resource } from 'i18next';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { flowSchema, type Flow, type Step } from './flow-schema.ts';

/** Where the flows live, edited by office staff. */
export const CONVERSATIONS_DIR = new URL('../../conversations/', import.meta.url).pathname;

export interface LoadedFlow {
  name: string;
  steps: Step[];
  byId: Map<string, Step>;
  /** The file it came from, for error messages. */
  file: string;
  /** Line of each step in that file (1-based), for error messages. */
  stepLines: Map<string, number>;
}

export interface FlowSet {
  flows: Map<string, LoadedFlow>;
  /** Hash of the flow files (and the texts, when given): sessions carry it. */
  version: string;
}

export type Position = { flow: string; step: string };
export type Resolved = Position | 'end';

/** A problem found while loading or checking flows: which file (and line, when known), where, what. */
export interface FlowProblem {
  file: string;
  line?: number;
  where: string;
  message: string;
}

/** `contribution.yaml:14 steps.income: …`: how a problem is shown to staff. */
export function formatFlowProblem(p: FlowProblem): string {
  return `${p.file}${p.line === undefined ? '' : `:${p.line}`} ${p.where}: ${p.message}`;
}

export class FlowError extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(`conversation flows are invalid:\n${problems.map((p) => `  ${formatFlowProblem(p)}`).join('\n')}`);
  }
}

/** The 1-based line of the node at `path` in a parsed YAML file, or of its nearest ancestor that exists. */
function lineAt(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Each problem once, in the order found. */
function unique(problems: FlowProblem[]): FlowProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatFlowProblem(p);
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** Resolves a target written in flow `from`: `step`, `@flow`, `@flow.step`, `@end`. Undefined when it does not exist. */
export function resolveTarget(set: FlowSet, from: string, target: string): Resolved | undefined {
  if (target === '@end') return 'end';
  let flowName = from;
  let stepId: string | undefined = target;
  if (target.startsWith('@')) {
    const [f, s] = target.slice(1).split('.');
    flowName = f!;
    stepId = s;
  }
  const flow = set.flows.get(flowName);
  if (!flow) return undefined;
  const step = stepId === undefined ? flow.steps[0] : flow.byId.get(stepId);
  return step ? { flow: flowName, step: step.id } : undefined;
}

/** The step after `stepId` in its flow (the default `next`), or 'end' after the last one. */
export function following(flow: LoadedFlow, stepId: string): Resolved {
  const i = flow.steps.findIndex((s) => s.id === stepId);
  const after = flow.steps[i + 1];
  return after ? { flow: flow.name, step: after.id } : 'end';
}

/** Parses and validates flow sources (file name → YAML text). Throws FlowError listing every problem. */
export function parseFlows(sources: Record<string, string>, extraForVersion = ''): FlowSet {
  const problems: FlowProblem[] = [];
  const flows = new Map<string, LoadedFlow>();
  // Flows whose file is broken: targets pointing into them are not reported again (the file's own problem is).
  const broken = new Set<string>();
  const hash = createHash('sha256');
  for (const file of Object.keys(sources).sort()) {
    const text = sources[file]!;
    hash.update(file).update('\0').update(text).update('\0');
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    const yamlError = doc.errors[0];
    if (yamlError) {
      broken.add(file.replace(/\.ya?ml$/, ''));
      problems.push({ file, line: lines.linePos(yamlError.pos[0]).line, where: 'yaml', message: yamlError.message.split('\n')[0]! });
      continue;
    }
    const data: unknown = doc.toJS();
    const parsed = flowSchema.safeParse(data);
    if (!parsed.success) {
      const name = (data as { flow?: unknown } | null)?.flow;
      broken.add(typeof name === 'string' ? name : file.replace(/\.ya?ml$/, ''));
      for (const issue of parsed.error.issues) {
        // An unknown key is shown on its own line (a typo such as `acton:`), other issues where their value is.
        const at = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
        problems.push({ file, line: lineAt(doc, lines, at), where: issue.path.join('.') || '(root)', message: issue.message });
      }
      continue;
    }
    const flow: Flow = parsed.data;
    const stepLines = new Map(flow.steps.map((step, i) => [step.id, lineAt(doc, lines, ['steps', i]) ?? 1]));
    if (flows.has(flow.flow)) problems.push({ file, line: lineAt(doc, lines, ['flow']), where: 'flow', message: `flow "${flow.flow}" is defined twice` });
    const byId = new Map<string, Step>();
    for (const step of flow.steps) {
      if (byId.has(step.id)) problems.push({ file, line: stepLines.get(step.id), where: `steps.${step.id}`, message: 'duplicate step id' });
      byId.set(step.id, step);
    }
    flows.set(flow.flow, { name: flow.flow, steps: flow.steps, byId, file, stepLines });
  }
  hash.update(extraForVersion);
  const set: FlowSet = { flows, version: hash.digest('hex').slice(0, 12) };
  problems.push(...checkTargets(set, broken));
  if (problems.length > 0) throw new FlowError(unique(problems));
  return set;
}

/** Every target a step can go to, for the check. */
function targetsOf(step: Step): string[] {
  const out: string[] = [];
  if ('next' in step && step.next) out.push(step.next);
  if (step.type === 'goto') out.push(step.goto);
  if (step.type === 'branch') {
    out.push(...step.cases.map((c) => c.next));
    if (step.else) out.push(step.else);
  }
  if (step.type === 'compute' && step.on) out.push(...Object.values(step.on));
  if (step.type === 'confirm' && step.edit) out.push(step.edit);
  if ((step.type === 'choose' || step.type === 'ask') && step.options) {
    for (const o of step.options) if (o.next) out.push(o.next);
  }
  return out;
}

function checkTargets(set: FlowSet, broken: ReadonlySet<string>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const flow of set.flows.values()) {
    for (const step of flow.steps) {
      for (const t of targetsOf(step)) {
        if (t.startsWith('@') && broken.has(t.slice(1).split('.')[0]!)) continue;
        if (!resolveTarget(set, flow.name, t)) {
          problems.push({ file: flow.file, line: flow.stepLines.get(step.id), where: `steps.${step.id}`, message: `goes to "${t}", which does not exist` });
        }
      }
    }
  }
  return problems;
}

/** Every text key a step says (prompts, retries, button titles). */
export function textKeysOf(step: Step): string[] {
  const out: string[] = [];
  if ('text' in step && step.text !== undefined) out.push(...(Array.isArray(step.text) ? step.text : [step.text]));
  if (step.type === 'ask' && step.retry) out.push(step.retry);
  if ((step.type === 'choose' || step.type === 'ask') && step.options) out.push(...step.options.map((o) => o.title));
  return out;
}

/** A key exists in the language (plain, or as a plural form). */
export function keyExists(t: i18n, key: string): boolean {
  return t.exists(key) || t.exists(`${key}_other`);
}

/**
 * The check `npm run flows:check` and start-up run after parsing: every text key exists in Vietnamese, every
 * action exists, and the keys the engine itself says exist.
 */
export function checkFlowSet(set: FlowSet, t: i18n, actions: ReadonlySet<string>, engineKeys: readonly string[]): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const flow of set.flows.values()) {
    for (const step of flow.steps) {
      for (const key of textKeysOf(step)) {
        if (!keyExists(t, key)) problems.push({ file: flow.file, line: flow.stepLines.get(step.id), where: `steps.${step.id}`, message: `text key "${key}" is missing in locales/vi` });
      }
      if (step.type === 'compute' && !actions.has(step.action)) {
        problems.push({ file: flow.file, line: flow.stepLines.get(step.id), where: `steps.${step.id}`, message: `unknown action "${step.action}"` });
      }
    }
  }
  for (const key of engineKeys) {
    if (!keyExists(t, key)) problems.push({ file: '(engine)', where: 'texts', message: `text key "${key}" is missing in locales/vi` });
  }
  return unique(problems);
}

/** Reads conversations/*.yaml as file name → text. */
export function readFlowSources(dir: string = CONVERSATIONS_DIR): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))) out[f] = readFileSync(join(dir, f), 'utf8');
  return out;
}

/** Stable text of the Vietnamese texts, so a wording change also changes the flow version. */
export function textsFingerprint(resources: Resource, lng = 'vi'): string {
  const ns = resources[lng] ?? {};
  return JSON.stringify(Object.keys(ns).sort().map((k) => [k, ns[k]]));
}
