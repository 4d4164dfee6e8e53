import { writeFileSync } from 'node:fs';
import { checkContent, formatProblem } from '../content-check.ts';
import { flowJsonSchema, loadFlows } from '../conversation/index.ts';
import { CONVERSATIONS_DIR } from '../conversation/loader.ts';
import { EXIT_FAILURE, EXIT_OK, parseCli, runCli } from './args.ts';

const SPEC = {
  name: 'npm run flows:check',
  usage: `usage: npm run flows:check
Checks what office staff edit, and lists each problem once with its file and line:
  conversations/*.yaml   shape, step ids, every next/goto target, every action, every text key in locales/vi
  locales/*/*.json       every file is valid JSON
  locales/vi/nlu/*.yaml  training examples: known intent names, no empty example, no sentence under two intents
Then writes conversations/flow.schema.json (for editors that autocomplete the flows).
  -h, --help   print this
Exit codes: 0 all good, 1 problems found, 2 usage error.`,
  options: {},
} as const;

function main(): number {
  parseCli(SPEC);
  writeFileSync(`${CONVERSATIONS_DIR}flow.schema.json`, `${JSON.stringify(flowJsonSchema(), null, 2)}\n`);
  const problems = checkContent();
  if (problems.length > 0) {
    for (const p of problems) console.error(`✗ ${formatProblem(p)}`);
    console.error(`\n${problems.length} problem${problems.length > 1 ? 's' : ''}.`);
    return EXIT_FAILURE;
  }
  const { set } = loadFlows();
  const steps = [...set.flows.values()].reduce((n, f) => n + f.steps.length, 0);
  console.log(`✓ ${set.flows.size} flows, ${steps} steps, version ${set.version}; texts and intent examples valid; schema written to conversations/flow.schema.json`);
  return EXIT_OK;
}

await runCli(main);
