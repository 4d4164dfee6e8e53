import { createHmac } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentsCsv } from '../../src/leads/agents-csv.ts';
import { CRM_SIGNATURE_HEADER, createLeadsExtension } from '../../src/leads/index.ts';
import { createAgentRegistry } from '../../src/leads/registry.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { REDIS_URL, testPrefixes } from '../store/helpers.ts';
import { FakeChannel, silentLogger, testConfig, until } from '../support/fakes.ts';
import { AGENTS_CSV, leadEngine } from './fixtures.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
});
afterAll(() => nock.enableNetConnect());
const running: Runtime[] = [];
const prefixes = testPrefixes();
afterEach(async () => {
  nock.cleanAll();
  for (const rt of running.splice(0)) await rt.stop();
  await prefixes.drop();
});

describe('CRM webhook', () => {
  it('posts each lead state with an HMAC-SHA256 signature over the exact body, retrying a 503', async () => {
    const received: { body: string; signature: string }[] = [];
    let calls = 0;
    nock('https://crm.example.test')
      .persist()
      .post('/hook')
      .reply(function (_uri, body) {
        calls += 1;
        if (calls === 1) return [503, 'busy'];
        received.push({ body: typeof body === 'string' ? body : JSON.stringify(body), signature: String(this.req.headers[CRM_SIGNATURE_HEADER]) });
        return [200, 'ok'];
      });
    const rt = createRuntime({
      config: testConfig({ redisUrl: REDIS_URL, redisPrefix: prefixes.next(), crmWebhook: { url: 'https://crm.example.test/hook', secret: 's3cret' } }),
      engine: leadEngine,
      logger: silentLogger,
      adapters: () => [new FakeChannel()],
      extensions: [createLeadsExtension()],
    });
    running.push(rt);
    await createAgentRegistry(rt.store).replaceAll(parseAgentsCsv(AGENTS_CSV));
    await rt.handleEvent({ channel: 'zalo', userId: 'crm-user', eventId: 'c1', timestamp: Date.now(), kind: 'text', text: 'submit hanoi' });
    // Two states: created (new) and offered; the first try of one of them got a 503 and was retried.
    await until(() => received.length >= 2, 8_000);
    for (const r of received) expect(r.signature).toBe(`sha256=${createHmac('sha256', 's3cret').update(r.body).digest('hex')}`);
    const statuses = received.map((r) => (JSON.parse(r.body) as { lead: { status: string } }).lead.status);
    expect(statuses).toContain('offered');
    expect(calls).toBeGreaterThanOrEqual(3);
  });
});
