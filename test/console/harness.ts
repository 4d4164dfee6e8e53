import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import { createConsoleExtension, type ConsoleServices } from '../../src/console/index.ts';
import { staffRoster } from '../../src/console/roster.ts';
import { createTicketsApi } from '../../src/console/tickets.ts';
import { createHandoffExtension, type HandoffService, type TicketStore } from '../../src/handoff/index.ts';
import { StaffRegistry } from '../../src/console/staff.ts';
import { buildEngine } from '../../src/engine-factory.ts';
import { parseAgentsCsv } from '../../src/leads/agents-csv.ts';
import { createLeadsExtension } from '../../src/leads/index.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { keys } from '../../src/store/keys.ts';
import { AGENTS_CSV, FakeMessenger, zaloIdOf } from '../leads/fixtures.ts';
import { dropPrefix, REDIS_URL } from '../store/helpers.ts';
import { FakeChannel, silentLogger, testConfig } from '../support/fakes.ts';

/** Cheap scrypt for tests (the default cost is checked in staff.test.ts). */
export const TEST_COST = { N: 2 ** 10, r: 8, p: 1 };
export const PASSWORD = 'mat-khau-thu-nghiem';

/** Accounts every console test has: an admin, province staff of Lào Cai (15) and of Hà Nội (01), a viewer. */
export const ACCOUNTS = [
  { username: 'quantri', role: 'admin' as const },
  { username: 'lan', role: 'province' as const, province: '15', zaloUserId: '7000000000000000001', hours: '00:00-23:59' },
  { username: 'ha', role: 'province' as const, province: '01' },
  { username: 'xem', role: 'viewer' as const },
];

export interface ConsoleApp {
  rt: Runtime;
  svc: ConsoleServices;
  zalo: FakeChannel;
  messenger: FakeMessenger;
  base: string;
  stop(): Promise<void>;
}

export async function startConsoleApp(o: { backend?: 'redis' | 'memory'; adminToken?: string } = {}): Promise<ConsoleApp> {
  const zalo = new FakeChannel();
  const messenger = new FakeMessenger();
  const redis = (o.backend ?? 'redis') === 'redis';
  const config = testConfig({ redisUrl: redis ? REDIS_URL : undefined, redisPrefix: `test-console-${randomUUID().slice(0, 8)}:`, adminToken: o.adminToken });
  const engine = await buildEngine();
  let svc: ConsoleServices | undefined;
  let handoff: { service: HandoffService; tickets: TicketStore } | undefined;
  const office = createConsoleExtension({ engine, tickets: () => createTicketsApi(handoff!), auth: { kdfCost: TEST_COST }, onReady: (s) => (svc = s) });
  const rt = createRuntime({
    config,
    engine,
    logger: silentLogger,
    adapters: () => [zalo, messenger],
    extensions: [
      createLeadsExtension({ onReady: office.onLeadsReady }),
      createHandoffExtension({ roster: (core) => staffRoster(new StaffRegistry(core.store)), onReady: (p) => (handoff = p) }),
      office.extension,
    ],
  });
  const staff = new StaffRegistry(rt.store, TEST_COST);
  for (const a of ACCOUNTS) await staff.add(a, PASSWORD);
  await svc!.agents.replaceAll(parseAgentsCsv(AGENTS_CSV));
  for (const id of ['A1', 'A2', 'A3', 'H1']) await rt.store.set(keys.lastInteraction('zalo', zaloIdOf(id)), String(Date.now() - 86_400_000), 7 * 86_400);
  // Staff with a Zalo id wrote to the OA lately, so the handoff notice can reach them.
  for (const a of ACCOUNTS) if (a.zaloUserId) await rt.store.set(keys.lastInteraction('zalo', a.zaloUserId), String(Date.now() - 3_600_000), 7 * 86_400);
  const server = await rt.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    rt,
    svc: svc!,
    zalo,
    messenger,
    base,
    async stop() {
      await rt.stop();
      // After the stop: closing the queues writes BullMQ's meta keys under the prefix too.
      if (redis) await dropPrefix(config.redisPrefix);
    },
  };
}

