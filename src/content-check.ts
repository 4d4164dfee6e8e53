import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FlowError, formatFlowProblem, loadFlows, type FlowProblem } from './conversation/index.ts';
import { isAppError } from './errors.ts';
import { LOCALES_DIR } from './i18n.ts';
import { parseJsonFile } from './json-file.ts';
import { INTENT_NAMES } from './language/intents.ts';

/**
 * Everything office staff edit, checked the same way by `npm run flows:check` and at start-up: every locale file
 * parses (file and line of a JSON error), the flows (shape, targets, text keys, actions; file and line), and the
 * phrases users may type for each intent (locales/vi/intents.json). Each problem once.
 */
export type ContentProblem = FlowProblem;

export const formatProblem = formatFlowProblem;

const INTENTS_FILE = 'locales/vi/intents.json';

/** Line (1-based) of the first occurrence of `needle` in `text`, if any. */
function lineOf(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

const intentsFileSchema = z.strictObject({
  _help: z.string().optional(),
  intents: z.record(z.string(), z.array(z.string())),
});

/** The intent phrase file: known intent names, phrases with at least one word, `phrase|weight` with a number. */
export function checkIntentPhrases(text: string, file = INTENTS_FILE): ContentProblem[] {
  let data: unknown;
  try {
    data = parseJsonFile(text, file);
  } catch (err) {
    if (!isAppError(err)) throw err;
    return [{ file, line: err.details.line as number, where: 'json', message: err.message.replace(/^.*?:\d+:\d+: /, '') }];
  }
  const parsed = intentsFileSchema.safeParse(data);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({ file, line: lineOf(text, `"${String(i.path.at(-1) ?? '')}"`), where: i.path.join('.') || '(root)', message: i.message }));
  }
  const problems: ContentProblem[] = [];
  for (const [name, phrases] of Object.entries(parsed.data.intents)) {
    if (!(INTENT_NAMES as readonly string[]).includes(name)) {
      problems.push({ file, line: lineOf(text, `"${name}"`), where: `intents.${name}`, message: `unknown intent "${name}" (one of: ${INTENT_NAMES.join(', ')})` });
    }
    for (const phrase of phrases) {
      const parts = phrase.split('|');
      const words = (parts[0] ?? '').replace(/^\s*=/, '').replace(/\*/g, ' ').trim();
      const weight = parts[1];
      let message: string | undefined;
      if (parts.length > 2) message = `"${phrase}": one | at most (phrase|weight)`;
      else if (words === '') message = `"${phrase}": a phrase needs at least one word`;
      else if (weight !== undefined && !(Number(weight) > 0)) message = `"${phrase}": the weight after | must be a number above 0`;
      if (message) problems.push({ file, line: lineOf(text, JSON.stringify(phrase)), where: `intents.${name}`, message });
    }
  }
  return problems;
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

/**
 * Runs every check; the flows are checked only when the texts they need could be read. The intent phrases are
 * checked while locales/vi/intents.json exists (the trained classifier's corpus, locales/vi/nlu, replaces it: its
 * own check joins this list when it lands).
 */
export function checkContent(): ContentProblem[] {
  const locales = checkLocaleFiles();
  const intentsPath = join(LOCALES_DIR, 'vi/intents.json');
  const intents = locales.some((p) => p.file === INTENTS_FILE) || !existsSync(intentsPath) ? [] : checkIntentPhrases(readFileSync(intentsPath, 'utf8'));
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
