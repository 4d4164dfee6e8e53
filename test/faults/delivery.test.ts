import { afterEach, describe, expect, it } from 'vitest';
import { BENCH_SECRETS, messengerEvent, zaloEvent, type SignedRequest, type UserAction } from '../../bench/events.ts';
import type { Arrival } from '../../bench/fake-platform.ts';
import { tokenKey, type TokenRecord } from '../../src/channels/zalo/index.ts';
import { dropPrefix, startFaultPlatform, uniquePrefix, type FaultPlatform, type FaultRule } from './fault-platform.ts';
import { deliverUntilAcked, startInProcessApp, waitFor, type InProcessApp } from './runtime-app.ts';

/**
 * Delivery faults on the real Zalo adapter, the real turn pipeline, the BullMQ queue and the real Redis, against
 * the bench's fake platform on loopback. The engine is the echo double (`#<turn> <text>` then `#<turn> end`):
 * the faults here do not depend on what the bot says, and the turn number makes order visible.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

let userCounter = 0;
/** Numeric ids like Zalo's own, new for every call. */
const newUser = () => String(8_400_000_000_000_000_000n + BigInt(process.pid) * 1_000_000n + BigInt(++userCounter));

async function setup(apps = 1): Promise<{ platform: FaultPlatform; apps: InProcessApp[]; prefix: string }> {
  const platform = await startFaultPlatform();
  const prefix = uniquePrefix('delivery');
  cleanups.push(() => platform.close());
  cleanups.push(() => dropPrefix(prefix));
  const list: InProcessApp[] = [];
  for (let i = 0; i < apps; i++) {
    const app = await startInProcessApp({ platformUrl: platform.url, prefix });
    cleanups.push(() => app.stop());
    list.push(app);
  }
  return { platform, apps: list, prefix };
}

const texts = (arrivals: Arrival[]) => arrivals.map((a) => a.text);

type Channel = 'zalo' | 'messenger';
const CHANNELS: Channel[] = ['zalo', 'messenger'];
const event = (channel: Channel, userId: string, action: UserAction): SignedRequest =>
  channel === 'zalo' ? zaloEvent(userId, action) : messengerEvent(userId, action);

/**
 * A barrier that needs no clock: one more event from the user, and its replies. Replies leave in the user's
 * order, so once the barrier's are out, any stray reply queued before it would be out too.
 */
async function barrier(app: InProcessApp, platform: FaultPlatform, userId: string, channel: Channel = 'zalo'): Promise<void> {
  expect(await app.post(event(channel, userId, { text: 'barrier' }))).toBe(200);
  await waitFor('barrier reply', () => texts(platform.to(userId)).some((t) => / barrier$/.test(t)));
  await waitFor('barrier end', () => {
    const all = texts(platform.to(userId));
    const at = all.findIndex((t) => / barrier$/.test(t));
    return at >= 0 && all.length > at + 1;
  });
}

describe.each(CHANNELS)('duplicate deliveries (%s)', (channel) => {
  it('the same signed event POSTed 3× in a row and 3× at once → one reply each', async () => {
    const { platform, apps } = await setup();
    const app = apps[0]!;
    const user = newUser();
    const first = event(channel, user, { text: 'one' });
    for (let i = 0; i < 3; i++) expect(await app.post(first)).toBe(200);
    const second = event(channel, user, { text: 'two' });
    const statuses = await Promise.all([app.post(second), app.post(second), app.post(second)]);
    expect(statuses).toEqual([200, 200, 200]);
    await barrier(app, platform, user, channel);
    expect(texts(platform.to(user))).toEqual(['#1 one', '#1 end', '#2 two', '#2 end', '#3 barrier', '#3 end']);
    const dupes = await app.rt.metrics.duplicates.get();
    expect(dupes.values.reduce((s, v) => s + v.value, 0)).toBe(4);
  });

  it('the same event POSTed to two app instances on one Redis at once → one reply', async () => {
    const { platform, apps } = await setup(2);
    const user = newUser();
    const twice = event(channel, user, { text: 'twice' });
    const statuses = await Promise.all([apps[0]!.post(twice), apps[1]!.post(twice), apps[0]!.post(twice), apps[1]!.post(twice)]);
    expect(statuses).toEqual([200, 200, 200, 200]);
    await barrier(apps[1]!, platform, user, channel);
    expect(texts(platform.to(user))).toEqual(['#1 twice', '#1 end', '#2 barrier', '#2 end']);
  });
});

