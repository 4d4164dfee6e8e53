/**
 * The labelled training corpus of the intent classifier: `locales/vi/nlu/*.yaml`, written by us and by office staff.
 * Each file holds one intent and its example messages (see src/language/README.md, "Training examples"). Pure: the
 * caller reads the files and passes their texts in; this module validates them (zod) and lists every problem.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { INTENT_NAMES, type IntentName } from './intent-names.ts';
import { fold, toNfc } from './normalize.ts';

/** One file: `intent: <one of the 22 names>`, `examples: [message, …]`. */
export const corpusFileSchema = z.strictObject({
  intent: z.enum(INTENT_NAMES),
  examples: z.array(z.string().trim().min(1, 'an empty example').max(600, 'an example longer than 600 characters')).min(1),
});
export type CorpusFile = z.infer<typeof corpusFileSchema>;

export interface Example {
  text: string;
  intent: IntentName;
  /** File it came from (for messages to staff). */
  file: string;
}

export interface CorpusProblem {
  file: string;
  /** 1-based line in the file, when the problem is one example or one YAML error. */
  line?: number;
  message: string;
}

/** Line (1-based) of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/** The same sentence for the duplicate check: NFC, lower case, no diacritics, punctuation as spaces. */
function sameKey(text: string): string {
  return fold(toNfc(text)).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Parses and validates the corpus files (file name → YAML text). Problems: YAML that does not parse, a file not of
 * the shape above, and the same sentence (ignoring diacritics and punctuation) labelled with two different intents.
 * The same sentence typed twice the same way is kept once.
 */
export function parseCorpus(files: Readonly<Record<string, string>>): { examples: Example[]; problems: CorpusProblem[] } {
  const problems: CorpusProblem[] = [];
  const examples: Example[] = [];
  const seen = new Map<string, Example>();
  const typed = new Set<string>();
  for (const [file, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    let data: unknown;
    try {
      data = parseYaml(text);
    } catch (err) {
      const line = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
      problems.push({ file, ...(line ? { line } : {}), message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    const parsed = corpusFileSchema.safeParse(data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        const line = typeof key === 'string' ? lineOf(text, `${key}:`) : undefined;
        problems.push({ file, ...(line ? { line } : {}), message: `${issue.path.join('.') || '(file)'}: ${issue.message}` });
      }
      continue;
    }
    const at = (raw: string): { line?: number } => {
      const line = lineOf(text, raw);
      return line ? { line } : {};
    };
    for (const raw of parsed.data.examples) {
      const key = sameKey(raw);
      if (key === '') {
        problems.push({ file, ...at(raw), message: `example "${raw}" has no letters or digits` });
        continue;
      }
      const before = seen.get(key);
      if (before && before.intent !== parsed.data.intent) {
        problems.push({ file, ...at(raw), message: `"${raw}" is also an example of ${before.intent} (${before.file}): keep it under one intent` });
        continue;
      }
      // The same words with and without diacritics are two examples (the classifier reads both forms).
      const exact = toNfc(raw);
      if (typed.has(exact)) continue;
      typed.add(exact);
      const example = { text: raw, intent: parsed.data.intent, file };
      if (!before) seen.set(key, example);
      examples.push(example);
    }
  }
  return { examples, problems };
}
