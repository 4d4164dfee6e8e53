import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboundEvent, OutboundMessage } from '../../src/channels/types.ts';
import { parseAgentsCsv } from '../../src/leads/agents-csv.ts';
import { createLeadsExtension, LeadStore } from '../../src/leads/index.ts';
import { createAgentRegistry } from '../../src/leads/registry.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { keys } from '../../src/store/keys.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { REDIS_URL, testPrefixes } from '../store/helpers.ts';
import { FakeChannel, silentLogger, testConfig, until } from '../support/fakes.ts';
import { AGENTS_CSV, FakeMessenger, leadEngine, zaloIdOf } from './fixtures.ts';

const running: Runtime[] = [];
const prefixes = testPrefixes();
afterEach(async () => {
  for (const rt of running.splice(0)) await rt.stop();
  await prefixes.drop();
});

interface StartOpts {
  backend?: 'redis' | 'memory';
  prefix?: string;
  timeoutMs?: number;
  processJobs?: boolean;
  adminToken?: string;
  keep?: boolean;
}

async function start(o: StartOpts = {}) {
  const zalo = new FakeChannel();
  const messenger = new FakeMessenger();
  const redis = (o.backend ?? 'redis') === 'redis';
  const config = testConfig({
    redisUrl: redis ? REDIS_URL : undefined,
    redisPrefix: o.prefix ?? prefixes.next(),
    leadAcceptTimeoutMs: o.timeoutMs ?? 60_000,
    adminToken: o.adminToken,
  });
  const rt = createRuntime({
    config,
    engine: leadEngine,
    logger: silentLogger,
    adapters: () => [zalo, messenger],
    extensions: [createLeadsExtension({ processJobs: o.processJobs ?? true })],
  });
  if (!o.keep) running.push(rt);
  await createAgentRegistry(rt.store).replaceAll(parseAgentsCsv(AGENTS_CSV));
  // Agents follow the OA and wrote recently: Zalo lets the OA write to them.
  for (const id of ['A1', 'A2', 'A3', 'A5', 'H1']) await rt.store.set(keys.lastInteraction('zalo', zaloIdOf(id)), String(Date.now()));
  const leads = new LeadStore(rt.store, 3600);
  return { rt, zalo, messenger, leads };
}

let seq = 0;
const text = (channel: 'zalo' | 'messenger', userId: string, t: string): InboundEvent => ({ channel, userId, eventId: `e${++seq}`, timestamp: Date.now(), kind: 'text', text: t });
const payload = (userId: string, p: string): InboundEvent => ({ channel: 'zalo', userId, eventId: `e${++seq}`, timestamp: Date.now(), kind: 'payload', payload: p });

/** The offers an agent received: the lead id from the Nhận button. */
function offers(zalo: FakeChannel, agentId: string): { text: string; leadId: string }[] {
  return zalo.sent
    .filter((s) => s.userId === zaloIdOf(agentId) && s.message.kind === 'text' && s.message.choices?.[0]?.payload.startsWith('#lead:accept:'))
    .map((s) => {
      const m = s.message as Extract<OutboundMessage, { kind: 'text' }>;
      return { text: m.text, leadId: m.choices![0]!.payload.split(':')[2]! };
    });
}

