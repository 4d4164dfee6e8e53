import { readdirSync, readFileSync } from 'node:fs';
import { parseCorpus, type CorpusProblem } from './language/corpus.ts';
import { trainFromCorpus, type Understander } from './language/understand.ts';

/** The training corpus of the intent classifier, one YAML file per intent (src/language/README.md). */
export const CORPUS_DIR = new URL('../locales/vi/nlu/', import.meta.url);

/** File name → text of every `*.yaml` in the corpus folder (sorted, so training order never depends on the disk). */
export function readCorpusFiles(dir: URL = CORPUS_DIR): Record<string, string> {
  const names = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  return Object.fromEntries(names.map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]));
}

/** What `npm run flows:check` reports about the corpus (an empty list when it is sound). */
export function checkCorpus(files: Record<string, string> = readCorpusFiles()): CorpusProblem[] {
  return parseCorpus(files).problems;
}

let trained: Understander | undefined;

/**
 * The understander trained on locales/vi/nlu, once per process (training is deterministic, so every caller gets
 * the same model). A broken corpus stops start-up with every problem listed.
 */
export function loadUnderstander(): Understander {
  if (trained) return trained;
  const { understander, problems } = trainFromCorpus(readCorpusFiles());
  if (problems.length > 0) {
    throw new Error(`locales/vi/nlu has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.file}: ${p.message}`).join('\n')}`);
  }
  trained = understander;
  return trained;
}
