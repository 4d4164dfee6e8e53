import { ConsoleChannel } from './channels/console/adapter.ts';
import type { ChannelAdapter } from './channels/channel.ts';
import { createMessengerChannel } from './channels/messenger/index.ts';
import { createZaloChannel } from './channels/zalo/index.ts';
import { runChat } from './cli/chat.ts';
import { loadConfig } from './config.ts';
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
import { createLeadsExtension } from './leads/index.ts';
import { createLogger } from './log.ts';
import { createRuntime } from './runtime.ts';

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
      createLeadsExtension({ onReady: office.onLeadsReady }),
      createHandoffExtension({ roster: (core) => staffRoster(new StaffRegistry(core.store)), onReady: (p) => (handoff = p) }),
      office.extension,
      () => ({ routers: [createEstimateRouter()] }),
    ],
  });
  const server = await rt.listen(config.port);
  logger.info({ port: config.port, store: config.redisUrl ? 'redis' : 'memory', zalo: !!config.zalo, messenger: !!config.messenger }, 'listening');

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
        'Chưa cấu hình Zalo OA hay Messenger, dữ liệu chỉ giữ trong bộ nhớ.',
        'No channel configured and no REDIS_URL: in-memory trial. Set the env variables in README.md to connect Zalo or Messenger.',
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

void main();