describe.each(['redis', 'memory'] as const)('lead handoff (%s store)', (backend) => {
  it('Zalo user shares a location → nearest agent accepts → the user learns the agent’s name, phone and hours', async () => {
    const { rt, zalo, leads } = await start({ backend });
    expect(await rt.handleEvent(text('zalo', 'user1', 'submit point'))).toBe('handled');
    await until(() => offers(zalo, 'A1').length === 1);
    const offer = offers(zalo, 'A1')[0]!;
    expect(offer.text).not.toContain('dữ liệu minh họa'); // the offer is about the customer; A1's own name says it is a sample
    expect(offer.text).toContain('1.500.000 đ');
    expect(offer.text).not.toContain('0555 123 456'); // no phone before accepting (shown as people write it)
    expect(zalo.sent.find((s) => s.userId === zaloIdOf('A1'))!.message).toMatchObject({ choices: [{ title: 'Nhận' }, { title: 'Từ chối' }] });

    expect(await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:accept:${offer.leadId}`))).toBe('handled');
    await until(() => zalo.texts('user1').length === 2);
    const told = zalo.texts('user1')[1]!;
    expect(told).toContain('Bưu điện Âu Lâu');
    expect(told).toContain('0555 000 001');
    expect(told).toContain('7:30–17:00');
    // The agent got the person's contact in answer to the tap.
    await until(() => zalo.texts(zaloIdOf('A1')).some((t) => t.includes('0555 123 456')));
    expect(zalo.texts('user1')[0]).toBe('Đã gửi yêu cầu');
    const lead = (await leads.get(offer.leadId))!;
    expect(lead).toMatchObject({ status: 'accepted', assignedAgentId: 'A1', channel: 'zalo', userId: 'user1', phone: '+84555123456' });
    expect(lead.history.map((h) => h.event)).toEqual(['created', 'offered', 'accepted']);
  });
});

describe('lead handoff on the real Redis', () => {
  it('Messenger user, typed commune: agent declines → the next agent gets it and accepts → the user learns it on Messenger', async () => {
    const { rt, zalo, messenger, leads } = await start();
    await rt.handleEvent(text('messenger', 'psid1', 'submit ward'));
    await until(() => offers(zalo, 'A1').length === 1);
    const { leadId } = offers(zalo, 'A1')[0]!;
    await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:decline:${leadId}`));
    await until(() => offers(zalo, 'A2').length === 1);
    expect(zalo.texts(zaloIdOf('A1'))).toContain('Đã ghi nhận. Yêu cầu sẽ được chuyển cho đại lý khác. Cảm ơn anh/chị.');
    // A late accept by the agent who declined is refused politely.
    await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:accept:${leadId}`));
    // Zalo sends a tapped oa.query.hide button back as text: accepted the same way.
    await rt.handleEvent(text('zalo', zaloIdOf('A2'), `#lead:accept:${leadId}`));
    await until(() => messenger.texts('psid1').length === 2);
    expect(messenger.texts('psid1')[1]).toContain('Nguyễn Văn Mẫu');
    expect(messenger.texts('psid1')[1]).toContain('0555 000 002');
    expect(messenger.texts('psid1')[1]).not.toContain('minh họa'); // A2 is not a sample row
    await until(() => zalo.texts(zaloIdOf('A1')).some((t) => t.includes('không còn dành cho anh/chị')));
    const lead = (await leads.get(leadId))!;
    expect(lead.history.map((h) => `${h.event}:${h.agentId ?? ''}`)).toEqual(['created:', 'offered:A1', 'declined:A1', 'offered:A2', 'accepted:A2']);
  });

  it('reassigns when the agent does not answer in time, and tells the user honestly when nobody does', async () => {
    const { rt, zalo, leads } = await start({ timeoutMs: 300 });
    await rt.handleEvent(text('zalo', 'user2', 'submit point'));
    await until(() => offers(zalo, 'A1').length === 1);
    await until(() => offers(zalo, 'A2').length === 1, 5_000);
    await until(() => zalo.texts('user2').length === 2, 5_000);
    expect(zalo.texts('user2')[1]).toContain('1900 9068');
    expect(zalo.texts('user2')[1]).toContain('bưu điện xã');
    const lead = (await leads.get(offers(zalo, 'A1')[0]!.leadId))!;
    expect(lead.status).toBe('expired');
    expect(lead.history.map((h) => h.event)).toEqual(['created', 'offered', 'timeout', 'offered', 'timeout', 'exhausted']);
    // The late answer of the first agent changes nothing.
    await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:accept:${lead.id}`));
    expect((await leads.get(lead.id))!.status).toBe('expired');
  });

  it('skips at once an agent Zalo would not let us write to (no message from them within the window)', async () => {
    const { rt, zalo, leads } = await start();
    await rt.store.del(keys.lastInteraction('zalo', zaloIdOf('A1')));
    await rt.handleEvent(text('zalo', 'user10', 'submit point'));
    await until(() => offers(zalo, 'A2').length === 1);
    expect(offers(zalo, 'A1')).toEqual([]);
    const lead = (await leads.get(offers(zalo, 'A2')[0]!.leadId))!;
    expect(lead.history.map((h) => `${h.event}:${h.agentId ?? ''}`)).toEqual(['created:', 'offered:A1', 'unreachable:A1', 'offered:A2']);
  });

  it('no agent for the area → office advice at once', async () => {
    const { rt, zalo, leads } = await start();
    await rt.handleEvent(text('zalo', 'user3', 'submit nowhere'));
    await until(() => zalo.texts('user3').length === 2);
    expect(zalo.texts('user3')[1]).toContain('Ủy ban nhân dân xã/phường');
    expect(zalo.texts('user3')[1]).toContain('baohiemxahoi.gov.vn');
    const all = await leads.all();
    expect(all.map((l) => l.status)).toEqual(['expired']);
    expect(zalo.sent.filter((s) => s.userId.startsWith('9000'))).toEqual([]);
  });

  it('a replayed lead_submitted (platform retry) stores and offers one lead', async () => {
    const { rt, zalo, leads } = await start();
    const event = text('zalo', 'user4', 'submit hanoi');
    await rt.handleEvent(event);
    expect(await rt.handleEvent(event)).toBe('duplicate');
    await until(() => offers(zalo, 'H1').length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(offers(zalo, 'H1')).toHaveLength(1);
    expect(await leads.all()).toHaveLength(1);
  });

  it('"khách của tôi" lists the agent’s open leads with buttons; agents mark them contacted and registered', async () => {
    const { rt, zalo, leads } = await start();
    await rt.handleEvent(text('zalo', 'user5', 'submit point'));
    await until(() => offers(zalo, 'A1').length === 1);
    const { leadId } = offers(zalo, 'A1')[0]!;
    await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:accept:${leadId}`));
    await until(() => zalo.texts(zaloIdOf('A1')).some((t) => t.includes('0555 123 456')) && zalo.texts('user5').length === 2);
    const before = zalo.sent.length;
    await rt.handleEvent(text('zalo', zaloIdOf('A1'), 'Khach cua toi'));
    await until(() => zalo.sent.length >= before + 2);
    const list = zalo.sent.slice(before).filter((s) => s.userId === zaloIdOf('A1'));
    expect(list.map((s) => (s.message.kind === 'text' ? s.message.text : ''))).toEqual([
      'Anh/chị có 1 khách đang theo dõi:',
      'Phạm Thị Lan · 0555 123 456 · vị trí khách đã chia sẻ · đã nhận',
    ]);
    expect(list[1]!.message).toMatchObject({ choices: [{ title: 'Đã liên hệ', payload: `#lead:contacted:${leadId}` }, { title: 'Đã đăng ký', payload: `#lead:registered:${leadId}` }] });
    await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:contacted:${leadId}`));
    await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:registered:${leadId}`));
    expect((await leads.get(leadId))!.status).toBe('registered');
    await rt.handleEvent(text('zalo', zaloIdOf('A1'), 'khách của tôi'));
    await until(() => zalo.texts(zaloIdOf('A1')).includes('Hiện anh/chị chưa có khách nào đang chờ.'));
    // Someone who is not an agent writing the same words goes to the conversation engine.
    await rt.handleEvent(text('zalo', 'user5', 'khách của tôi'));
    await until(() => zalo.texts('user5').includes('echo khách của tôi'));
  });

  it('"delete my data" removes the phone number and name from every Redis key, keeping anonymous counts', async () => {
    const { rt, zalo, leads } = await start();
    await rt.handleEvent(text('zalo', 'user6', 'submit ward'));
    await until(() => offers(zalo, 'A1').length === 1);
    const { leadId } = offers(zalo, 'A1')[0]!;
    await rt.handleEvent(text('zalo', 'user6', 'delete'));
    const redis = (rt.store as RedisStore).redis;
    const prefix = (rt.store as RedisStore).key('');
    const everything = await rt.store.keys('');
    expect(everything.length).toBeGreaterThan(5);
    for (const k of everything) {
      const type = await redis.type(prefix + k);
      const dump = type === 'string' ? await redis.get(prefix + k) : type === 'hash' ? JSON.stringify(await redis.hgetall(prefix + k)) : type === 'list' ? JSON.stringify(await redis.lrange(prefix + k, 0, -1)) : '';
      expect(dump ?? '', k).not.toContain('555999888');
      expect(dump ?? '', k).not.toContain('Hoàng Văn Minh');
    }
    const lead = (await leads.get(leadId))!;
    expect(lead).toMatchObject({ status: 'offered', provinceCode: '15', personalDataDeleted: true, userId: '' });
    expect(lead.history.at(-1)!.event).toBe('personal_data_deleted');
    // The request is withdrawn: the agent's [Nhận] says so and changes nothing.
    await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:accept:${leadId}`));
    await until(() => zalo.texts(zaloIdOf('A1')).some((t) => t.includes('Khách đã rút lại yêu cầu này')));
    expect((await leads.get(leadId))!.status).toBe('offered');
  });

  it('"delete my data" after an agent accepted leaves the phone nowhere in Redis, queues included', async () => {
    const { rt, zalo } = await start();
    await rt.handleEvent(text('zalo', 'user7', 'submit ward'));
    await until(() => offers(zalo, 'A1').length === 1);
    const { leadId } = offers(zalo, 'A1')[0]!;
    await rt.handleEvent(payload(zaloIdOf('A1'), `#lead:accept:${leadId}`));
    // The agent has been sent the phone: it went through the outbound queue.
    await until(() => zalo.texts(zaloIdOf('A1')).some((t) => t.includes('0555 999 888')));
    await rt.handleEvent(text('zalo', 'user7', 'delete'));
    const redis = (rt.store as RedisStore).redis;
    const prefix = (rt.store as RedisStore).key('');
    await until(async () => {
      for (const k of await rt.store.keys('')) {
        const type = await redis.type(prefix + k);
        const dump =
          type === 'string' ? await redis.get(prefix + k)
          : type === 'hash' ? JSON.stringify(await redis.hgetall(prefix + k))
          : type === 'list' ? JSON.stringify(await redis.lrange(prefix + k, 0, -1))
          : type === 'zset' ? JSON.stringify(await redis.zrange(prefix + k, 0, -1))
          : type === 'stream' ? JSON.stringify(await redis.xrange(prefix + k, '-', '+'))
          : '';
        if (/555\D?999\D?888/.test(dump ?? '')) return false;
      }
      return true;
    });
  });

  it('a lead survives a restart between being stored and the agent being notified', async () => {
    const prefix = prefixes.next();
    const first = await start({ prefix, processJobs: false, keep: true });
    await first.rt.handleEvent(text('zalo', 'user7', 'submit point'));
    await until(() => first.zalo.texts('user7').length === 1);
    await first.rt.stop();
    expect(offers(first.zalo, 'A1')).toEqual([]);

    const second = await start({ prefix });
    await until(() => offers(second.zalo, 'A1').length === 1);
    const { leadId } = offers(second.zalo, 'A1')[0]!;
    await second.rt.handleEvent(payload(zaloIdOf('A1'), `#lead:accept:${leadId}`));
    await until(() => second.zalo.texts('user7').length === 1);
    expect(second.zalo.texts('user7')[0]).toContain('0555 000 001');
  });

  it('admin listing: 401 without the right token, JSON and CSV with filters', async () => {
    const { rt, zalo } = await start({ adminToken: 'tok-123' });
    await rt.handleEvent(text('zalo', 'user8', 'submit ward'));
    await rt.handleEvent(text('zalo', 'user9', 'submit hanoi'));
    await until(() => offers(zalo, 'H1').length === 1 && offers(zalo, 'A1').length === 1);
    const server = await rt.listen(0);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = (path: string, token?: string) => fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    expect((await get('/admin/leads')).status).toBe(401);
    expect((await get('/admin/leads', 'tok-124')).status).toBe(401);
    expect((await get('/admin/leads.csv', 'tok')).status).toBe(401);
    const all = (await (await get('/admin/leads', 'tok-123')).json()) as { count: number; leads: { provinceCode: string }[] };
    expect(all.count).toBe(2);
    const hn = (await (await get('/admin/leads?province=01&status=offered', 'tok-123')).json()) as { count: number };
    expect(hn.count).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect(((await (await get(`/admin/leads?from=${today}&to=${today}`, 'tok-123')).json()) as { count: number }).count).toBe(2);
    expect(((await (await get('/admin/leads?to=2020-01-01', 'tok-123')).json()) as { count: number }).count).toBe(0);
    expect((await get('/admin/leads?status=bogus', 'tok-123')).status).toBe(400);

    const csv = await get('/admin/leads.csv?province=15', 'tok-123');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,created_at,updated_at,status,channel,province_code,area,name,phone,assigned_agent_id,offers,consent_version,consent_at,personal_data_deleted');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"Phường Âu Lâu, Lào Cai",Hoàng Văn Minh,+84555999888,A1,1,lead-consent-v1');
  });

  it('admin routes do not exist without ADMIN_TOKEN', async () => {
    const { rt } = await start();
    const server = await rt.listen(0);
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/leads`, { headers: { authorization: 'Bearer x' } });
    expect(res.status).toBe(404);
  });
});
