import { writeFileSync } from 'node:fs';
import { flowJsonSchema, FlowError, loadFlows } from '../conversation/index.ts';
import { CONVERSATIONS_DIR } from '../conversation/loader.ts';

/**
 * `npm run flows:check`: validates conversations/*.yaml (shape, step ids, every goto target, every action), checks
 * every text key exists in locales/vi, and writes conversations/flow.schema.json for editors. Exit 1 on any problem.
 */
function main(): number {
  const schemaPath = `${CONVERSATIONS_DIR}flow.schema.json`;
  writeFileSync(schemaPath, `${JSON.stringify(flowJsonSchema(), null, 2)}\n`);
  try {
    const { set, problems } = loadFlows();
    if (problems.length > 0) {
      for (const p of problems) console.error(`✗ ${p.file} ${p.where}: ${p.message}`);
      console.error(`\n${problems.length} problem(s).`);
      return 1;
    }
    const steps = [...set.flows.values()].reduce((n, f) => n + f.steps.length, 0);
    console.log(`✓ ${set.flows.size} flows, ${steps} steps, version ${set.version}; schema written to conversations/flow.schema.json`);
    return 0;
  } catch (err) {
    if (err instanceof FlowError) {
      for (const p of err.problems) console.error(`✗ ${p.file} ${p.where}: ${p.message}`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main();
