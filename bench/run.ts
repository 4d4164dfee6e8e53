import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Cluster, Redis } from 'ioredis';
import { DisposableCluster } from '../test/support/redis-cluster.ts';
import { parseCli, usageError } from '../src/cli/args.ts';
import { benchEnv } from './events.ts';
import {
  calibrate,
  deletePrefix,
  freePort,
  median,
  ROOT,
  round,
  runPhase,
  serverNodeFlags,
  startChild,
  stopChild,
  waitReady,
  type BenchOptions,
  type BenchRedis,
  type Channel,
  type PhaseResult,
  type Target,
} from './harness.ts';
import { measureLanguage } from './language.ts';
import { BENCH_SCRIPT, FIRST_MESSAGE_SCRIPT } from './script.ts';

/**
 * `npm run bench`: the app (one process, then two behind one port) on the real Redis, a fake Zalo + Graph API
 * on loopback, and autocannon driving signed webhooks from many simulated users. Two jobs:
 * - `conversation` (default): each user walks the three-step script of bench/script.ts;
 * - `first-message`: each user is new and sends one message, and the same load goes, in alternating turns, to
 *   the raw-limit server of bench/raw-limit.ts, so every run prints the app's ratio to the limit measured on the
 *   same machine at the same time.
 * Prints a table and writes bench/results/<job>.json. Nothing here is asserted: figures are for reading.
 */