describe.each(CHANNELS)('a burst from one user (%s)', (channel) => {
  /** Each turn's two replies, adjacent, turns 1..n in order, every message answered exactly once. */
  function expectInTurnOrder(got: string[], sent: string[]): void {
    expect(got).toHaveLength(sent.length * 2);
    const answered: string[] = [];
    for (let turn = 1; turn <= sent.length; turn++) {
      const head = got[(turn - 1) * 2]!;
      expect(head.startsWith(`#${turn} `)).toBe(true);
      expect(got[(turn - 1) * 2 + 1]).toBe(`#${turn} end`);
      answered.push(head.slice(`#${turn} `.length));
    }
    expect([...answered].sort()).toEqual([...sent].sort());
  }

  it('20 messages sent concurrently → replies arrive in the order the turns ran, none lost or repeated', async () => {
    const { platform, apps } = await setup();
    const user = newUser();
    const sent = Array.from({ length: 20 }, (_, i) => `m${i + 1}`);
    // All at once; one refused because the user's lock stayed busy past its bound (503) is sent again, as a platform does.
    const acked = await Promise.all(sent.map((text) => deliverUntilAcked(() => apps[0]!.base, event(channel, user, { text }))));
    expect(acked.every(Boolean)).toBe(true);
    await waitFor('40 replies', () => platform.to(user).length >= 40);
    expectInTurnOrder(texts(platform.to(user)), sent);
  });

  it('20 messages sent concurrently to two app instances on one Redis → still one order', async () => {
    const { platform, apps } = await setup(2);
    const user = newUser();
    const sent = Array.from({ length: 20 }, (_, i) => `m${i + 1}`);
    const acked = await Promise.all(sent.map((text, i) => deliverUntilAcked(() => apps[i % 2]!.base, event(channel, user, { text }))));
    expect(acked.every(Boolean)).toBe(true);
    await waitFor('40 replies', () => platform.to(user).length >= 40);
    await barrier(apps[0]!, platform, user, channel);
    expectInTurnOrder(texts(platform.to(user)).slice(0, 40), sent);
    expect(platform.to(user)).toHaveLength(42);
  });

  it('messages sent one after another → replies in the order sent', async () => {
    const { platform, apps } = await setup();
    const user = newUser();
    const sent = Array.from({ length: 20 }, (_, i) => `s${i + 1}`);
    for (const text of sent) expect(await apps[0]!.post(event(channel, user, { text }))).toBe(200);
    await waitFor('40 replies', () => platform.to(user).length >= 40);
    expect(texts(platform.to(user))).toEqual(sent.flatMap((t, i) => [`#${i + 1} ${t}`, `#${i + 1} end`]));
  });
});

