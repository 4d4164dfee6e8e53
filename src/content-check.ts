import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowError, formatFlowProblem, loadFlows, type FlowProblem } from './conversation/index.ts';
import { isAppError } from './errors.ts';
import { LOCALES_DIR } from './i18n.ts';
import { parseJsonFile } from './json-file.ts';
import { checkCorpus } from './nlu-loader.ts';

/**
 * Everything office staff edit, checked the same way by `npm run flows:check` and at start-up: every locale file
 * parses (file and line of a JSON error), the flows (shape, targets, text keys, actions; file and line), and the
 * training examples of the intent classifier (locales/vi/nlu/*.yaml, src/language/README.md). Each problem once.
 */
export type ContentProblem = FlowProblem;

export const formatProblem = formatFlowProblem;

/** The training examples of the intent classifier (locales/vi/nlu/*.yaml): shape, intent names, conflicts. */
function checkIntentExamples(): ContentProblem[] {
  return checkCorpus().map((p) => ({ file: `locales/vi/nlu/${p.file}`, ...(p.line ? { line: p.line } : {}), where: 'examples', message: p.message }));
}

/** Every locale file parses as JSON (the first error of each file, with its line). */
function checkLocaleFiles(dir: string = LOCALES_DIR): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (const lng of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    for (const name of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      const file = `locales/${lng}/${name}`;
      try {
        parseJsonFile(readFileSync(join(dir, lng, name), 'utf8'), file);
      } catch (err) {
        if (!isAppError(err)) throw err;
        problems.push({ file, line: err.details.line as number, where: 'json', message: err.message.replace(/^.*?:\d+:\d+: /, '') });
      }
    }
  }
  return problems;
}

/** Runs every check (locale files, flows, intent examples); the flows only when the texts they need could be read. */
export function checkContent(): ContentProblem[] {
  const locales = checkLocaleFiles();
  const intents = checkIntentExamples();
  if (locales.length > 0) return [...locales, ...intents];
  try {
    return [...loadFlows().problems.map(inConversations), ...intents];
  } catch (err) {
    if (err instanceof FlowError) return [...err.problems.map(inConversations), ...intents];
    throw err;
  }
}

/** Flow problems name the file as staff see it from the repository root. */
function inConversations(p: FlowProblem): ContentProblem {
  return p.file.startsWith('(') ? p : { ...p, file: `conversations/${p.file}` };
}