let seq = 0;
/** Events as a platform would deliver them. */
export const ev = {
  text: (channel: 'zalo' | 'messenger', userId: string, text: string): InboundEvent => ({ channel, userId, eventId: `c${++seq}-${randomUUID().slice(0, 6)}`, timestamp: Date.now(), kind: 'text', text }),
  payload: (channel: 'zalo' | 'messenger', userId: string, payload: string): InboundEvent => ({ channel, userId, eventId: `c${++seq}-${randomUUID().slice(0, 6)}`, timestamp: Date.now(), kind: 'payload', payload }),
  location: (channel: 'zalo' | 'messenger', userId: string, latitude: number, longitude: number): InboundEvent => ({ channel, userId, eventId: `c${++seq}-${randomUUID().slice(0, 6)}`, timestamp: Date.now(), kind: 'location', latitude, longitude }),
};

/** The last choices the user was shown. */
export function lastChoices(sent: { userId: string; message: OutboundMessage }[], userId: string) {
  const m = [...sent].reverse().find((s) => s.userId === userId && s.message.kind === 'text' && s.message.choices?.length);
  return m && m.message.kind === 'text' ? m.message.choices! : [];
}

/**
 * A user goes through the real flows to a consented lead: an income, the estimate, "Gặp cán bộ thu", consent, name,
 * phone, a location pin, send. Buttons are tapped by title, as a person would.
 */
export async function submitLeadAsUser(app: ConsoleApp, channel: 'zalo' | 'messenger', userId: string, person: { name: string; phone: string; lat: number; lon: number }): Promise<void> {
  const sent = channel === 'zalo' ? app.zalo.sent : app.messenger.sent;
  // Optional questions the flows may ask on the way (the province for local top-ups…) are skipped.
  const press = async (title: RegExp) => {
    for (let skips = 0; ; skips++) {
      await drain(app);
      const choices = lastChoices(sent, userId);
      const choice = choices.find((c) => title.test(c.title)) ?? (skips < 3 ? choices.find((c) => c.title === 'Bỏ qua') : undefined);
      if (!choice) throw new Error(`no button ${title} in ${JSON.stringify(choices.map((c) => c.title))}`);
      await app.rt.handleEvent(ev.payload(channel, userId, choice.payload));
      if (title.test(choice.title)) return;
    }
  };
  const say = async (text: string) => {
    await drain(app);
    await app.rt.handleEvent(ev.text(channel, userId, text));
  };
  await say('thu nhập 4 triệu');
  await press(/Đúng/);
  await press(/Khác|Không thuộc/);
  await press(/12 tháng/);
  await press(/cán bộ thu|đại lý/i);
  await say('đồng ý');
  await say(person.name);
  await say(person.phone);
  await drain(app);
  await app.rt.handleEvent(ev.location(channel, userId, person.lat, person.lon));
  await press(/Gửi/);
  await drain(app);
}

export async function drain(app: ConsoleApp): Promise<void> {
  while ((await app.rt.pendingReplies()) > 0) await new Promise((r) => setTimeout(r, 10));
}

/** A cookie-keeping HTTP client for the console, as a browser would be (no redirects followed). */
export class ConsoleClient {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly base: string) {}

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.header(), ...init.headers };
    let body = init.body;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(this.base + path, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(pair!.slice(0, i));
      else this.cookies.set(pair!.slice(0, i), value);
    }
    return res;
  }

  /** GETs a page and remembers the CSRF token of its forms. */
  async page(path: string): Promise<{ status: number; html: string }> {
    const res = await this.request(path);
    const html = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (m) this.csrf = m[1]!;
    return { status: res.status, html };
  }

  async login(username: string, password = PASSWORD): Promise<Response> {
    await this.page('/console/login');
    const res = await this.request('/console/login', { form: { username, password, _csrf: this.csrf } });
    if (res.status === 303) await this.page('/console');
    return res;
  }
}
