import { createInterface } from 'node:readline';
import { ConsoleChannel } from '../channels/console/adapter.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { staffRoster } from '../console/roster.ts';
import { StaffRegistry } from '../console/staff.ts';
import { createHandoffExtension } from '../handoff/index.ts';
import { createLeadsExtension } from '../leads/index.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { buildEngine } from '../engine-factory.ts';
import { parseCli, runCli } from './args.ts';

const SPEC = {
  name: 'npm run chat',
  usage: `usage: npm run chat   (or: printf 'chào\\n1\\n' | npm run chat)
Talks to the bot in this terminal, on the same engine as the webhooks, with an in-memory store (REDIS_URL and the
channels are ignored). Buttons appear as numbered choices: type the number. Ctrl+D ends.
  AGENTS_FILE=data/agents.sample.csv   load agents, so a lead is routed (nobody can accept it from here)
  -h, --help                           print this
Exit codes: 0 done, 1 failed (a broken flow or agents file), 2 usage error.`,
  options: {},
} as const;

/** Waits until the queue has delivered everything, so the next prompt comes after the bot's answer. */
async function drained(rt: Runtime): Promise<void> {
  while ((await rt.pendingReplies()) > 0) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Chats with the bot in the terminal on the same engine and pipeline as the webhooks (in-memory store).
 * Reads typed lines from a terminal, or one line per turn from a pipe (`printf 'chào\n1\n' | npm run chat`).
 */
export async function runChat(rt: Runtime, channel: ConsoleChannel, input = process.stdin): Promise<void> {
  console.log('Trò chuyện thử với trợ lý BHXH tự nguyện. Gõ số để chọn nút, Ctrl+D để thoát.\n');
  const rl = createInterface({ input, terminal: false });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    if (!input.isTTY) console.log(`Bạn: ${line}`);
    await rt.handleEvent(channel.toEvent(line));
    await drained(rt);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  parseCli(SPEC);
  await runCli(async () => {
    const config = { ...loadConfig(), redisUrl: undefined, zalo: undefined, messenger: undefined };
    const channel = new ConsoleChannel((line) => console.log(line));
    // The leads service too, so a lead made in the console is stored and routed like one from Zalo (agents are
    // not reachable from here: the console user is told the honest fallback).
    const rt = createRuntime({ config, engine: await buildEngine(), logger: createLogger('silent'), adapters: () => [channel], extensions: [createLeadsExtension(), createHandoffExtension({ roster: (core) => staffRoster(new StaffRegistry(core.store)) })] });
    await runChat(rt, channel);
    await rt.stop();
  });
}
