import { loadConfig } from '../config.ts';
import { describeAgentsFileError, readAgentsFile } from '../leads/agents-file.ts';
import { createAgentRegistry } from '../leads/registry.ts';
import type { Agent } from '../leads/types.ts';
import { openStore, redisTargetOf } from '../store/connect.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, parseCli, runCli, usageError } from './args.ts';

const SPEC = {
  name: 'npm run agents:import',
  usage: `usage: npm run agents:import -- [--check] FILE.csv
Validates the whole agents file, then replaces the agent registry in Redis (REDIS_URL, REDIS_PREFIX) in one step.
Any invalid row rejects the file and changes nothing. The file may be UTF-8 (with or without BOM), UTF-16 or
Windows-1258 (converted, with a notice), with , or ; between fields. Format: README "Collection agents and leads".
  --check, --dry-run   validate and show the first rows; write nothing
  -h, --help           print this
Exit codes: 0 imported (or valid with --check), 1 file rejected or Redis unreachable, 2 usage error or no REDIS_URL.`,
  options: { check: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  positionals: true,
} as const;

const PREVIEW_ROWS = 5;

/** The first rows as a small table, for the person checking the file. */
function preview(agents: Agent[]): string[] {
  const rows = agents.slice(0, PREVIEW_ROWS).map((a) => [a.id, a.name, a.kind, a.phone, a.wardCode, a.provinceCode, a.active ? 'active' : 'inactive', a.sample ? 'sample' : '']);
  const header = ['id', 'name', 'kind', 'phone', 'ward', 'province', 'active', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}`;
  const more = agents.length > PREVIEW_ROWS ? [`  … and ${agents.length - PREVIEW_ROWS} more`] : [];
  return [line(header), ...rows.map(line), ...more];
}

async function main(): Promise<number> {
  const { values, positionals } = parseCli(SPEC);
  const check = values.check === true || values['dry-run'] === true;
  if (positionals.length !== 1) usageError(SPEC, positionals.length === 0 ? 'the CSV file is missing' : `one file at a time (got ${positionals.length})`);
  const file = positionals[0]!;
  let read;
  try {
    read = await readAgentsFile(file);
  } catch (err) {
    for (const line of describeAgentsFileError(err, file)) console.error(line);
    return EXIT_FAILURE;
  }
  const { agents, encoding, separator, notice } = read;
  if (notice) console.log(`Note: ${notice}`);
  const active = agents.filter((a) => a.active).length;
  const sample = agents.filter((a) => a.sample).length;
  const counts = `${agents.length} agents (${active} active${sample ? `, ${sample} marked sample data` : ''})`;
  if (check) {
    console.log(`${file}: ${encoding.toUpperCase()}, fields separated by "${separator}", ${counts} valid; nothing written (--check).`);
    for (const l of preview(agents)) console.log(l);
    return EXIT_OK;
  }
  const config = loadConfig();
  if (!redisTargetOf(config)) {
    console.error('REDIS_URL is not set: the registry lives in Redis. (Without Redis, set AGENTS_FILE and the app loads it at start.)');
    return EXIT_USAGE;
  }
  const store = openStore(config);
  try {
    await createAgentRegistry(store).replaceAll(agents);
  } finally {
    await store.close();
  }
  console.log(`Imported ${counts} into ${config.redisPrefix}agents.`);
  return EXIT_OK;
}

await runCli(main);
