import { afterEach, expect } from 'vitest';
import { BENCH_SECRETS, benchEnv, messengerEvent, zaloEvent, type SignedRequest } from '../../bench/events.ts';
import { BENCH_SCRIPT } from '../../bench/script.ts';
import { normalizeMessengerWebhook, renderMessage as renderMessenger } from '../../src/channels/messenger/index.ts';
import type { InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import { normalizeZaloWebhook, renderMessage as renderZalo } from '../../src/channels/zalo/index.ts';
import type { Engine, Session } from '../../src/conversation/types.ts';
import { buildEngine } from '../../src/engine-factory.ts';
import { REDIS_URL } from '../store/helpers.ts';
import { freePort, spawnApp, type AppProcess } from '../support/app-process.ts';
import { dropPrefix, startFaultPlatform, uniquePrefix, type FaultPlatform } from './fault-platform.ts';
import { postSigned, waitFor } from './runtime-app.ts';

/**
 * Shared by the process fault tests: simulated users walking the bench script against the real app process,
 * and the replies each step must produce, computed from the engine the app runs (buildEngine) with the same
 * normalisers and renderers. What the bot says is never written down here, so the engine may change.
 */

let userCounter = 0;
/** Numeric ids like Zalo's and Messenger's own, new for every call. */
export const newUser = () => String(5_100_000_000_000_000_000n + BigInt(process.pid) * 1_000_000n + BigInt(++userCounter));

export type Channel = 'zalo' | 'messenger';

/** What the fake platform records of a sent message (bench/fake-platform.ts `fingerprint`). */
export function fingerprint(message: Record<string, unknown>): string {
  return typeof message['text'] === 'string' ? message['text'] : JSON.stringify(message).slice(0, 80);
}

/**
 * The fingerprints each step of the script produces for a user, walked through the engine the app runs,
 * with the same normaliser and renderer: per step, in sending order.
 */
let engine: Promise<Engine> | undefined;

function parse(channel: Channel, req: SignedRequest): InboundEvent[] {
  const raw = Buffer.from(req.body);
  return channel === 'zalo' ? normalizeZaloWebhook(raw) : normalizeMessengerWebhook(raw, { appId: BENCH_SECRETS.messengerAppId });
}

/** The platform calls one message takes, as the adapters render it (the Messenger adapter tags its sends 'bot'). */
function render(channel: Channel, userId: string, m: OutboundMessage): Record<string, unknown>[] {
  return channel === 'zalo'
    ? renderZalo(userId, m).map((b) => b.message as Record<string, unknown>)
    : renderMessenger(userId, m, { metadata: 'bot' }).map((b) => b.message as unknown as Record<string, unknown>);
}

export async function expectedReplies(userId: string, requests: SignedRequest[], channel: Channel = 'zalo'): Promise<string[][]> {
  const flows = await (engine ??= buildEngine());
  let session: Session | undefined;
  const perStep: string[][] = [];
  for (const req of requests) {
    const out: string[] = [];
    for (const ev of parse(channel, req)) {
      const result = flows.turn(session, ev, new Date());
      session = result.session;
      for (const m of result.messages) for (const message of render(channel, userId, m)) out.push(fingerprint(message));
    }
    perStep.push(out);
  }
  return perStep;
}

/** Is `want` a subsequence of `got`? */
export function isSubsequence(want: string[], got: string[]): boolean {
  let i = 0;
  for (const g of got) if (i < want.length && g === want[i]) i++;
  return i === want.length;
}

export interface Walker {
  channel: Channel;
  userId: string;
  requests: SignedRequest[];
  expected: string[][];
  acked: number;
}

/** `n` users, alternately on Zalo and on Messenger (`channels` narrows it). */
export async function makeWalkers(n: number, channels: Channel[] = ['zalo', 'messenger']): Promise<Walker[]> {
  const walkers: Walker[] = [];
  for (let i = 0; i < n; i++) {
    const channel = channels[i % channels.length]!;
    const userId = newUser();
    const requests = BENCH_SCRIPT.map((action) => (channel === 'zalo' ? zaloEvent(userId, action) : messengerEvent(userId, action)));
    const expected = await expectedReplies(userId, requests, channel);
    // A step the engine does not answer would make "every reply arrived" hold trivially.
    expect(expected.every((step) => step.length > 0), `every step of the script is answered on ${channel}`).toBe(true);
    walkers.push({ channel, userId, requests, expected, acked: 0 });
  }
  return walkers;
}

/**
 * Each user walks the script like the platform delivers it: one event at a time, the next only after the 200,
 * and anything but 200 (a refused connection while the app is down) retried. Stops early when `stop()` says so.
 */
export function walk(walkers: Walker[], base: string, stop: () => boolean = () => false): Promise<void> {
  return Promise.all(
    walkers.map(async (w) => {
      while (w.acked < w.requests.length) {
        if (stop()) return;
        if ((await postSigned(base, w.requests[w.acked]!)) === 200) w.acked++;
        else await new Promise((r) => setTimeout(r, 50));
      }
    }),
  ).then(() => undefined);
}

/** A fake platform whose sends take `sendDelayMs`, a Redis prefix, and the app's env; `onCleanup` gets the teardown. */
export async function setup(
  label: string,
  onCleanup: (c: () => Promise<void>) => void,
  sendDelayMs = 15,
): Promise<{ platform: FaultPlatform; env: Record<string, string>; prefix: string }> {
  const platform = await startFaultPlatform();
  const prefix = uniquePrefix(label);
  onCleanup(() => platform.close());
  onCleanup(() => dropPrefix(prefix));
  // Sends take a little while, as on the real platform, so the queue holds a backlog when the app dies.
  platform.setRule((req) => (req.kind === 'zalo_cs' || req.kind === 'graph_send' ? { delayMs: sendDelayMs } : undefined));
  const env = benchEnv({ port: await freePort(), platformUrl: platform.url, redisUrl: REDIS_URL, redisPrefix: prefix });
  return { platform, env, prefix };
}

/** Spawns the app; `procs` collects it so the test's teardown can SIGKILL whatever is left. */
/**
 * The app processes a test file starts and what each test must undo: after every test the processes are killed
 * (SIGKILL) first, then the cleanups run, newest first.
 */
export function trackedProcesses(): { procs: AppProcess[]; onCleanup: (c: () => Promise<void>) => void } {
  const procs: AppProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const p of procs.splice(0)) await p.kill('SIGKILL');
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return { procs, onCleanup: (c) => { cleanups.push(c); } };
}

