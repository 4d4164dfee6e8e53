import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { StaffRegistry, type StaffInput } from '../console/staff.ts';
import { isAppError } from '../errors.ts';
import { connectRedis, RedisStore } from '../store/redis-store.ts';

const USAGE = `usage:
  npm run staff -- add --username U --role admin|province|viewer [--province 15] [--zalo-user-id ID] [--hours 07:30-17:00] --password-stdin
  npm run staff -- list
  npm run staff -- remove --username U
The registry lives in Redis (REDIS_URL, REDIS_PREFIX). The password is read from stdin (one line), never from an argument.`;

const OPTIONS = {
  username: { type: 'string' },
  role: { type: 'string' },
  province: { type: 'string' },
  'zalo-user-id': { type: 'string' },
  hours: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `npm run staff`: add, list and remove console accounts and handoff roster entries (one registry for both). */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv.filter((a) => a !== '--'), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'add' && command !== 'list' && command !== 'remove') {
    console.error(`${command ? `unknown command ${command}` : 'a command is required'}\n${USAGE}`);
    return 2;
  }
  if (command !== 'list' && !values.username) {
    console.error(`--username is required\n${USAGE}`);
    return 2;
  }
  if (command === 'add' && !values['password-stdin']) {
    console.error(`add needs --password-stdin (the password is never passed as an argument)\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  if (!config.redisUrl) {
    console.error('REDIS_URL is not set: the staff registry lives in Redis.');
    return 2;
  }
  const store = new RedisStore(connectRedis(config.redisUrl), config.redisPrefix);
  const registry = new StaffRegistry(store);
  try {
    if (command === 'list') {
      const all = await registry.list();
      if (all.length === 0) console.log('(no staff)');
      for (const s of all) console.log([s.username, s.role, s.province ?? '-', s.zaloUserId ?? '-', s.hours ?? '-'].join('\t'));
      return 0;
    }
    if (command === 'remove') {
      const removed = await registry.remove(values.username!);
      console.log(removed ? `Removed ${values.username}.` : `No staff member ${values.username}.`);
      return removed ? 0 : 1;
    }
    const password = (await text(process.stdin)).replace(/\r?\n$/, '');
    const input = {
      username: values.username!,
      role: values.role,
      ...(values.province ? { province: values.province } : {}),
      ...(values['zalo-user-id'] ? { zaloUserId: values['zalo-user-id'] } : {}),
      ...(values.hours ? { hours: values.hours } : {}),
    } as StaffInput;
    const s = await registry.add(input, password);
    console.log(`Saved ${s.username} (${s.role}${s.province ? `, province ${s.province}` : ''}${s.zaloUserId ? `, Zalo ${s.zaloUserId}` : ''}${s.hours ? `, ${s.hours}` : ''}).`);
    return 0;
  } catch (err) {
    console.error(isAppError(err) ? `${err.code}: ${err.message}` : (err as Error).message);
    return 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
