import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { createConsoleExtension, type ConsoleServices } from '../src/console/index.ts';
import { StaffRegistry } from '../src/console/staff.ts';
import { createTicketsApi } from '../src/console/tickets.ts';
import { buildEngine } from '../src/engine-factory.ts';
import { createHandoffExtension, type HandoffService, type TicketStore } from '../src/handoff/index.ts';
import { vietnamDate } from '../src/insurance/calendar.ts';
import { indexesOf } from '../src/leads/lead-index.ts';
import { leadKeys } from '../src/leads/lead-store.ts';
import { createLeadsExtension } from '../src/leads/index.ts';
import type { Agent, Lead } from '../src/leads/types.ts';
import { createLogger } from '../src/log.ts';
import { createRuntime } from '../src/runtime.ts';
import { keys } from '../src/store/keys.ts';
import { AuditLog } from '../src/console/audit.ts';
import { Funnel, FUNNEL_STEPS } from '../src/console/funnel.ts';
import { Targets } from '../src/console/targets.ts';
import { UnansweredQuestions } from '../src/console/unanswered.ts';
import type { Redis } from 'ioredis';
import { connectRedis, RedisStore } from '../src/store/redis-store.ts';
import { deletePrefix } from './harness.ts';

/**
 * `npm run bench:console`: every console page timed at 100,000 leads. Seeds a Redis prefix of its own (leads over
 * 34 provinces and 2,000 agents, 92 days of funnel counters, 1,000 unanswered questions, targets, audit records),
 * logs in over HTTP like a browser, then GETs each page 25 times (after 3 warm-ups) and prints the median and p95
 * of the whole answer. Deletes its keys at the end. Nothing is asserted: figures are for reading (README, Console).
 * Options: LEADS=100000 RUNS=25 REDIS_URL=redis://127.0.0.1:6379.
 */
const LEADS = Number(process.env.LEADS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 25);
const PROVINCES = Array.from({ length: 34 }, (_, i) => String(i + 1).padStart(2, '0'));
const AGENTS_PER_PROVINCE = 60;
const PASSWORD = 'bench-password-1';

const config = { ...loadConfig({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }), redisPrefix: `bench-console-${randomUUID().slice(0, 6)}:` };
const engine = await buildEngine();
let svc!: ConsoleServices;
let handoff: { service: HandoffService; tickets: TicketStore } | undefined;
const office = createConsoleExtension({ engine, tickets: () => createTicketsApi(handoff!), onReady: (s) => (svc = s) });
const rt = createRuntime({
  config,
  engine,
  logger: createLogger('error'),
  adapters: () => [],
  extensions: [createLeadsExtension({ onReady: office.onLeadsReady, processJobs: false }), createHandoffExtension({ processJobs: false, onReady: (p) => (handoff = p) }), office.extension],
});
// Seeding goes through a connection of its own without the request path's 500 ms command timeout: tens of
// thousands of writes queue up, which is what a seed does and a webhook never should.
const store = new RedisStore(connectRedis(config.redisUrl!, {}), config.redisPrefix);
const seedFunnel = new Funnel(store);
const seedQuestions = new UnansweredQuestions(store);

/** Runs the tasks a few hundred at a time: all at once would outrun the store's command timeout. */
async function inChunks(tasks: (() => Promise<unknown>)[], size = 500): Promise<void> {
  for (let i = 0; i < tasks.length; i += size) await Promise.all(tasks.slice(i, i + size).map((t) => t()));
}

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
const ward = (p: string, i: number) => `${p}${String(i % 40).padStart(3, '0')}`;

