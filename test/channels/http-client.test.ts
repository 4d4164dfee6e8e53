import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPlatformHttp, keepAliveOnce } from '../../src/channels/http-client.ts';

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => res.end(JSON.stringify({ headers: req.headers, body })));
      return;
    }
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the platform HTTP client', () => {
  it('reuses one kept-alive socket and sets TCP keep-alive on it once, not on every request', async () => {
    const agent = keepAliveOnce(new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const sockets = new Set<Socket>();
    const spy = vi.spyOn((await import('node:net')).Socket.prototype, 'setKeepAlive');
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(base, { agent }, (res) => {
          sockets.add(res.socket);
          res.resume().on('end', resolve);
        });
        req.on('error', reject);
      });
      await new Promise((r) => setImmediate(r));
    }
    expect(sockets.size).toBe(1);
    expect(spy.mock.calls.filter(([enable]) => enable === true).length).toBe(1);
    spy.mockRestore();
    agent.destroy();
  });

  it('returns every status to the caller instead of throwing', async () => {
    const client = createPlatformHttp({ baseURL: base, timeout: 1_000 });
    const res = await client.get('/anything');
    expect([res.status, res.data]).toEqual([200, { ok: true }]);
  });

  it('posts JSON with its own Accept and User-Agent, and only the headers a platform call needs', async () => {
    const client = createPlatformHttp({ baseURL: base, timeout: 1_000 });
    const res = await client.request({ method: 'post', url: '/send', data: { text: 'Chào bạn' }, headers: { access_token: 'tok' } });
    const seen = res.data as { headers: Record<string, string>; body: string };
    expect(seen.body).toBe('{"text":"Chào bạn"}');
    expect(seen.headers).toMatchObject({ accept: 'application/json', 'user-agent': 'bhxh-tu-nguyen-bot', 'content-type': 'application/json', access_token: 'tok' });
    expect(Object.keys(seen.headers).sort()).toEqual(['accept', 'access_token', 'connection', 'content-length', 'content-type', 'host', 'user-agent']);
  });
});