describe('Send API failures', () => {
  it('Zalo answering 429, 500, 502, 503 and error -32 → every message delivered after retry, exactly once', async () => {
    const { platform, apps } = await setup();
    const faults = [
      { status: 429, body: { error: { message: 'rate' } } },
      { status: 500, body: { error: 'boom' } },
      { status: 502, body: '<html>bad gateway</html>' },
      { status: 503, body: { message: 'unavailable' } },
      { status: 200, body: { error: -32, message: 'app reached call limit' } },
    ];
    // The first try of every distinct message fails, cycling through the faults; its retry gets through.
    const seen = new Set<string>();
    let n = 0;
    const rule: FaultRule = (req) => {
      if (req.kind !== 'zalo_cs' || seen.has(req.body) || req.body.includes('#3 ')) return undefined; // turn 3 is the barrier
      seen.add(req.body);
      return faults[n++ % faults.length];
    };
    platform.setRule(rule);
    const users = [newUser(), newUser(), newUser()];
    for (const u of users) {
      for (const text of ['a', 'b']) expect(await apps[0]!.post(zaloEvent(u, { text }))).toBe(200);
    }
    await waitFor('all replies', () => users.every((u) => platform.to(u).length >= 4), 60_000);
    await Promise.all(users.map((u) => barrier(apps[0]!, platform, u)));
    for (const u of users) expect(texts(platform.to(u))).toEqual(['#1 a', '#1 end', '#2 b', '#2 end', '#3 barrier', '#3 end']);
    // Every reply of the first two turns (4 per user) was refused once (the barriers' are let through).
    expect(platform.faulted.length).toBe(users.length * 4);
    expect(new Set(platform.faulted.map((f) => f.body)).size).toBe(platform.faulted.length);
  }, 60_000);

  it('Graph answering 429, 500, 503, code 613 and a transient code 2 → every message delivered after retry, exactly once', async () => {
    const { platform, apps } = await setup();
    const faults = [
      { status: 429, body: { error: { message: 'Too many', type: 'OAuthException', code: 4, fbtrace_id: 'A1' } } },
      { status: 500, body: { error: { message: 'An unexpected error has occurred', type: 'OAuthException', code: 1, is_transient: true } } },
      { status: 503, body: '' },
      { status: 400, body: { error: { message: 'Calls to this api have exceeded the rate limit', code: 613 } } },
      { status: 500, body: { error: { message: 'Service temporarily unavailable', code: 2 } } },
    ];
    const seen = new Set<string>();
    let n = 0;
    platform.setRule((req) => {
      if (req.kind !== 'graph_send' || seen.has(req.body) || req.body.includes('#3 ')) return undefined; // turn 3 is the barrier
      seen.add(req.body);
      return faults[n++ % faults.length];
    });
    const users = [newUser(), newUser(), newUser()];
    for (const u of users) {
      for (const text of ['a', 'b']) expect(await apps[0]!.post(messengerEvent(u, { text }))).toBe(200);
    }
    await waitFor('all replies', () => users.every((u) => platform.to(u).length >= 4), 60_000);
    await Promise.all(users.map((u) => barrier(apps[0]!, platform, u, 'messenger')));
    for (const u of users) expect(texts(platform.to(u))).toEqual(['#1 a', '#1 end', '#2 b', '#2 end', '#3 barrier', '#3 end']);
    expect(platform.faulted.length).toBe(users.length * 4);
    expect(new Set(platform.faulted.map((f) => f.body)).size).toBe(platform.faulted.length);
  }, 60_000);

  it('a long outage of the CS endpoint (5xx for a while) → the backlog goes out once it is back, in order', async () => {
    const { platform, apps } = await setup();
    let down = true;
    platform.setRule((req) => (down && req.kind === 'zalo_cs' ? { status: 503, body: {} } : undefined));
    const user = newUser();
    for (const text of ['x', 'y', 'z']) expect(await apps[0]!.post(zaloEvent(user, { text }))).toBe(200);
    await waitFor('several refused sends', () => platform.faulted.length >= 2);
    expect(platform.to(user)).toHaveLength(0);
    down = false;
    await waitFor('backlog delivered', () => platform.to(user).length >= 6, 30_000);
    await barrier(apps[0]!, platform, user);
    expect(texts(platform.to(user))).toEqual(['#1 x', '#1 end', '#2 y', '#2 end', '#3 z', '#3 end', '#4 barrier', '#4 end']);
  }, 45_000);
});

describe('Zalo token expired mid-burst', () => {
  it('the CS endpoint answers -216 for the old token → one refresh across two app instances, every message delivered once', async () => {
    const { platform, apps, prefix } = await setup(2);
    // A token the app believes has 20 h left, so nothing refreshes it before the platform rejects it.
    const record: TokenRecord = { accessToken: 'old-token', refreshToken: 'old-refresh', expiresAt: Date.now() + 20 * 3600_000, updatedAt: Date.now() };
    await apps[0]!.rt.store.setAll([{ key: tokenKey(BENCH_SECRETS.zaloAppId), value: JSON.stringify(record) }]);
    expect(prefix).toBeTruthy();

    let accepted = 0;
    const refreshBodies: string[] = [];
    platform.setRule((req) => {
      if (req.kind === 'zalo_refresh') {
        refreshBodies.push(req.body);
        return undefined;
      }
      if (req.kind !== 'zalo_cs') return undefined;
      if (req.headers['access_token'] === 'old-token') {
        // The token dies after the first few sends of the burst.
        if (accepted < 6) {
          accepted++;
          return undefined;
        }
        return { status: 200, body: { error: -216, message: 'Access token is invalid' } };
      }
      return undefined;
    });

    const users = Array.from({ length: 8 }, () => newUser());
    const sends = users.flatMap((u, i) => ['p', 'q', 'r'].map((text, j) => apps[(i + j) % 2]!.post(zaloEvent(u, { text }))));
    expect((await Promise.all(sends)).every((s) => s === 200)).toBe(true);
    await waitFor('every reply', () => users.every((u) => platform.to(u).length >= 6), 60_000);
    await Promise.all(users.map((u) => barrier(apps[0]!, platform, u)));

    expect(platform.calls.zalo_refresh).toBe(1);
    expect(refreshBodies[0]).toContain('refresh_token=old-refresh');
    expect(platform.faulted.length).toBeGreaterThan(0); // the old token really was refused mid-burst
    for (const u of users) {
      const got = texts(platform.to(u));
      expect(got).toHaveLength(8);
      expect(new Set(got).size).toBe(8);
    }
    const stored = JSON.parse((await apps[1]!.rt.store.get(tokenKey(BENCH_SECRETS.zaloAppId)))!) as TokenRecord;
    expect(stored.accessToken).not.toBe('old-token');
  }, 60_000);
});
