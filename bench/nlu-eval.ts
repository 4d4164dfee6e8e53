import { existsSync, readFileSync } from 'node:fs';
import {
  accuracy, crossValidate, evaluateMessages, firstIntent, parseMessageCases, perIntent, type Outcome,
} from '../src/language/evaluate.ts';
import { parseCorpus, trainFromCorpus } from '../src/language/index.ts';
import { readCorpusFiles } from '../src/nlu-loader.ts';

/**
 * `npm run eval`: how well the bot understands messages nobody trained it on.
 * - held-out split (test/fixtures/nlu/heldout.tsv, sentences training never sees): accuracy, per-intent P/R;
 * - 5-fold cross-validation on the corpus (locales/vi/nlu);
 * - whole messages with several questions or details (test/fixtures/nlu/messages.jsonl): intents in order, entities;
 * - the public corpus ../shared/fixtures/utterances/intents.tsv when it is beside the repo (a cross-check only);
 * - training time and mean time to understand one message.
 */
const NOW = new Date('2026-11-23T03:00:00Z');
const FIXTURES = new URL('../test/fixtures/nlu/', import.meta.url);
const PUBLIC = new URL('../../shared/fixtures/utterances/intents.tsv', import.meta.url);

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const tsv = (url: URL): Array<[string, string]> =>
  readFileSync(url, 'utf8').split(/\r?\n/u).slice(1).filter((l) => l.trim() !== '').map((l) => l.split('\t') as [string, string]);

function table(outcomes: readonly Outcome[]): string {
  const rows = perIntent(outcomes).map((s) => `  ${s.intent.padEnd(18)} ${pct(s.precision).padStart(7)} ${pct(s.recall).padStart(7)} ${String(s.support).padStart(5)}`);
  return [`  ${'intent'.padEnd(18)} ${'prec.'.padStart(7)} ${'recall'.padStart(7)} ${'n'.padStart(5)}`, ...rows].join('\n');
}

function misses(outcomes: ReadonlyArray<Outcome & { text: string }>): string {
  return outcomes.filter((o) => o.expected !== o.got).map((o) => `    ${o.text}  → ${o.got} (expected ${o.expected})`).join('\n');
}

const files = readCorpusFiles();
let t0 = performance.now();
const { understander, examples, problems } = trainFromCorpus(files);
const trainMs = performance.now() - t0;
if (problems.length) console.log(`corpus problems:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join('\n')}`);
const perIntentCount = new Map<string, number>();
for (const e of examples) perIntentCount.set(e.intent, (perIntentCount.get(e.intent) ?? 0) + 1);
console.log(`corpus: ${examples.length} examples, ${perIntentCount.size} intents (fewest: ${Math.min(...perIntentCount.values())}); `
  + `${understander.classifier.featureCount} features; trained in ${Math.round(trainMs)} ms; temperature ${understander.classifier.temperature.toFixed(3)}`);

const held = tsv(new URL('heldout.tsv', FIXTURES)).map(([text, expected]) => ({ text, expected, got: firstIntent(understander, text, NOW) }));
console.log(`\nheld-out split: ${held.filter((o) => o.got === o.expected).length}/${held.length} = ${pct(accuracy(held))}`);
console.log(table(held));
if (held.some((o) => o.got !== o.expected)) console.log(`  misses:\n${misses(held)}`);

t0 = performance.now();
const cv = crossValidate(parseCorpus(files).examples, 5, NOW);
console.log(`\n5-fold cross-validation on the corpus: ${pct(accuracy(cv))} (${Math.round(performance.now() - t0)} ms)`);
console.log(table(cv));

const cases = parseMessageCases(readFileSync(new URL('messages.jsonl', FIXTURES), 'utf8'));
const results = evaluateMessages(understander, cases, NOW);
const fields = results.reduce((n, r) => n + r.entityFields, 0);
const fieldsRight = results.reduce((n, r) => n + r.entityFieldsRight, 0);
const withEntities = results.filter((r) => r.entityFields > 0);
console.log(`\nwhole messages: intents (all, in order) ${results.filter((r) => r.intentsRight).length}/${results.length} = ${pct(results.filter((r) => r.intentsRight).length / results.length)}; `
  + `entities ${fieldsRight}/${fields} fields = ${pct(fields ? fieldsRight / fields : 1)}, `
  + `${withEntities.filter((r) => r.entityFieldsRight === r.entityFields).length}/${withEntities.length} messages all right`);
for (const r of results.filter((x) => !x.intentsRight || x.entityFieldsRight < x.entityFields)) {
  console.log(`    ${JSON.stringify(r.case.text)} → ${r.intents.join(',')} (expected ${r.case.intents.map((m) => m.intent).join(',')})`
    + (r.entityFieldsRight < r.entityFields ? ` entities ${JSON.stringify(r.entities)} (expected ${JSON.stringify(r.case.entities)})` : ''));
}

if (existsSync(PUBLIC)) {
  const pub = tsv(PUBLIC).map(([text, expected]) => ({ text, expected, got: firstIntent(understander, text, NOW) }));
  console.log(`\npublic corpus ../shared/fixtures/utterances/intents.tsv (cross-check, never trained on): ${pct(accuracy(pub))}`);
  if (pub.some((o) => o.got !== o.expected)) console.log(`  misses:\n${misses(pub)}`);
} else {
  console.log('\npublic corpus: ../shared not beside the repo, skipped');
}

const texts = [...held.map((h) => h.text), ...cases.map((c) => c.text)];
for (const t of texts) understander.understand(t, NOW); // warm-up
const rounds = Math.max(1, Math.ceil(5_000 / texts.length));
t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const t of texts) understander.understand(t, NOW);
const ms = (performance.now() - t0) / (rounds * texts.length);
console.log(`\nmean time to understand one message (intents + entities, ${texts.length} messages × ${rounds}): ${ms.toFixed(3)} ms`);
