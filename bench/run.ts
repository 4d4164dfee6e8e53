import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { benchEnv, messengerEvent, zaloEvent, type SignedRequest } from './events.ts';
import type { Arrival } from './fake-platform.ts';
import { measureLanguage } from './language.ts';
import { BENCH_SCRIPT } from './script.ts';

/**
 * `npm run bench`: the app (one process, then two behind one port) on the real Redis, a fake Zalo + Graph API
 * on loopback, and autocannon driving signed webhooks from many simulated users through a real conversation.
 * Prints a table and writes bench/results/latest.json. Nothing here is asserted: figures are for reading.
 */

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    // 'max' (as fast as acknowledged), 'rate' (--rate events/s offered), or 'both'.
    phase: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '64' },
    rate: { type: 'string', default: '1000' },
    redis: { type: 'string', default: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' },
    channels: { type: 'string', default: 'zalo,messenger' },
    // Writes a V8 CPU profile of each app process to bench/results/profile/ (open it in Chrome DevTools).
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results/latest.json' },
  },
});
const DURATION_S = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const E2E_RATE = Number(args.rate);
const REDIS_URL = args.redis;
const PROFILE = args.profile;
const ROOT = new URL('..', import.meta.url).pathname;
/**
 * autocannon's rate limit gives each connection its quota at the start of every second, so "1,000/s" would
 * arrive as a burst at full speed followed by silence. A rate phase therefore runs this many autocannon
 * instances, each with its share of the rate and the connections, started evenly across one second.
 */
const RATE_SLOTS = 20;

type Channel = 'zalo' | 'messenger';
const CHANNELS = args.channels.split(',') as Channel[];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a child and resolves with the first stdout line matching `ready` (at once without one). The app runs
 * as production runs it, compiled (`node dist/main.js`); bench scripts run through tsx.
 */
