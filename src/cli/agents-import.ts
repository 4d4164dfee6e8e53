import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { isAppError } from '../errors.ts';
import { parseAgentsCsv } from '../leads/agents-csv.ts';
import { createAgentRegistry } from '../leads/registry.ts';
import { connectRedis, RedisStore } from '../store/redis-store.ts';

/**
 * `npm run agents:import -- FILE`: validates the whole agents CSV, then replaces the registry in Redis
 * (REDIS_URL, REDIS_PREFIX) in one atomic step. Any invalid row rejects the file and changes nothing.
 * `--check` validates without writing.
 */
async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--');
  const check = args.includes('--check');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: npm run agents:import -- [--check] FILE.csv');
    return 2;
  }
  try {
    const agents = parseAgentsCsv(await readFile(file, 'utf8'));
    const active = agents.filter((a) => a.active).length;
    const sample = agents.filter((a) => a.sample).length;
    if (check) {
      console.log(`${file}: ${agents.length} agents valid (${active} active${sample ? `, ${sample} marked sample` : ''}); nothing written (--check).`);
      return 0;
    }
    const config = loadConfig();
    if (!config.redisUrl) {
      console.error('REDIS_URL is not set: the registry lives in Redis. (Without Redis, set AGENTS_FILE and the app loads it at start.)');
      return 2;
    }
    const store = new RedisStore(connectRedis(config.redisUrl), config.redisPrefix);
    try {
      await createAgentRegistry(store).replaceAll(agents);
    } finally {
      await store.close();
    }
    console.log(`Imported ${agents.length} agents (${active} active${sample ? `, ${sample} marked sample data` : ''}) into ${config.redisPrefix}agents.`);
    return 0;
  } catch (err) {
    if (isAppError(err)) {
      const errors = (err.details.errors as { line: number; field: string; message: string }[] | undefined) ?? [];
      if (errors.length === 0) console.error(`${err.code}: ${err.message}`);
      else console.error(`${err.code}: ${file} rejected, nothing imported (${errors.length} error${errors.length > 1 ? 's' : ''}):`);
      for (const e of errors) console.error(`  line ${e.line}  ${e.field}: ${e.message}`);
      return 1;
    }
    console.error((err as Error).message);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
