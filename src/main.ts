import { ConsoleChannel } from './channels/console/adapter.ts';
import type { ChannelAdapter } from './channels/channel.ts';
import { createMessengerChannel } from './channels/messenger/index.ts';
import { createZaloChannel } from './channels/zalo/index.ts';
import { runChat } from './cli/chat.ts';
import { loadConfig, type Config } from './config.ts';
import { checkContent, formatProblem } from './content-check.ts';
import { buildEngine } from './engine-factory.ts';
import { isAppError } from './errors.ts';
import { createEstimateRouter } from './http/estimate-route.ts';
import { staffRoster } from './console/roster.ts';
import { StaffRegistry } from './console/staff.ts';
import { createHandoffExtension } from './handoff/index.ts';
import { createConsoleExtension } from './console/index.ts';
import { createTicketsApi } from './console/tickets.ts';
import type { HandoffService } from './handoff/service.ts';
import type { TicketStore } from './handoff/ticket-store.ts';
import { describeAgentsFileError, readAgentsFile, type AgentsFile } from './leads/agents-file.ts';
import { createLeadsExtension } from './leads/index.ts';
import { createLogger } from './log.ts';
import { createRuntime } from './runtime.ts';

/** Stops start-up: what is wrong, each line naming its file (and line), then exit 1. Nothing has started yet. */
function refuseToStart(lines: string[]): never {
  console.error('Start-up stopped: fix these, then start again.');
  for (const line of lines) console.error(line);
  process.exit(1);
}

/**
 * What office staff edit (flows, texts, intent phrases) and AGENTS_FILE, checked before anything starts: a broken
 * file stops the app with its file and line rather than leaving it "ready" without agents or texts.
 */
async function checkFiles(config: Config): Promise<AgentsFile | undefined> {
  const problems = checkContent();
  if (problems.length > 0) refuseToStart(problems.map((p) => `✗ ${formatProblem(p)}`));
  if (!config.agentsFile) return undefined;
  try {
    return await readAgentsFile(config.agentsFile);
  } catch (err) {
    return refuseToStart([`AGENTS_FILE=${config.agentsFile}:`, ...describeAgentsFileError(err, config.agentsFile)]);
  }
}

/** Where the data goes, for the banner and the log: the Redis address without its credentials, or memory. */
function storeLabel(config: Config): string {
  if (!config.redisUrl) return 'memory';
  const url = new URL(config.redisUrl);
  return `Redis ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname} (prefix ${config.redisPrefix})`;
}

/** Composition root: read the environment once, build every piece, start listening, stop gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(isAppError(err) ? `${err.code}: ${err.message}` : err);
    process.exit(1);
  }
  const trial = !config.zalo && !config.messenger;
  const consoleChannel = trial && process.stdin.isTTY ? new ConsoleChannel((line) => console.log(line)) : undefined;
  // Info lines would land in the middle of the chat in the same terminal.
  const logger = createLogger(config.logLevel ?? (consoleChannel ? 'warn' : 'info'));

  const agentsFile = await checkFiles(config);
  const engine = await buildEngine();
  // The console lists and closes the handoff's tickets: the handoff extension is built first and hands over its parts.
  let handoff: { service: HandoffService; tickets: TicketStore } | undefined;
  const office = createConsoleExtension({ engine, tickets: () => createTicketsApi(handoff!) });
  const rt = createRuntime({
    config,
    engine,
    logger,
    adapters: (store, metrics) => {
      const list: ChannelAdapter[] = [];
      if (config.zalo) list.push(createZaloChannel({ config: config.zalo, store, logger }));
      if (config.messenger) {
        const onDropped = (reason: string) => metrics.eventsDropped.inc({ channel: 'messenger', reason });
        list.push(createMessengerChannel({ config: config.messenger, store, logger, onDropped }));
      }
      if (consoleChannel) list.push(consoleChannel);
      return list;
    },
    extensions: [
      createLeadsExtension({ onReady: office.onLeadsReady, ...(agentsFile ? { agentsFile } : {}) }),
      createHandoffExtension({ roster: (core) => staffRoster(new StaffRegistry(core.store)), onReady: (p) => (handoff = p) }),
      office.extension,
      () => ({ routers: [createEstimateRouter()] }),
    ],
  });
  const server = await rt.listen(config.port);
  logger.info({ port: config.port, store: storeLabel(config), zalo: !!config.zalo, messenger: !!config.messenger }, 'listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight work');
    await rt.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  if (trial) {
    console.log(
      [
        '',
        `Trợ lý BHXH tự nguyện đang chạy thử: http://127.0.0.1:${(server.address() as { port: number }).port}/healthz`,
        config.redisUrl
          ? `Chưa cấu hình Zalo OA hay Messenger; dữ liệu lưu ở ${storeLabel(config)}.`
          : 'Chưa cấu hình Zalo OA hay Messenger; dữ liệu chỉ giữ trong bộ nhớ (mất khi tắt).',
        config.redisUrl
          ? `No channel configured; store: ${storeLabel(config)}. Set the ZALO_* or MESSENGER_* variables (README.md) to connect a channel.`
          : 'No channel configured and no REDIS_URL: an in-memory trial (nothing kept). Set the variables in README.md to connect Zalo or Messenger.',
        consoleChannel ? '' : 'Try the bot in a terminal: npm run chat',
        '',
      ].join('\n'),
    );
    if (consoleChannel) {
      await runChat(rt, consoleChannel);
      await stop('stdin closed');
    }
  }
}

main().catch((err: unknown) => {
  // An unexpected failure while starting: one line for our catalogued errors, the stack for anything else.
  console.error(isAppError(err) ? `${err.code}: ${err.message}` : err);
  process.exit(1);
});
