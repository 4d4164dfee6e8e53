#!/usr/bin/env node
// Runs one of the app's entry points, for the npm scripts (`node bin/run.mjs cli/estimate --income 5tr`):
// - on a development checkout (tsx installed, src/ present) the TypeScript source, through tsx: always current,
//   no build step, so `npm install && npm start` works on a fresh clone;
// - where tsx is not installed (the production image: `npm ci --omit=dev`), the compiled dist/<entry>.js
//   (`npm run build`). BHXH_RUN=dist forces the compiled one on a checkout too.
// Same script names in both places; plain JavaScript, so it needs no build itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry || !/^[a-z][a-z0-9/-]*$/.test(entry)) {
  console.error('usage: node bin/run.mjs ENTRY [ARGS…]   (ENTRY: main, cli/estimate, cli/agents-import, …)');
  process.exit(2);
}
const root = new URL('../', import.meta.url);
const source = new URL(`src/${entry}.ts`, root);
const compiled = new URL(`dist/${entry}.js`, root);

async function tsxApi() {
  if (process.env.BHXH_RUN === 'dist' || !existsSync(source)) return undefined;
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}

const tsx = await tsxApi();
const target = tsx ? source : compiled;
if (!tsx && !existsSync(compiled)) {
  console.error(`${fileURLToPath(compiled)} is missing and tsx is not installed: run \`npm run build\` (or \`npm install\` for the dev tools).`);
  process.exit(1);
}
tsx?.register();
// The entry sees the arguments as if it had been started itself (`node dist/cli/estimate.js --income 5tr`).
process.argv = [process.argv[0], fileURLToPath(target), ...args];
await import(target.href);