function startChild(args: string[], env: Record<string, string>, ready?: RegExp): Promise<{ child: ChildProcess; line: string }> {
  const app = args[0] === 'dist/main.js';
  const profiling = app && PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}bench/results/profile`] : [];
  const child = spawn(process.execPath, [...(app ? [] : ['--import', 'tsx']), ...profiling, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  if (!ready) {
    child.stdout!.resume();
    return Promise.resolve({ child, line: '' });
  }
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => ready.test(l));
      if (line) resolve({ child, line });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error('app did not become ready');
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) the process has used so far; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Every phase and calibration gets its own block of user ids, so no user is ever reused. */
let idBlock = 0;
const nextIdBase = () => 7_000_000_000_000_000 + ++idBlock * 100_000_000;

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function signed(channel: Channel, userId: string, step: number): SignedRequest {
  const action = BENCH_SCRIPT[step]!;
  return channel === 'zalo' ? zaloEvent(userId, action) : messengerEvent(userId, action);
}

async function post(base: string, req: SignedRequest): Promise<number> {
  const res = await fetch(base + req.path, { method: 'POST', body: req.body, headers: req.headers });
  await res.arrayBuffer();
  return res.status;
}

/** Waits until the fake platform's count stops growing for `quietMs` (or reaches `target`). */
async function settle(platform: string, target = Infinity, quietMs = 400, maxMs = 60_000): Promise<number> {
  const start = Date.now();
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const { count } = (await (await fetch(`${platform}/__count`)).json()) as { count: number };
    if (count !== last) {
      last = count;
      stableSince = Date.now();
    }
    if (count >= target && Date.now() - stableSince >= quietMs) return count;
    if (target === Infinity && Date.now() - stableSince >= quietMs) return count;
    if (Date.now() - start > maxMs) return count;
    await sleep(50);
  }
}

async function arrivals(platform: string): Promise<Arrival[]> {
  return (await (await fetch(`${platform}/__arrivals`)).json()) as Arrival[];
}

/** One user per channel walks the script slowly: how many messages each step produces, and their texts. */
async function calibrate(app: string, platform: string): Promise<Record<Channel, string[][]>> {
  const out = {} as Record<Channel, string[][]>;
  for (const channel of CHANNELS) {
    const userId = String(nextIdBase() + (channel === 'zalo' ? 1 : 2));
    const perStep: string[][] = [];
    for (let step = 0; step < BENCH_SCRIPT.length; step++) {
      const before = (await arrivals(platform)).filter((a) => a.userId === userId).length;
      const status = await post(app, signed(channel, userId, step));
      if (status !== 200) throw new Error(`calibration step ${step} on ${channel} answered ${status}`);
      await settle(platform);
      perStep.push((await arrivals(platform)).filter((a) => a.userId === userId).slice(before).map((a) => a.text));
    }
    out[channel] = perStep;
  }
  await fetch(`${platform}/__reset`, { method: 'POST' });
  return out;
}

interface UserRun {
  channel: Channel;
  sentAt: number[];
  acked: number;
}

interface PhaseResult {
  phase: string;
  ackedPerSecond: number;
  non2xx: number;
  ackP50: number;
  ackP95: number;
  ackP99: number;
  e2eP50: number;
  e2eP99: number;
  repliesExpected: number;
  repliesDelivered: number;
  usersWithWrongReplies: number;
  rssMbMax: number;
  /** The app process(es)' CPU time per acknowledged event (all threads: GC included), in µs. */
  appCpuMicrosPerEvent: number;
  redisBytesPerSession: number;
  /** Mean time inside the turn pipeline (lock → engine → commit → queue), from the app's own histogram. */
  turnMeanMs: number;
  /** Mean time from a batch queued to its first message accepted by the platform, from the app's histogram. */
  replyMeanMs: number;
}

interface Histograms {
  turn: { sum: number; count: number };
  reply: { sum: number; count: number };
}

/**
 * The app's cumulative turn time and reply delay with their counts, from /metrics; a phase's mean is the
 * difference of two readings. With two processes behind one port this reads one of them, a fair sample.
 */
async function histograms(app: string): Promise<Histograms> {
  const text = await (await fetch(`${app}/metrics`)).text();
  const total = (name: string) => [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} ([0-9.e+-]+)$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
  const read = (name: string) => ({ sum: total(`${name}_sum`), count: total(`${name}_count`) });
  return { turn: read('bhxh_turn_duration_seconds'), reply: read('bhxh_reply_delay_seconds') };
}

const meanMs = (after: { sum: number; count: number }, before: { sum: number; count: number }) =>
  round(((after.sum - before.sum) / Math.max(1, after.count - before.count)) * 1000, 2);

async function runPhase(name: string, app: string, platform: string, calib: Record<Channel, string[][]>, pids: number[], redis: Redis, rate?: number): Promise<PhaseResult> {
  await fetch(`${platform}/__reset`, { method: 'POST' });
  const idBase = nextIdBase();
  const before = await histograms(app);
  const memBefore = await usedMemory(redis);
  const users = new Map<string, UserRun>();
  let userCounter = 0;
  const clock = () => performance.timeOrigin + performance.now();

  // One request per script step; the context lives for one pass, so each pass is a fresh user, and a
  // connection waits for each ack before the next step: every user's events arrive in order.
  type Ctx = { user?: string };
  // Ack latency measured here, from the moment a request is handed to the socket, so the paced instances of a
  // rate phase share one distribution.
  const ackMs: number[] = [];
  const requests: autocannon.Request[] = BENCH_SCRIPT.map((_, step) => ({
    method: 'POST' as const,
    setupRequest: (req: autocannon.Request, ctx: object) => {
      const context = ctx as Ctx;
      if (step === 0) {
        const channel = CHANNELS[userCounter % CHANNELS.length]!;
        // Numeric ids like the platforms' own (Zalo user ids and PSIDs are digit strings).
        context.user = String(idBase + ++userCounter);
        users.set(context.user, { channel, sentAt: [], acked: 0 });
      }
      const userId = context.user!;
      const run = users.get(userId)!;
      const signedReq = signed(run.channel, userId, step);
      run.sentAt[step] = clock();
      return { ...req, path: signedReq.path, body: signedReq.body, headers: signedReq.headers };
    },
    onResponse: (status: number, _body: string, ctx: object) => {
      const run = users.get((ctx as Ctx).user!)!;
      ackMs.push(clock() - run.sentAt[step]!);
      if (status === 200) run.acked = step + 1;
    },
  }));

  const cpuBefore = pids.reduce((sum, p) => sum + cpuSeconds(p), 0);
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, pids.reduce((s, p) => s + rssMb(p), 0))), 250);
  const slots = rate ? RATE_SLOTS : 1;
  const runs = await Promise.all(
    Array.from({ length: slots }, async (_, slot) => {
      await sleep((slot * 1000) / slots);
      return autocannon({
        url: app,
        connections: Math.max(1, Math.round(CONNECTIONS / slots)),
        duration: DURATION_S,
        requests,
        ...(rate ? { overallRate: Math.max(1, Math.round(rate / slots)) } : {}),
      });
    }),
  );
  clearInterval(sampler);
  const sent = runs.reduce((sum, r) => sum + r.requests.total, 0);
  const non2xx = runs.reduce((sum, r) => sum + r.non2xx, 0);
  ackMs.sort((a, b) => a - b);

  const expected = [...users.values()].reduce((sum, u) => sum + calib[u.channel].slice(0, u.acked).reduce((s, texts) => s + texts.length, 0), 0);
  await settle(platform, expected, 1000, 120_000);
  const after = await histograms(app);
  // After the replies settled, so the delivery work of the acknowledged events is counted too.
  const cpuUsed = pids.reduce((sum, p) => sum + cpuSeconds(p), 0) - cpuBefore;
  const got = await arrivals(platform);
  const memAfter = await usedMemory(redis);

  // Group what the platform received by user, and compare with what the calibration user saw.
  const byUser = new Map<string, Arrival[]>();
  for (const a of got) (byUser.get(a.userId) ?? byUser.set(a.userId, []).get(a.userId)!).push(a);
  let wrong = 0;
  const e2e: number[] = [];
  for (const [userId, run] of users) {
    const seen = (byUser.get(userId) ?? []).sort((a, b) => a.at - b.at);
    const want = calib[run.channel].slice(0, run.acked);
    // A step sent when the run stopped may have been answered without its ack being counted: allow it.
    const inFlight = run.sentAt.length > run.acked ? calib[run.channel].slice(0, run.acked + 1) : want;
    const seenTexts = seen.map((a) => a.text).join('\u0000');
    if (seenTexts !== want.flat().join('\u0000') && seenTexts !== inFlight.flat().join('\u0000')) wrong++;
    let i = 0;
    want.forEach((texts, step) => {
      const first = seen[i];
      if (first && texts.length > 0) e2e.push(first.at - run.sentAt[step]!);
      i += texts.length;
    });
  }
  e2e.sort((a, b) => a - b);
  const ackedEvents = sent - non2xx;
  return {
    phase: name,
    ackedPerSecond: Math.round(ackedEvents / DURATION_S),
    non2xx,
    ackP50: round(percentile(ackMs, 50)),
    ackP95: round(percentile(ackMs, 95)),
    ackP99: round(percentile(ackMs, 99)),
    e2eP50: round(percentile(e2e, 50)),
    e2eP99: round(percentile(e2e, 99)),
    repliesExpected: expected,
    repliesDelivered: got.length,
    usersWithWrongReplies: wrong,
    rssMbMax: Math.round(rssMax),
    appCpuMicrosPerEvent: Math.round((cpuUsed * 1e6) / Math.max(1, ackedEvents)),
    redisBytesPerSession: Math.round((memAfter - memBefore) / Math.max(1, users.size)),
    turnMeanMs: meanMs(after.turn, before.turn),
    replyMeanMs: meanMs(after.reply, before.reply),
  };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.unlink(...found);
  } while (cursor !== '0');
}

async function runMode(mode: 'one' | 'two', platform: string, redis: Redis): Promise<PhaseResult[]> {
  const port = await freePort();
  const prefix = `bench:${process.pid}:${mode}:`;
  const env = benchEnv({ port, platformUrl: platform, redisUrl: REDIS_URL, redisPrefix: prefix });
  const { child, line } =
    mode === 'one'
      ? await startChild(['dist/main.js'], env)
      : await startChild(['bench/app-cluster.ts', '2'], env, /^workers /);
  const pids = mode === 'one' ? [child.pid!] : line.split(' ').slice(1).map(Number);
  const app = `http://127.0.0.1:${port}`;
  try {
    await waitReady(app);
    const calib = await calibrate(app, platform);
    const label = mode === 'one' ? '1 process' : '2 processes';
    const results: PhaseResult[] = [];
    if (args.phase !== 'rate') results.push(await runPhase(`${label}, max rate`, app, platform, calib, pids, redis));
    if (args.phase !== 'max') results.push(await runPhase(`${label}, ${E2E_RATE}/s`, app, platform, calib, pids, redis, E2E_RATE));
    return results;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await deletePrefix(redis, prefix);
  }
}

