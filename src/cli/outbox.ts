import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.ts';
import { createSendToUser, type SendToUser } from '../outbound/batch.ts';
import { countDeadLetters, dropDeadLetter, listDeadLetters, retryDeadLetter, type DeadLetter } from '../outbound/dead-letter.ts';
import { outboxBacklog } from '../outbound/outbox.ts';
import { outboundJobId, type OutboundJob } from '../outbound/types.ts';
import { BullJobQueue } from '../queue/bullmq-queue.ts';
import { openStore, queuePrefix, redisTargetOf } from '../store/connect.ts';
import type { Store } from '../store/types.ts';
import { EXIT_FAILURE, EXIT_OK, parseCli, processIo, runCli, usageError, type CliIo } from './args.ts';

const SPEC = {
  name: 'npm run outbox',
  usage: `usage:
  npm run outbox -- list [--limit N] [--json]     parked reply batches (the dead-letter list), oldest first
  npm run outbox -- retry ID... | --all            queue them again, after the user's current replies
  npm run outbox -- drop ID... | --all             remove them for good
ID is the first column of list (channel:user:cause). Uses REDIS_URL and REDIS_PREFIX, like the app; a retried
batch is sent by the running app, and only inside the user's messaging window (else it is parked again).`,
  options: {
    limit: { type: 'string' },
    json: { type: 'boolean' },
    all: { type: 'boolean' },
  },
  positionals: true,
} as const;

export interface OutboxCliDeps {
  store: Store;
  sendToUser: SendToUser;
  now?: () => number;
}

function line(d: DeadLetter): string {
  const left = d.job.messages.length - d.job.sent;
  return `${d.id}\t${new Date(d.parkedAt).toISOString()}\t${d.reason}\t${d.code ?? '-'}\t${left} message${left === 1 ? '' : 's'}`;
}

/** Every parked batch, page by page (the CLI's --all). */
async function allDeadLetters(store: Store): Promise<DeadLetter[]> {
  const all: DeadLetter[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await listDeadLetters(store, 500, offset);
    all.push(...page);
    if (page.length < 500) return all;
  }
}

/** `npm run outbox`: the operator's view of the dead-letter list. Message texts are never printed (personal data). */
export async function outboxCli(argv: string[], io: CliIo, deps: OutboxCliDeps): Promise<number> {
  const { values, positionals } = parseCli(SPEC, argv, io);
  const [command, ...ids] = positionals;
  const now = deps.now ?? Date.now;
  if (command === 'list') {
    if (ids.length > 0) return usageError(SPEC, `list takes no IDs`, io);
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) return usageError(SPEC, `--limit must be a positive whole number`, io);
    const [letters, total, backlog] = await Promise.all([listDeadLetters(deps.store, limit), countDeadLetters(deps.store), outboxBacklog(deps.store, now())]);
    if (values.json) {
      io.out(JSON.stringify({ total, undelivered: backlog.count, oldestUndeliveredSeconds: Math.round(backlog.oldestAgeMs / 1000), parked: letters.map(({ job, ...d }) => ({ ...d, channel: job.channel, messages: job.messages.length - job.sent })) }));
      return EXIT_OK;
    }
    io.out(`${total} parked batch${total === 1 ? '' : 'es'}${total > letters.length ? ` (showing ${letters.length})` : ''}; ${backlog.count} waiting for delivery, oldest ${Math.round(backlog.oldestAgeMs / 1000)} s`);
    for (const d of letters) io.out(line(d));
    return EXIT_OK;
  }
  if (command !== 'retry' && command !== 'drop') return usageError(SPEC, command ? `unknown command ${command}` : 'a command is required (list, retry or drop)', io);
  if (Boolean(values.all) === ids.length > 0) return usageError(SPEC, `${command} takes IDs or --all (one of the two)`, io);
  const targets = values.all ? (await allDeadLetters(deps.store)).map((d) => d.id) : ids;
  let missing = 0;
  for (const id of targets) {
    const done = command === 'retry' ? await retryDeadLetter(deps.store, deps.sendToUser, id) : await dropDeadLetter(deps.store, id);
    if (!done) {
      io.err(`${SPEC.name}: no parked batch ${id}`);
      missing++;
    }
  }
  io.out(`${command === 'retry' ? 'queued again' : 'dropped'}: ${targets.length - missing}`);
  return missing > 0 ? EXIT_FAILURE : EXIT_OK;
}

async function main(): Promise<number> {
  parseCli(SPEC); // --help and a bad flag answer before anything needs Redis
  const config = loadConfig();
  const redis = redisTargetOf(config);
  if (!redis) {
    processIo.err(`${SPEC.name}: neither REDIS_URL nor REDIS_CLUSTER_NODES is set (the dead-letter list lives in Redis; the in-memory trial keeps none)`);
    return EXIT_FAILURE;
  }
  const store = openStore(config);
  // The app's outbound queue (same name and prefix as runtime.ts): the running app's workers send what is retried.
  const queue = new BullJobQueue<OutboundJob>('outbound', { redis, prefix: queuePrefix(config) });
  const queued: Promise<void>[] = [];
  try {
    const sendToUser = createSendToUser(store, (job) => void queued.push(queue.add(outboundJobId(job), job)));
    const code = await outboxCli(process.argv.slice(2), processIo, { store, sendToUser });
    // Had one of these failed, the app's outbox sweeper would queue the batch within 15 s anyway.
    await Promise.allSettled(queued);
    return code;
  } finally {
    await queue.close();
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runCli(main);
