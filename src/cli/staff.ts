import { text } from 'node:stream/consumers';
import { loadConfig } from '../config.ts';
import { StaffRegistry, type StaffInput } from '../console/staff.ts';
import { openStore, redisTargetOf } from '../store/connect.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, parseCli, runCli, usageError } from './args.ts';

const SPEC = {
  name: 'npm run staff',
  usage: `usage:
  npm run staff -- add --username U --role admin|province|viewer [--province 15] [--zalo-user-id ID] [--hours 07:30-17:00] --password-stdin
  npm run staff -- list
  npm run staff -- remove --username U
One registry for console accounts and the handoff roster, in Redis (REDIS_URL, REDIS_PREFIX). The password is read
from stdin (one line, at least 10 characters), never from an argument. --hours is Vietnam time.`,
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    province: { type: 'string' },
    'zalo-user-id': { type: 'string' },
    hours: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  positionals: true,
} as const;

/** `npm run staff`: add, list and remove console accounts and handoff roster entries. */
async function main(): Promise<number> {
  const { values, positionals } = parseCli(SPEC);
  const [command, ...extra] = positionals;
  if (command !== 'add' && command !== 'list' && command !== 'remove') return usageError(SPEC, command ? `unknown command ${command}` : 'a command is required (add, list, remove)');
  if (extra.length > 0) return usageError(SPEC, `unexpected argument ${extra[0]}`);
  if (command !== 'list' && !values.username) return usageError(SPEC, '--username is required');
  if (command === 'add' && !values['password-stdin']) return usageError(SPEC, 'add needs --password-stdin (the password is never passed as an argument)');
  const config = loadConfig();
  if (!redisTargetOf(config)) {
    console.error('npm run staff: REDIS_URL is not set: the staff registry lives in Redis.');
    return EXIT_USAGE;
  }
  const store = openStore(config);
  const registry = new StaffRegistry(store);
  try {
    if (command === 'list') {
      const all = await registry.list();
      if (all.length === 0) console.log('(no staff)');
      for (const s of all) console.log([s.username, s.role, s.province ?? '-', s.zaloUserId ?? '-', s.hours ?? '-'].join('\t'));
      return EXIT_OK;
    }
    if (command === 'remove') {
      const removed = await registry.remove(values.username!);
      console.log(removed ? `Removed ${values.username}.` : `No staff member ${values.username}.`);
      return removed ? EXIT_OK : EXIT_FAILURE;
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
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

await runCli(main);