export async function start(env: Record<string, string>, procs: AppProcess[]): Promise<AppProcess> {
  const app = await spawnApp(env);
  procs.push(app);
  return app;
}

export const ackedTotal = (walkers: Walker[]) => walkers.reduce((s, w) => s + w.acked, 0);

/** Every acknowledged step's replies arrived, in order; at most `extra` repeats (at-least-once after a crash). */
export function expectAnswered(platform: FaultPlatform, walkers: Walker[], extra: number): void {
  for (const w of walkers) {
    const want = w.expected.slice(0, w.acked).flat();
    const got = platform.to(w.userId).map((a) => a.text);
    expect({ user: w.userId, ok: isSubsequence(want, got) }, `user ${w.userId}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`).toEqual({
      user: w.userId,
      ok: true,
    });
    expect(got.length - want.length).toBeLessThanOrEqual(extra);
  }
}


/**
 * 20 users walk the bench script against a fresh app; a third of the way in the load balancer stops sending and
 * the app gets SIGTERM. Checks it exits 0 mid-burst having answered every acknowledged step (it is gone, so what
 * it sent is all there will be), and returns what the test needs to go on.
 */
export async function sigtermMidBurst(
  label: string,
  onCleanup: (c: () => Promise<void>) => void,
  procs: AppProcess[],
  sendDelayMs?: number,
): Promise<{ platform: FaultPlatform; env: Record<string, string>; walkers: Walker[]; total: number }> {
  const { platform, env } = await setup(label, onCleanup, sendDelayMs);
  const walkers = await makeWalkers(20);
  const total = walkers.length * BENCH_SCRIPT.length;
  const app = await start(env, procs);
  let terminating = false;
  // The load balancer stops sending to an instance it is terminating; requests already sent finish.
  const load = walk(walkers, app.base, () => terminating);
  await waitFor('a third of the burst acknowledged', () => ackedTotal(walkers) >= total / 3);
  terminating = true;
  const exit = await app.kill('SIGTERM');
  await load;
  expect(exit, app.output.join('')).toEqual({ code: 0, signal: null });
  expect(ackedTotal(walkers)).toBeLessThan(total); // really mid-burst
  expectAnswered(platform, walkers, 0);
  return { platform, env, walkers, total };
}