async function seed(): Promise<void> {
  const t0 = performance.now();
  const agents: Agent[] = PROVINCES.flatMap((p) =>
    Array.from({ length: AGENTS_PER_PROVINCE }, (_, i) => ({
      id: `AG${p}${String(i).padStart(3, '0')}`, name: `Đại lý ${p}-${i}`, kind: 'commune_agent' as const, phone: '0555 000 000', zaloUserId: `9${p}${String(i).padStart(6, '0')}`,
      wardCode: ward(p, i), provinceCode: p, lat: 21 + i / 100, lon: 105 + i / 100, active: i % 10 !== 9, sample: true,
    })),
  );
  await svc.agents.replaceAll(agents);
  await inChunks(agents.filter((_, i) => i % 3 !== 0).map((a, i) => () => store.set(keys.lastInteraction('zalo', a.zaloUserId), String(Date.now() - (i % 7) * 86_400_000), 7 * 86_400)));
  const now = Date.now();
  const statuses = ['new', 'offered', 'offered', 'accepted', 'contacted', 'registered', 'registered', 'expired', 'declined'] as const;
  for (let start = 0; start < LEADS; start += 1_000) {
    const batch: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(LEADS, start + 1_000); i++) {
      // Province 01 gets a tenth of all leads; the rest spread over the others.
      const p = i % 10 === 0 ? '01' : pick(PROVINCES, i);
      const agentNo = i % AGENTS_PER_PROVINCE;
      const at = new Date(now - (i / LEADS) * 365 * 86_400_000).toISOString();
      const status = pick(statuses, i);
      const lead: Lead = {
        id: `b${i.toString(36)}`, channel: i % 3 ? 'zalo' : 'messenger', userId: `u${i}`, consent: { version: '2026-11-v1', at },
        name: `Người dùng ${i}`, phone: `+8490${String(i).padStart(7, '0')}`, location: { kind: 'place', provinceCode: p, wardCode: ward(p, agentNo), label: `Xã ${agentNo}, tỉnh ${p}` },
        provinceCode: p, wardCode: ward(p, agentNo), status, candidates: [`AG${p}${String(agentNo).padStart(3, '0')}`], offerIndex: status === 'new' ? -1 : 0,
        ...(status === 'new' ? {} : { assignedAgentId: `AG${p}${String(agentNo).padStart(3, '0')}` }),
        createdAt: at, updatedAt: at, history: [{ at, event: 'created', status: 'new' }],
      };
      batch.push(Promise.all(indexesOf(lead).map((n) => store.addToIndex(n, lead.id, Date.parse(at)))).then(() => store.set(leadKeys.lead(lead.id), JSON.stringify(lead), 400 * 86_400)));
    }
    await Promise.all(batch);
  }
  // 92 days of funnel counters over every province and 5 communes each.
  for (let d = 0; d < 92; d++) {
    const at = now - d * 86_400_000;
    const incs: (() => Promise<unknown>)[] = [];
    for (const p of PROVINCES) for (let w = 0; w < 5; w++) for (const step of FUNNEL_STEPS) incs.push(() => seedFunnel.count(step, { province: p, ward: ward(p, w) }, at));
    for (let s = 0; s < 40; s++) incs.push(() => seedFunnel.flowStep('reached', `flow${s % 5}/step${s}`, at), () => seedFunnel.flowStep('movedOn', `flow${s % 5}/step${s}`, at));
    await inChunks(incs, 5_000);
  }
  const topics = ['lương hưu của mẹ tôi', 'đóng cho con được không', 'mất thẻ bảo hiểm y tế', 'chuyển tỉnh thì sao', 'đóng bù 5 năm', 'rút một lần được không'];
  await inChunks(Array.from({ length: 1_000 }, (_, i) => () => seedQuestions.record(`${pick(topics, i)} ${i % 7 === 0 ? 'ạ' : ''} số 0903 ${String(i).padStart(6, '0')}`, now - i * 60_000)));
  await new Targets(store).replace(PROVINCES.flatMap((p) => [{ year: vietnamDate(new Date(now)).slice(0, 4), province: p, ward: '', target: 5_000 }, ...Array.from({ length: 10 }, (_, w) => ({ year: vietnamDate(new Date(now)).slice(0, 4), province: p, ward: ward(p, w), target: 300 }))]));
  const audit = new AuditLog(store);
  await inChunks(Array.from({ length: 5_000 }, (_, i) => () => audit.record({ at: now - i * 10_000, username: 'quantri', action: 'view_leads', detail: `bench ${i}` })));
  await new StaffRegistry(store).add({ username: 'quantri', role: 'admin' }, PASSWORD);
  await new StaffRegistry(store).add({ username: 'tinh01', role: 'province', province: '01' }, PASSWORD);
  console.log(`seeded ${LEADS.toLocaleString('en')} leads, ${agents.length} agents, funnel, questions, targets, audit in ${Math.round(performance.now() - t0)} ms`);
}

async function login(base: string, username: string): Promise<string> {
  const pre = await fetch(`${base}/console/login`);
  const cookie = pre.headers.getSetCookie()[0]!.split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await pre.text())![1]!;
  const res = await fetch(`${base}/console/login`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password: PASSWORD, _csrf: token }).toString(),
  });
  return res.headers.getSetCookie().find((c) => c.startsWith('bhxh_console='))!.split(';')[0]!;
}

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

try {
  await seed();
  const server = await rt.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = await login(base, 'quantri');
  const province = await login(base, 'tinh01');
  const someLead = (await svc.leads.query({ province: '01', limit: 1 })).leads[0]!.id;
  const pages: [string, string, string][] = [
    ['overview', '/console', admin],
    ['leads (all, page 1)', '/console/leads', admin],
    ['leads (page 1,000)', '/console/leads?page=1000', admin],
    ['leads status+province+dates', '/console/leads?status=offered&province=01&from=2026-06-01&to=2026-11-30', admin],
    ['leads province staff', '/console/leads?status=registered', province],
    ['leads agent within province', '/console/leads?agent=AG01000&province=01', admin],
    ['lead detail', `/console/leads/${someLead}`, admin],
    ['agents (2,040)', '/console/agents', admin],
    ['tickets', '/console/tickets', admin],
    ['funnel 30 days', '/console/funnel', admin],
    ['funnel 92 days by week', '/console/funnel?period=week&days=92', admin],
    ['funnel province 01', '/console/funnel?province=01', province],
    ['unanswered (1,000)', '/console/unanswered', admin],
    ['targets', '/console/targets', admin],
    ['chat simulator', '/console/chat', admin],
    ['audit log', '/console/audit', admin],
    ['API leads', '/api/v1/admin/leads?province=01', admin],
    ['API funnel', '/api/v1/admin/funnel', admin],
  ];
  const rows: { page: string; median: number; p95: number; kb: number }[] = [];
  for (const [name, path, cookie] of pages) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS + 3; i++) {
      const t = performance.now();
      const res = await fetch(base + path, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      if (i >= 3) times.push(performance.now() - t);
      bytes = body.byteLength;
    }
    rows.push({ page: name, median: Math.round(q(times, 0.5) * 10) / 10, p95: Math.round(q(times, 0.95) * 10) / 10, kb: Math.round(bytes / 102.4) / 10 });
  }
  console.log(`\nconsole pages at ${LEADS.toLocaleString('en')} leads (${RUNS} runs each, ms for the whole answer, one client):`);
  console.table(rows);
} finally {
  await rt.stop();
  // After the stop: closing the queues writes BullMQ's meta keys under the prefix too.
  await deletePrefix(store.redis as Redis, config.redisPrefix);
  await store.close();
}
