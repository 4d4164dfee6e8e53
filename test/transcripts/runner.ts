import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ChannelAdapter } from '../../src/channels/channel.ts';
import type { ChannelName, Choice, InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import type { DomainEvent, Engine } from '../../src/conversation/types.ts';
import { createI18n } from '../../src/i18n.ts';
import type { Config } from '../../src/config.ts';
import { createHandoffExtension, staticRoster } from '../../src/handoff/index.ts';
import { createLeadsExtension } from '../../src/leads/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { keys } from '../../src/store/keys.ts';
import type { Store } from '../../src/store/types.ts';
import { FakeChannel, silentLogger, testConfig } from '../support/fakes.ts';

/**
 * Transcript tests: multi-turn scenarios written as data (test/transcripts/*.yaml), played through the real
 * webhook route (HTTP → signature → parse → turn pipeline → engine → queue → channel send).
 *
 * A scenario:
 *   name: …
 *   turns:
 *     - user: thu nhập 5tr            # or tap: <button title | #payload>, start: follow, location: {latitude, longitude},
 *                                     #    contact: {name, phone}
 *       bot:                          # matched in order; other messages in between are allowed
 *         - key: contribution.result  # the text is this key's Vietnamese template ({{x}} matches anything)
 *           has: ["1.034.000 đ"]      # and contains these (key numbers)
 *           buttons: [yes, no]        # choice values (#choice:<value>) or full payloads (a trailing * matches
 *                                     #    an unknown id), exactly, in order
 *         - kind: request_contact
 *       silent: true                  # the bot sends nothing (e.g. paused for a person)
 *       session: { position: contribution.after, vars: { income: 5000000 } }   # null: no session stored
 *       events: [estimate_shown]      # domain events of this turn, exactly, in order
 *     - agent: "1000000000000000101"  # a collection agent (on Zalo) types (user:) or taps (tap:) this turn
 *       tap: Nhận
 *       agentSees: [{ key: leads:agent.accepted }]   # messages to the agent(s) since the last turn
 *       bot: [{ key: leads:user.accepted, has: [...] }]   # messages to the user, as above
 *     - wait: 600                     # let time pass (lead accept timeouts)
 *
 * With `agents: <file.csv>` (next to the scenarios) the leads service runs too, with that registry and
 * `leadTimeoutMs` as the accept timeout; agents talk over Zalo whatever the user's channel is. Lead messages come
 * from background jobs, so expectations are awaited (up to a few seconds) rather than checked at once.
 *
 * Every scenario also runs with the user's typed text stripped of diacritics.
 */

const expectedMessage = z
  .object({
    /** One key, or several said in the same message. */
    key: z.union([z.string(), z.array(z.string())]).optional(),
    has: z.array(z.string()).optional(),
    buttons: z.array(z.string()).optional(),
    kind: z.enum(['text', 'request_contact', 'request_location']).optional(),
  })
  .strict();

const turnSchema = z
  .object({
    /** Numbers are read as typed text (`user: 091234567`). */
    user: z.union([z.string(), z.number()]).transform(String).optional(),
    tap: z.union([z.string(), z.number()]).transform(String).optional(),
    start: z.enum(['follow', 'get_started', 'chat_now', 'referral']).optional(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
    contact: z.object({ name: z.string().optional(), phone: z.string().optional() }).optional(),
    bot: z.array(expectedMessage).optional(),
    silent: z.boolean().optional(),
    session: z.union([z.null(), z.object({ position: z.string().nullable().optional(), vars: z.record(z.string(), z.unknown()).optional() })]).optional(),
    events: z.array(z.string()).optional(),
    lead: z.record(z.string(), z.unknown()).optional(),
    agent: z.string().optional(),
    agentSees: z.array(expectedMessage).optional(),
    wait: z.number().int().positive().optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string(),
    /** The instant of the first turn (default Monday 2026-11-23 10:00 in Hà Nội). */
    now: z.string().optional(),
    /** Only on these channels (a Zalo contact card has no Messenger equivalent); default all. */
    channels: z.array(z.enum(['zalo', 'messenger', 'console'])).optional(),
    /** Agents CSV (in test/transcripts/) for the leads service; without it no lead is routed. */
    agents: z.string().optional(),
    leadTimeoutMs: z.number().int().positive().optional(),
    /**
     * The handoff roster (staff on Zalo, with office hours); each has written to the OA unless `reachable: false`
     * (outside Zalo's 7-day window). Their notices are checked with `agentSees`, their buttons with `agent:`.
     */
    staff: z.array(z.object({ id: z.string(), zaloUserId: z.string(), hours: z.string().optional(), reachable: z.boolean().default(true) }).strict()).optional(),
    turns: z.array(turnSchema).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;
export type Turn = z.infer<typeof turnSchema>;

export const TRANSCRIPTS_DIR = new URL('./', import.meta.url).pathname;

export function loadScenarios(dir = TRANSCRIPTS_DIR): { file: string; scenario: Scenario }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const parsed = scenarioSchema.safeParse(parseYaml(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(`test/transcripts/${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return { file, scenario: parsed.data };
    });
}

/**
 * A channel under test. `open()` is called once per scenario run and gives a fresh platform double: the config the
 * runtime needs (the channel's secrets, a Redis URL), the adapter, the signed webhook request for an event, and what
 * the platform received, normalised back to OutboundMessage (for a real channel: its nock-recorded API bodies).
 */
export interface TranscriptChannel {
  name: ChannelName;
  open(): Promise<OpenChannel> | OpenChannel;
}

export interface OpenChannel {
  config?: Partial<Config>;
  /** A user id of the platform's shape (Zalo: digits). */
  userId?(): string;
  adapter(store: Store): ChannelAdapter;
  /** The HTTP request the platform would send for this event (signed). */
  request(event: InboundEvent): { path: string; body: string | Buffer; headers: Record<string, string> };
  sent(): { userId: string; message: OutboundMessage }[];
  close?(): Promise<void> | void;
}

/** The test double channel (FakeChannel): body `{ events }`, header `x-test-signature: ok`. */
export const fakeZalo: TranscriptChannel = {
  name: 'zalo',
  open() {
    const channel = new FakeChannel();
    return {
      adapter: () => channel,
      sent: () => channel.sent,
      request: (event) => ({
        path: '/webhooks/zalo',
        body: JSON.stringify({ events: [event] }),
        headers: { 'content-type': 'application/json', 'x-test-signature': 'ok' },
      }),
    };
  },
};

export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

const t = createI18n();

/** A key's Vietnamese template as a pattern: literal text, `{{x}}` matching anything. */
export function keyPattern(key: string): RegExp {
  const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['common', key];
  const raw: unknown = t.getResource('vi', ns, path) ?? t.getResource('vi', ns, `${path}_other`);
  const template = typeof raw === 'string' ? raw : undefined;
  if (template === undefined) throw new Error(`transcript refers to the text key ${key}, which does not exist`);
  const parts = String(template).split(/\{\{[^}]+\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[\\s\\S]*?'));
}

function describeMessage(m: OutboundMessage): string {
  const buttons = m.kind === 'text' && m.choices ? ` [${m.choices.map((c) => c.payload).join(' ')}]` : '';
  return `${m.kind}: ${m.kind === 'request_contact' ? m.title : m.kind === 'handover' ? m.to : m.text}${buttons}`;
}

function matches(m: OutboundMessage, e: z.infer<typeof expectedMessage>, stripped: boolean): boolean {
  if ((e.kind ?? 'text') !== m.kind) return false;
  const body = m.kind === 'request_contact' ? `${m.title}\n${m.subtitle}` : m.text;
  if (e.key && ![e.key].flat().every((k) => keyPattern(k).test(body))) return false;
  const norm = (s: string) => (stripped ? stripDiacritics(s) : s);
  if (e.has && !e.has.every((h) => norm(body).includes(norm(h)))) return false;
  if (e.buttons) {
    const got = m.kind === 'text' ? (m.choices ?? []).map((c) => c.payload) : [];
    const want = e.buttons.map((b) => (b.startsWith('#') ? b : `#choice:${b}`));
    // A trailing * stands for an id the scenario cannot know (`#lead:accept:*`).
    const same = (g: string, w: string) => (w.endsWith('*') ? g.startsWith(w.slice(0, -1)) : g === w);
    if (got.length !== want.length || !got.every((g, i) => same(g, want[i]!))) return false;
  }
  return true;
}

export interface RunOptions {
  channel: TranscriptChannel;
  engine: Engine;
  /** Replays the user's typed text without diacritics. */
  stripped: boolean;
  /** Where collection agents talk when the user's channel is not Zalo (the real Zalo adapter). */
  agentChannel?: TranscriptChannel;
}

const LEAD_WAIT_MS = 5_000;

/** Plays one scenario; throws an Error explaining the first turn that did not go as written. */
export async function runScenario(scenario: Scenario, opts: RunOptions): Promise<void> {
  const channel = await opts.channel.open();
  const agents = scenario.agents !== undefined;
  const staff = scenario.staff ?? [];
  // Agents and staff are on Zalo: the user's own channel when it is Zalo, else a second (real Zalo) channel beside it.
  const agentSide = (agents || staff.length > 0) && opts.channel.name !== 'zalo' && opts.agentChannel ? await opts.agentChannel.open() : undefined;
  const agentChannel = agentSide ?? channel;
  const sides = [channel, ...(agentSide ? [agentSide] : [])];
  const sent = () => sides.flatMap((c) => c.sent());
  /** Where each side's record stands now, and everything either side sent after a mark. */
  const mark = () => sides.map((c) => c.sent().length);
  const sentSince = (m: number[]) => sides.flatMap((c, i) => c.sent().slice(m[i]));
  const events: DomainEvent[] = [];
  const fixed = new Date(scenario.now ?? '2026-11-23T03:00:00Z').getTime(); // Monday 10:00 in Hà Nội
  const realStart = Date.now();
  const rt: Runtime = createRuntime({
    config: testConfig({
      ...channel.config,
      ...agentSide?.config,
      ...(agents ? { agentsFile: join(TRANSCRIPTS_DIR, scenario.agents!), leadAcceptTimeoutMs: scenario.leadTimeoutMs ?? 60_000 } : {}),
    }),
    engine: opts.engine,
    logger: silentLogger,
    adapters: (store) => [channel.adapter(store), ...(agentSide ? [agentSide.adapter(store)] : [])],
    now: () => fixed + (Date.now() - realStart),
    extensions: [
      () => ({ onDomainEvent: async (e) => void events.push(e) }),
      ...(agents ? [createLeadsExtension()] : []),
      createHandoffExtension({ roster: staticRoster(staff) }),
    ],
  });
  for (const s of staff.filter((m) => m.reachable)) await rt.store.set(keys.lastInteraction('zalo', s.zaloUserId), String(fixed), 7 * 86_400);
  const server = await rt.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const userId = channel.userId?.() ?? `user-${Math.random().toString(36).slice(2, 10)}`;
  const lastChoices = new Map<string, Choice[]>();
  let seq = 0;
  let seenUpTo = mark();
  try {
    for (const [i, turn] of scenario.turns.entries()) {
      const where = `${scenario.name} — turn ${i + 1}${opts.stripped ? ' (no diacritics)' : ''}`;
      if (turn.wait !== undefined) {
        await new Promise((r) => setTimeout(r, turn.wait));
        continue;
      }
      const from = turn.agent ?? userId;
      const ev = { channel: turn.agent ? ('zalo' as const) : opts.channel.name, userId: from, eventId: `t-${++seq}`, timestamp: fixed + seq };
      let event: InboundEvent;
      if (turn.user !== undefined) event = { ...ev, kind: 'text', text: opts.stripped ? stripDiacritics(turn.user) : turn.user };
      else if (turn.tap !== undefined) {
        const tap = turn.tap;
        const offered = lastChoices.get(from) ?? [];
        const choice = tap.startsWith('#') ? { payload: tap, title: tap } : offered.find((c) => c.title === tap || c.payload === `#choice:${tap}`);
        if (!choice) throw new Error(`${where}: no button "${tap}" among ${offered.map((c) => c.title).join(', ')}`);
        event = { ...ev, kind: 'payload', payload: choice.payload, title: choice.title };
      } else if (turn.start) event = { ...ev, kind: 'start', reason: turn.start };
      else if (turn.location) event = { ...ev, kind: 'location', ...turn.location };
      else if (turn.contact) event = { ...ev, kind: 'contact', ...turn.contact };
      else throw new Error(`${where}: a turn needs user, tap, start, location or contact`);

      const before = seenUpTo;
      const eventsBefore = events.length;
      const req = (turn.agent ? agentChannel : channel).request(event);
      const res = await fetch(`${base}${req.path}`, { method: 'POST', body: req.body, headers: req.headers });
      if (res.status !== 200) throw new Error(`${where}: webhook answered ${res.status}`);
      await drained(rt);
      // Lead jobs run on their own queue and send later: with agents, also wait for the sends to stop.
      if (agents || staff.length > 0) await quiet(sent);
      // Messages to the user and to agents since the last turn; lead notices come from background jobs, so
      // with agents in the scenario wait until what is expected has arrived.
      const since = () => sentSince(before);
      const check = (): string | undefined => {
        const out = since().filter((s) => s.userId === userId).map((s) => s.message);
        const toAgents = since().filter((s) => s.userId !== userId).map((s) => s.message);
        return inOrder(turn.bot ?? [], out, opts.stripped, 'bot') ?? inOrder(turn.agentSees ?? [], toAgents, opts.stripped, 'agents');
      };
      let problem = check();
      for (const start = Date.now(); problem && (agents || staff.length > 0) && Date.now() - start < LEAD_WAIT_MS; problem = check()) {
        await new Promise((r) => setTimeout(r, 25));
        await drained(rt);
      }
      if (problem) throw new Error(`${where}: ${problem}`);
      const out = since().filter((s) => s.userId === userId).map((s) => s.message);
      if (turn.silent && out.length > 0) throw new Error(`${where}: expected silence, bot said:\n    ${out.map(describeMessage).join('\n    ')}`);
      for (const s of since()) if (s.message.kind === 'text' && s.message.choices?.length) lastChoices.set(s.userId, s.message.choices);
      seenUpTo = mark();

      if (turn.events) {
        const got = events.slice(eventsBefore).map((e) => e.type);
        if (JSON.stringify(got) !== JSON.stringify(turn.events)) throw new Error(`${where}: events ${JSON.stringify(got)}, expected ${JSON.stringify(turn.events)}`);
      }
      if (turn.lead) {
        const lead = events.slice(eventsBefore).find((e) => e.type === 'lead_submitted');
        if (!lead || lead.type !== 'lead_submitted') throw new Error(`${where}: no lead_submitted`);
        assertSubset(lead.lead, turn.lead, `${where}: lead`, opts.stripped);
      }
      if (turn.session !== undefined) {
        const raw = await rt.store.get(keys.session(opts.channel.name, userId));
        if (turn.session === null) {
          if (raw !== null) throw new Error(`${where}: expected no session, found ${raw}`);
        } else {
          if (raw === null) throw new Error(`${where}: no session stored`);
          const s = JSON.parse(raw) as { position?: { flow: string; step: string }; vars: Record<string, unknown> };
          if (turn.session.position !== undefined) {
            const pos = s.position ? `${s.position.flow}.${s.position.step}` : null;
            if (pos !== turn.session.position) throw new Error(`${where}: position ${pos}, expected ${turn.session.position}`);
          }
          if (turn.session.vars) assertSubset(s.vars, turn.session.vars, `${where}: session vars`, opts.stripped);
        }
      }
    }
  } finally {
    await rt.store.keys('').then((k) => (k.length ? rt.store.del(...k) : undefined)).catch(() => {});
    await rt.stop();
    await agentSide?.close?.();
    await channel.close?.();
  }
}

/** Undefined when `want` appears in `out` in order (other messages in between allowed), else what went wrong. */
function inOrder(want: z.infer<typeof expectedMessage>[], out: OutboundMessage[], stripped: boolean, who: string): string | undefined {
  let k = 0;
  for (const w of want) {
    while (k < out.length && !matches(out[k]!, w, stripped)) k++;
    if (k === out.length) return `no message to the ${who} matching ${JSON.stringify(w)} in order; they got:\n    ${out.map(describeMessage).join('\n    ')}`;
    k++;
  }
  return undefined;
}

function assertSubset(actual: unknown, expected: unknown, where: string, stripped: boolean): void {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') throw new Error(`${where}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) assertSubset((actual as Record<string, unknown>)[k], v, `${where}.${k}`, stripped);
    return;
  }
  const norm = (x: unknown) => (stripped && typeof x === 'string' ? stripDiacritics(x) : x);
  if (JSON.stringify(norm(actual)) !== JSON.stringify(norm(expected))) throw new Error(`${where}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

async function quiet(sent: () => unknown[], ms = 80): Promise<void> {
  for (let n = sent().length, i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, ms));
    if (sent().length === n) return;
    n = sent().length;
  }
}

async function drained(rt: Runtime): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if ((await rt.pendingReplies()) === 0) {
      await new Promise((r) => setTimeout(r, 5));
      if ((await rt.pendingReplies()) === 0) return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('replies were not delivered in time');
}