const SPEC = {
  name: 'npm run bench',
  usage: `usage: npm run bench -- [options]   (needs Redis; REDIS_URL or --redis to change it)
  --job conversation|first-message  what each simulated user does (default conversation)
  --mode one|two|both               one app process, two behind one port, or both in turn
                                    (default both; first-message: one)
  --phase max|rate|both             as fast as acknowledged, --rate events/s offered, or both (default both)
  --rate N                          events/s offered in the rate phase (default 1000)
  --duration S                      seconds per phase (default 15; first-message 10)
  --connections N                   concurrent connections (default 64; first-message 48)
  --rounds N                        first-message: turns per server, raw limit and app alternating (default 3)
  --channels zalo,messenger         which channels the users are on (default both)
  --redis URL                       Redis (default REDIS_URL or redis://127.0.0.1:6379)
  --cluster N                       instead, a throw-away Redis Cluster of N masters on loopback (no persistence)
  --profile                         write a V8 CPU profile of each server process to bench/results/profile/
  --out FILE                        where the JSON results go (default bench/results/<job>.json)
  -h, --help                        print this
Exit codes: 0 done, 1 failed, 2 usage error.`,
  options: {
    job: { type: 'string', default: 'conversation' },
    mode: { type: 'string' },
    phase: { type: 'string', default: 'both' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    rate: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    redis: { type: 'string', default: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' },
    cluster: { type: 'string' },
    channels: { type: 'string', default: 'zalo,messenger' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
} as const;
const { values: args } = parseCli(SPEC);
const JOB = args.job;
if (JOB !== 'conversation' && JOB !== 'first-message') usageError(SPEC, `--job must be conversation or first-message, not ${JOB}`);
const FIRST = JOB === 'first-message';
const OPTS: BenchOptions = {
  durationS: Number(args.duration ?? (FIRST ? 10 : 15)),
  connections: Number(args.connections ?? (FIRST ? 48 : 64)),
  channels: args.channels.split(',') as Channel[],
  profile: args.profile,
};
const MODE = args.mode ?? (FIRST ? 'one' : 'both');
if (MODE !== 'one' && MODE !== 'two' && MODE !== 'both') usageError(SPEC, `--mode must be one, two or both, not ${MODE}`);
const MODES: ('one' | 'two')[] = MODE === 'both' ? ['one', 'two'] : [MODE];
const E2E_RATE = Number(args.rate);
const ROUNDS = Number(args.rounds);
const REDIS_URL = args.redis;
const OUT = args.out ?? `bench/results/${FIRST ? 'first-message' : 'latest'}.json`;

/** The throw-away cluster of `--cluster` (the cluster tests' own, test/support/redis-cluster.ts). */
let cluster: DisposableCluster | undefined;

interface Server extends Target {
  stop: () => Promise<void>;
}

/**
 * Starts `script` (the compiled app by default) as one process, or as two behind one port, with its own key
 * prefix, and waits until it answers /readyz.
 */
async function startServer(mode: 'one' | 'two', platform: string, redis: BenchRedis, label: string, script?: string): Promise<Server> {
  const port = await freePort();
  const prefix = `bench:${process.pid}:${label}:`;
  const env = { ...benchEnv({ port, platformUrl: platform, redisUrl: REDIS_URL, redisPrefix: prefix }), ...(cluster ? { REDIS_CLUSTER_NODES: cluster.spec } : {}) };
  const flags = serverNodeFlags(OPTS);
  const started =
    mode === 'one'
      ? await startChild([script ?? 'dist/main.js'], env, { flags, ...(script ? { ready: /^ready / } : {}) })
      : await startChild(['bench/app-cluster.ts', '2', `${ROOT}${script ?? 'dist/main.js'}`, ...flags], env, { ready: /^workers / });
  const pids = mode === 'one' ? [started.child.pid!] : started.line.split(' ').slice(1).map(Number);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(started.child);
    await deletePrefix(redis, prefix);
  };
  try {
    await waitReady(url);
  } catch (err) {
    await stop();
    throw err;
  }
  if (OPTS.profile) console.log(`${label}: CPU profiles of pid ${pids.join(', ')} go to bench/results/profile/`);
  return { url, pids, prefix, heap: started.heap, stop };
}

const processes = (mode: 'one' | 'two') => (mode === 'one' ? '1 process' : '2 processes');

/** The three-step conversation: max rate, then a paced rate, on the app alone. */
async function conversation(mode: 'one' | 'two', platform: string, redis: BenchRedis): Promise<PhaseResult[]> {
  const app = await startServer(mode, platform, redis, `conv-${mode}`);
  try {
    const calib = await calibrate(OPTS, app.url, platform, BENCH_SCRIPT);
    const results: PhaseResult[] = [];
    if (args.phase !== 'rate') results.push(await runPhase(OPTS, `${processes(mode)}, max rate`, app, platform, BENCH_SCRIPT, calib, redis));
    if (args.phase !== 'max') results.push(await runPhase(OPTS, `${processes(mode)}, ${E2E_RATE}/s`, app, platform, BENCH_SCRIPT, calib, redis, E2E_RATE));
    return results;
  } finally {
    await app.stop();
  }
}

interface Summary {
  server: string;
  phases: number;
  ackedPerSecond: number;
  ackP50: number;
  ackP99: number;
  repliesPerSecond: number;
  appCpuMicrosPerEvent: number;
  redisCpuMicrosPerEvent: number;
  heapBytesPerEvent: number;
  gcPerThousandEvents: number;
  idleBytesPerUser: number;
  wrongUsers: number;
}

function summarise(server: string, phases: PhaseResult[]): Summary {
  const med = (f: (r: PhaseResult) => number) => median(phases.map(f));
  return {
    server,
    phases: phases.length,
    ackedPerSecond: med((r) => r.ackedPerSecond),
    ackP50: med((r) => r.ackP50),
    ackP99: med((r) => r.ackP99),
    repliesPerSecond: med((r) => r.repliesPerSecond),
    appCpuMicrosPerEvent: med((r) => r.appCpuMicrosPerEvent),
    redisCpuMicrosPerEvent: med((r) => r.redisCpuMicrosPerEvent),
    heapBytesPerEvent: med((r) => r.heapBytesPerEvent),
    gcPerThousandEvents: med((r) => r.gcPerThousandEvents),
    idleBytesPerUser: med((r) => r.idleBytesPerUser),
    wrongUsers: phases.reduce((s, r) => s + r.usersWithWrongReplies, 0),
  };
}

/**
 * New users' first message, max rate, on the raw-limit server and the app in alternating turns (both running
 * the whole time, the idle one idle), so slow drifts of a shared machine hit both alike.
 */
async function firstMessage(mode: 'one' | 'two', platform: string, redis: BenchRedis): Promise<{ phases: PhaseResult[]; summary: Summary[] }> {
  const raw = await startServer(mode, platform, redis, `raw-${mode}`, 'bench/raw-limit.ts');
  try {
    const app = await startServer(mode, platform, redis, `first-${mode}`);
    try {
      const servers = [
        { name: `raw limit, ${processes(mode)}`, target: raw, calib: await calibrate(OPTS, raw.url, platform, FIRST_MESSAGE_SCRIPT) },
        { name: `app, ${processes(mode)}`, target: app, calib: await calibrate(OPTS, app.url, platform, FIRST_MESSAGE_SCRIPT) },
      ];
      const byServer = new Map<string, PhaseResult[]>(servers.map((s) => [s.name, []]));
      for (let round = 1; round <= ROUNDS; round++) {
        for (const s of servers) {
          const r = await runPhase(OPTS, `${s.name}, turn ${round}`, s.target, platform, FIRST_MESSAGE_SCRIPT, s.calib, redis);
          byServer.get(s.name)!.push(r);
          console.log(`  ${r.phase}: ${r.ackedPerSecond}/s, p99 ${r.ackP99} ms, ${r.appCpuMicrosPerEvent} µs/event`);
        }
      }
      return { phases: [...byServer.values()].flat(), summary: servers.map((s) => summarise(s.name, byServer.get(s.name)!)) };
    } finally {
      await app.stop();
    }
  } finally {
    await raw.stop();
  }
}

function phaseRow(r: PhaseResult) {
  return {
    phase: r.phase,
    'acked/s': r.ackedPerSecond,
    'ack p50 ms': r.ackP50,
    'ack p95 ms': r.ackP95,
    'ack p99 ms': r.ackP99,
    'e2e p50 ms': r.e2eP50,
    'e2e p99 ms': r.e2eP99,
    'replies/s': r.repliesPerSecond,
    replies: `${r.repliesDelivered}/${r.repliesExpected}`,
    'wrong users': r.usersWithWrongReplies,
    'non-2xx': r.non2xx,
    'RSS MB': r.rssMbMax,
    'CPU µs/event': r.appCpuMicrosPerEvent,
    'Redis CPU µs/event': r.redisCpuMicrosPerEvent,
    'heap kB/event': round(r.heapBytesPerEvent / 1024),
    'GC/1k events': r.gcPerThousandEvents,
    'GC % CPU': round(r.gcShareOfCpu * 100),
    'Redis B/session': r.redisBytesPerSession,
    'Redis B/idle user': r.idleBytesPerUser,
    'session key B': r.sessionKeyBytes,
    'turn ms': r.turnMeanMs,
    'reply ms': r.replyMeanMs,
  };
}

async function main(): Promise<void> {
  const language = measureLanguage();
  console.log(`language: all parsers on one message take ${language.microsecondsPerMessage} µs on average (${language.messages} messages, ${language.source})`);
  console.log('building the app (npm run build)…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (args.cluster) {
    cluster = await DisposableCluster.start(Number(args.cluster), { durable: false });
    console.log(`Redis Cluster of ${args.cluster} masters on ${cluster.spec}`);
  }
  const redis: BenchRedis = cluster ? new Cluster(cluster.nodes) : new Redis(REDIS_URL);
  const platformProc = await startChild(['bench/fake-platform.ts'], {}, { ready: /^ready / });
  const platform = platformProc.line.split(' ')[1]!.trim();
  const results: PhaseResult[] = [];
  const summaries: Summary[] = [];
  try {
    for (const mode of MODES) {
      if (FIRST) {
        const { phases, summary } = await firstMessage(mode, platform, redis);
        results.push(...phases);
        summaries.push(...summary);
      } else {
        results.push(...(await conversation(mode, platform, redis)));
      }
    }
  } finally {
    await stopChild(platformProc.child);
    redis.disconnect();
    await cluster?.dispose();
  }
  console.table(results.map(phaseRow));
  if (FIRST) {
    console.log(`medians of ${ROUNDS} turns each, ${OPTS.durationS} s a turn, ${OPTS.connections} connections, new users only:`);
    console.table(
      summaries.map((s) => ({
        server: s.server,
        'acked/s': s.ackedPerSecond,
        'ack p50 ms': s.ackP50,
        'ack p99 ms': s.ackP99,
        'replies/s': s.repliesPerSecond,
        'CPU µs/event': s.appCpuMicrosPerEvent,
        'Redis CPU µs/event': s.redisCpuMicrosPerEvent,
        'heap kB/event': round(s.heapBytesPerEvent / 1024),
        'GC/1k events': s.gcPerThousandEvents,
        'Redis B/idle user': s.idleBytesPerUser,
        'wrong users': s.wrongUsers,
      })),
    );
    for (let i = 0; i + 1 < summaries.length; i += 2) {
      const [raw, app] = [summaries[i]!, summaries[i + 1]!];
      console.log(
        `${app.server}: ${round((100 * app.ackedPerSecond) / raw.ackedPerSecond)} % of the raw limit's acked/s, ` +
          `p99 ack ${round(app.ackP99 / raw.ackP99, 2)}× the limit's, ${round(app.appCpuMicrosPerEvent / raw.appCpuMicrosPerEvent, 2)}× its CPU per event`,
      );
    }
  }
  const out = {
    date: new Date().toISOString(),
    job: JOB,
    node: process.version,
    cores: availableParallelism(),
    durationSeconds: OPTS.durationS,
    connections: OPTS.connections,
    script: FIRST ? FIRST_MESSAGE_SCRIPT : BENCH_SCRIPT,
    language,
    results,
    ...(FIRST ? { summary: summaries } : {}),
  };
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(OUT, `file://${ROOT}`), JSON.stringify(out, null, 2) + '\n');
  console.log(`written ${OUT}`);
}

await main();