async function main(): Promise<void> {
  const language = measureLanguage();
  console.log(`language: all parsers on one message take ${language.microsecondsPerMessage} µs on average (${language.messages} messages, ${language.source})`);
  console.log('building the app (npm run build)…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const redis = new Redis(REDIS_URL);
  const { child: platformProc, line } = await startChild(['bench/fake-platform.ts'], {}, /^ready /);
  const platform = line.split(' ')[1]!.trim();
  const results: PhaseResult[] = [];
  try {
    for (const mode of args.mode === 'both' ? (['one', 'two'] as const) : [args.mode as 'one' | 'two']) {
      results.push(...(await runMode(mode, platform, redis)));
    }
  } finally {
    platformProc.kill('SIGTERM');
    redis.disconnect();
  }
  console.table(
    results.map((r) => ({
      phase: r.phase,
      'acked/s': r.ackedPerSecond,
      'ack p50 ms': r.ackP50,
      'ack p95 ms': r.ackP95,
      'ack p99 ms': r.ackP99,
      'e2e p50 ms': r.e2eP50,
      'e2e p99 ms': r.e2eP99,
      replies: `${r.repliesDelivered}/${r.repliesExpected}`,
      'wrong users': r.usersWithWrongReplies,
      'non-2xx': r.non2xx,
      'RSS MB': r.rssMbMax,
      'app CPU µs/event': r.appCpuMicrosPerEvent,
      'Redis B/session': r.redisBytesPerSession,
      'turn ms': r.turnMeanMs,
      'reply ms': r.replyMeanMs,
    })),
  );
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cores: (await import('node:os')).availableParallelism(),
    durationSeconds: DURATION_S,
    connections: CONNECTIONS,
    script: BENCH_SCRIPT,
    language,
    results,
  };
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(args.out, `file://${ROOT}`), JSON.stringify(out, null, 2) + '\n');
  console.log(`written ${args.out}`);
}

await main();
