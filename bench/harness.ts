import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Cluster, type Redis } from 'ioredis';
import { messengerEvent, zaloEvent, type SignedRequest, type UserAction } from './events.ts';
import type { Arrival } from './fake-platform.ts';
import { keys } from '../src/store/keys.ts';

/**
 * What every bench job shares: starting the servers under test, driving them with autocannon from many
 * simulated users, and reading what they cost (CPU from /proc, heap allocations from bench/heap-probe.mjs) and
 * what the fake platform received. Nothing here is asserted: figures are for reading.
 */

export type Channel = 'zalo' | 'messenger';

export interface BenchOptions {
  durationS: number;
  connections: number;
  channels: Channel[];
  /** Writes a V8 CPU profile of each server process to bench/results/profile/. */
  profile: boolean;
}

export const ROOT = new URL('..', import.meta.url).pathname;
const HEAP_PROBE = `${ROOT}bench/heap-probe.mjs`;

/**
 * autocannon's rate limit gives each connection its quota at the start of every second, so "1,000/s" would
 * arrive as a burst at full speed followed by silence. A rate phase therefore runs this many autocannon
 * instances, each with its share of the rate and the connections, started evenly across one second.
 */
const RATE_SLOTS = 20;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Node flags for a server under test: the heap probe, and a CPU profile when asked. */
export function serverNodeFlags(opts: BenchOptions): string[] {
  return ['--import', HEAP_PROBE, ...(opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}bench/results/profile`] : [])];
}

/** Running totals a server's heap probe reports (bench/heap-probe.mjs). */
export interface HeapTotals {
  allocatedBytes: number;
  gcCount: number;
  gcMicros: number;
}

export interface Child {
  child: ChildProcess;
  /** The first stdout line that matched `ready` ('' without one). */
  line: string;
  /** Asks each of `pids` (processes whose stdout reaches this child's) for its heap totals, summed. */
  heap(pids: number[]): Promise<HeapTotals>;
}

/**
 * Starts `node [flags] script…` and resolves once a stdout line matches `ready` (at once without one). The app
 * runs as production runs it, compiled (`dist/main.js`); bench scripts (.ts) run through tsx.
 */
export function startChild(script: string[], env: Record<string, string>, opts: { ready?: RegExp; flags?: string[] } = {}): Promise<Child> {
  const tsx = script[0]!.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...tsx, ...(opts.flags ?? []), ...script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const probes = new Map<number, (t: HeapTotals) => void>();
  let buf = '';
  let readyLine: string | undefined;
  let onReady: (() => void) | undefined;
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const line of lines) {
      const probe = /^heap-probe (\d+) (.*)$/.exec(line);
      if (probe) probes.get(Number(probe[1]))?.(JSON.parse(probe[2]!) as HeapTotals);
      else if (readyLine === undefined && opts.ready?.test(line)) {
        readyLine = line;
        onReady?.();
      }
    }
  });
  const heap = async (pids: number[]): Promise<HeapTotals> => {
    const each = await Promise.all(
      pids.map(
        (pid) =>
          new Promise<HeapTotals>((resolve) => {
            const timer = setTimeout(() => resolve({ allocatedBytes: NaN, gcCount: NaN, gcMicros: NaN }), 5_000);
            probes.set(pid, (t) => {
              clearTimeout(timer);
              probes.delete(pid);
              resolve(t);
            });
            process.kill(pid, 'SIGUSR2');
          }),
      ),
    );
    return each.reduce((s, t) => ({ allocatedBytes: s.allocatedBytes + t.allocatedBytes, gcCount: s.gcCount + t.gcCount, gcMicros: s.gcMicros + t.gcMicros }));
  };
  if (!opts.ready) return Promise.resolve({ child, line: '', heap });
  return new Promise((resolve, reject) => {
    onReady = () => resolve({ child, line: readyLine!, heap });
    child.once('exit', (code) => reject(new Error(`${script.join(' ')} exited with ${code}`)));
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

export async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${base} did not become ready`);
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

export const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
export const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

function signed(channel: Channel, userId: string, action: UserAction): SignedRequest {
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

/** Per channel, the texts each step of the script produces. */
export type Calibration = Record<Channel, string[][]>;

/** One user per channel walks the script slowly: how many messages each step produces, and their texts. */
export async function calibrate(opts: BenchOptions, app: string, platform: string, script: UserAction[]): Promise<Calibration> {
  const out = {} as Calibration;
  for (const channel of opts.channels) {
    const userId = String(nextIdBase() + (channel === 'zalo' ? 1 : 2));
    const perStep: string[][] = [];
    for (const action of script) {
      const before = (await arrivals(platform)).filter((a) => a.userId === userId).length;
      const status = await post(app, signed(channel, userId, action));
      if (status !== 200) throw new Error(`calibration of ${app} on ${channel} answered ${status}`);
      await settle(platform);
      perStep.push((await arrivals(platform)).filter((a) => a.userId === userId).slice(before).map((a) => a.text));
    }
    out[channel] = perStep;
  }
  await fetch(`${platform}/__reset`, { method: 'POST' });
  return out;
}

/** A server under test: its base URL, its process ids (CPU, RSS, heap), and how to ask them for heap totals. */
export interface Target {
  url: string;
  pids: number[];
  /** The server's key prefix (REDIS_PREFIX), to weigh what it keeps per user. */
  prefix: string;
  heap: (pids: number[]) => Promise<HeapTotals>;
}

export interface PhaseResult {
  phase: string;
  ackedPerSecond: number;
  non2xx: number;
  ackP50: number;
  ackP95: number;
  ackP99: number;
  e2eP50: number;
  e2eP99: number;
  /** Replies the platform received while the load ran, per second. */
  repliesPerSecond: number;
  repliesExpected: number;
  repliesDelivered: number;
  usersWithWrongReplies: number;
  rssMbMax: number;
  /** The server process(es)' CPU time per acknowledged event (all threads: GC included), in µs. */
  appCpuMicrosPerEvent: number;
  /** Redis's CPU time per acknowledged event (the whole Redis: other clients of a shared one count too). */
  redisCpuMicrosPerEvent: number;
  /** Bytes allocated on the V8 heap per acknowledged event (bench/heap-probe.mjs). */
  heapBytesPerEvent: number;
  /** Garbage collections per 1,000 acknowledged events, and their share of the CPU time. */
  gcPerThousandEvents: number;
  gcShareOfCpu: number;
  redisBytesPerSession: number;
  /** What Redis holds per user once their turn is over (MEMORY USAGE of each of their keys, a sample of users). */
  idleBytesPerUser: number;
  /** Of which the session value's key. */
  sessionKeyBytes: number;
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
 * The app's cumulative turn time and reply delay with their counts, from /metrics (zero for a server without
 * one); a phase's mean is the difference of two readings. With two processes behind one port this reads one of
 * them, a fair sample.
 */
async function histograms(app: string): Promise<Histograms> {
  const res = await fetch(`${app}/metrics`).catch(() => undefined);
  const text = res?.ok ? await res.text() : '';
  const total = (name: string) => [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} ([0-9.e+-]+)$`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0);
  const read = (name: string) => ({ sum: total(`${name}_sum`), count: total(`${name}_count`) });
  return { turn: read('bhxh_turn_duration_seconds'), reply: read('bhxh_reply_delay_seconds') };
}

const meanMs = (after: { sum: number; count: number }, before: { sum: number; count: number }) =>
  round(((after.sum - before.sum) / Math.max(1, after.count - before.count)) * 1000, 2);

/** The Redis the servers share: one server, or a cluster (its masters read one by one). */
export type BenchRedis = Redis | Cluster;
const masters = (redis: BenchRedis): Redis[] => (redis instanceof Cluster ? redis.nodes('master') : [redis]);

/** Redis's own CPU seconds so far (INFO cpu: the main thread and its helpers, user + system), every master summed. */
async function redisCpuSeconds(redis: BenchRedis): Promise<number> {
  const infos = await Promise.all(masters(redis).map((r) => r.info('cpu')));
  const read = (info: string, name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  return infos.reduce((s, info) => s + read(info, 'used_cpu_user') + read(info, 'used_cpu_sys'), 0);
}

export async function usedMemory(redis: BenchRedis): Promise<number> {
  const infos = await Promise.all(masters(redis).map((r) => r.info('memory')));
  return infos.reduce((s, info) => s + Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0), 0);
}

export async function deletePrefix(redis: BenchRedis, prefix: string): Promise<void> {
  for (const node of masters(redis)) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      // One key at a time on a cluster: a node takes only keys of one slot per command.
      if (found.length > 0) await (redis instanceof Cluster ? Promise.all(found.map((k) => redis.unlink(k))) : node.unlink(...found));
    } while (cursor !== '0');
  }
}

/** How many users of a phase have their keys weighed. */
const WEIGHED_USERS = 200;

/** The platform message id a signed body carries (Zalo `message.msg_id`, Messenger `message.mid`). */
function eventIdOf(body: string): string {
  const b = JSON.parse(body) as { message?: { msg_id?: string }; entry?: { messaging: { message?: { mid?: string } }[] }[] };
  return b.message?.msg_id ?? b.entry?.[0]?.messaging[0]?.message?.mid ?? '';
}

/**
 * Mean bytes Redis keeps per user after their turns (MEMORY USAGE, key and value with Redis's overhead, of every
 * per-user key the app writes: session, dedupe markers, last interaction, reply counters), and of the session key
 * alone. The raw-limit server keeps only the dedupe markers.
 */
async function weigh(redis: BenchRedis, prefix: string, sample: { id: string; channel: Channel; eventIds: string[] }[]): Promise<{ perUser: number; session: number }> {
  if (sample.length === 0) return { perUser: NaN, session: NaN };
  let total = 0;
  let session = 0;
  for (const u of sample) {
    const perUser = [keys.session(u.channel, u.id), keys.lastInteraction(u.channel, u.id), keys.outSeq(u.channel, u.id), keys.deliveredSeq(u.channel, u.id), ...u.eventIds.map((e) => keys.processed(u.channel, u.id, e))];
    const sizes = await Promise.all(perUser.map((k) => redis.memory('USAGE', prefix + k, 'SAMPLES', 0) as Promise<number | null>));
    total += sizes.reduce<number>((s, n) => s + (n ?? 0), 0);
    session += sizes[0] ?? 0;
  }
  return { perUser: Math.round(total / sample.length), session: Math.round(session / sample.length) };
}

/**
 * One phase: fresh users walk `script` (one request per step, each user's steps one after the other, as a
 * person sends them) for the phase's duration, as fast as acknowledged or at `rate` events/s offered. Then waits
 * for the replies and checks every user got exactly the calibrated ones, in order.
 */
export async function runPhase(
  opts: BenchOptions,
  name: string,
  target: Target,
  platform: string,
  script: UserAction[],
  calib: Calibration,
  redis: BenchRedis,
  rate?: number,
): Promise<PhaseResult> {
  const app = target.url;
  const { pids } = target;
  await fetch(`${platform}/__reset`, { method: 'POST' });
  const idBase = nextIdBase();
  const before = await histograms(app);
  const memBefore = await usedMemory(redis);
  interface UserRun {
    channel: Channel;
    sentAt: number[];
    acked: number;
    /** The platform's message ids, for the users whose keys are weighed. */
    eventIds?: string[];
  }
  const users = new Map<string, UserRun>();
  let userCounter = 0;
  const clock = () => performance.timeOrigin + performance.now();

  // One request per script step; the context lives for one pass, so each pass is a fresh user, and a
  // connection waits for each ack before the next step: every user's events arrive in order.
  type Ctx = { user?: string };
  // Ack latency measured here, from the moment a request is handed to the socket, so the paced instances of a
  // rate phase share one distribution.
  const ackMs: number[] = [];
  const requests: autocannon.Request[] = script.map((action, step) => ({
    method: 'POST' as const,
    setupRequest: (req: autocannon.Request, ctx: object) => {
      const context = ctx as Ctx;
      if (step === 0) {
        const channel = opts.channels[userCounter % opts.channels.length]!;
        // Numeric ids like the platforms' own (Zalo user ids and PSIDs are digit strings).
        context.user = String(idBase + ++userCounter);
        users.set(context.user, { channel, sentAt: [], acked: 0 });
      }
      const userId = context.user!;
      const run = users.get(userId)!;
      const signedReq = signed(run.channel, userId, action);
      if (userCounter <= WEIGHED_USERS) (run.eventIds ??= []).push(eventIdOf(signedReq.body));
      run.sentAt[step] = clock();
      return { ...req, path: signedReq.path, body: signedReq.body, headers: signedReq.headers };
    },
    onResponse: (status: number, _body: string, ctx: object) => {
      const run = users.get((ctx as Ctx).user!)!;
      ackMs.push(clock() - run.sentAt[step]!);
      if (status === 200) run.acked = step + 1;
    },
  }));

  const heapBefore = await target.heap(pids);
  const redisCpuBefore = await redisCpuSeconds(redis);
  const cpuBefore = pids.reduce((sum, p) => sum + cpuSeconds(p), 0);
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, pids.reduce((s, p) => s + rssMb(p), 0))), 250);
  const slots = rate ? RATE_SLOTS : 1;
  const loadStart = clock();
  const runs = await Promise.all(
    Array.from({ length: slots }, async (_, slot) => {
      await sleep((slot * 1000) / slots);
      return autocannon({
        url: app,
        connections: Math.max(1, Math.round(opts.connections / slots)),
        duration: opts.durationS,
        requests,
        ...(rate ? { overallRate: Math.max(1, Math.round(rate / slots)) } : {}),
      });
    }),
  );
  const loadEnd = clock();
  clearInterval(sampler);
  const sent = runs.reduce((sum, r) => sum + r.requests.total, 0);
  const non2xx = runs.reduce((sum, r) => sum + r.non2xx, 0);
  ackMs.sort((a, b) => a - b);

  const expected = [...users.values()].reduce((sum, u) => sum + calib[u.channel].slice(0, u.acked).reduce((s, texts) => s + texts.length, 0), 0);
  await settle(platform, expected, 1000, 120_000);
  const after = await histograms(app);
  // After the replies settled, so the delivery work of the acknowledged events is counted too.
  const cpuUsed = pids.reduce((sum, p) => sum + cpuSeconds(p), 0) - cpuBefore;
  const heapAfter = await target.heap(pids);
  const redisCpuUsed = (await redisCpuSeconds(redis)) - redisCpuBefore;
  const got = await arrivals(platform);
  const memAfter = await usedMemory(redis);
  const weighed = await weigh(redis, target.prefix, [...users].filter(([, u]) => u.eventIds).map(([id, u]) => ({ id, channel: u.channel, eventIds: u.eventIds! })));

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
  const ackedEvents = Math.max(1, sent - non2xx);
  const loadSeconds = (loadEnd - loadStart) / 1000;
  return {
    phase: name,
    ackedPerSecond: Math.round((sent - non2xx) / opts.durationS),
    non2xx,
    ackP50: round(percentile(ackMs, 50)),
    ackP95: round(percentile(ackMs, 95)),
    ackP99: round(percentile(ackMs, 99)),
    e2eP50: round(percentile(e2e, 50)),
    e2eP99: round(percentile(e2e, 99)),
    repliesPerSecond: Math.round(got.filter((a) => a.at >= loadStart && a.at <= loadEnd).length / loadSeconds),
    repliesExpected: expected,
    repliesDelivered: got.length,
    usersWithWrongReplies: wrong,
    rssMbMax: Math.round(rssMax),
    appCpuMicrosPerEvent: Math.round((cpuUsed * 1e6) / ackedEvents),
    redisCpuMicrosPerEvent: Math.round((redisCpuUsed * 1e6) / ackedEvents),
    heapBytesPerEvent: Math.round((heapAfter.allocatedBytes - heapBefore.allocatedBytes) / ackedEvents),
    gcPerThousandEvents: round(((heapAfter.gcCount - heapBefore.gcCount) * 1000) / ackedEvents),
    gcShareOfCpu: round((heapAfter.gcMicros - heapBefore.gcMicros) / 1e6 / Math.max(0.01, cpuUsed), 3),
    redisBytesPerSession: Math.round((memAfter - memBefore) / Math.max(1, users.size)),
    idleBytesPerUser: weighed.perUser,
    sessionKeyBytes: weighed.session,
    turnMeanMs: meanMs(after.turn, before.turn),
    replyMeanMs: meanMs(after.reply, before.reply),
  };
}
