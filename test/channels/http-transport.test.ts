import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import axios, { AxiosError } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformTransport, MAX_RESPONSE_BYTES } from '../../src/channels/http-transport.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: Socket;
}

let server: http.Server;
let base: string;
const seen: Seen[] = [];
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 1 }), https: new https.Agent({ keepAlive: true }) };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString(), socket: req.socket });
      const path = req.url!.replace(/^\/v3\.0/, '');
      if (path === '/slow') return void setTimeout(() => res.end('{}'), 500);
      if (path === '/huge') return void res.end('x'.repeat(MAX_RESPONSE_BYTES + 1));
      if (path === '/text') return void res.end('not json');
      res.writeHead(path === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-ratelimit-remain': '7' });
      res.end(JSON.stringify({ error: 0, echo: 'Chào bạn' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3.0/`;
});
afterAll(async () => {
  agents.http.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const client = (opts: { timeout?: number; validateStatus?: (s: number) => boolean } = {}) =>
  axios.create({ baseURL: base, timeout: opts.timeout ?? 1_000, adapter: createPlatformTransport(agents), validateStatus: opts.validateStatus ?? (() => true) });

describe('the platform transport (axios adapter)', () => {
  it('posts JSON to baseURL + path with its headers and length, and hands back parsed JSON with the headers', async () => {
    seen.length = 0;
    const res = await client().post('/oa/message/cs', { recipient: { user_id: '1' }, message: { text: 'Chào bạn' } }, { headers: { access_token: 'tok' } });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ error: 0, echo: 'Chào bạn' });
    expect(res.headers['x-ratelimit-remain']).toBe('7');
    const [req] = seen;
    expect(req).toMatchObject({ method: 'POST', url: '/v3.0/oa/message/cs', body: '{"recipient":{"user_id":"1"},"message":{"text":"Chào bạn"}}' });
    expect(req!.headers).toMatchObject({ access_token: 'tok', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(req!.body)) });
  });

  it('appends flat params to the query and sends form bodies as they are', async () => {
    seen.length = 0;
    await client().get('/me/messenger_profile', { params: { fields: 'greeting,get_started', access_token: 'a b' } });
    await client().post('/v4/oa/access_token', 'refresh_token=r&app_id=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(seen.map((s) => s.url)).toEqual(['/v3.0/me/messenger_profile?fields=greeting%2Cget_started&access_token=a+b', '/v3.0/v4/oa/access_token']);
    expect(seen[1]).toMatchObject({ method: 'POST', body: 'refresh_token=r&app_id=1' });
  });

  it('returns a non-2xx answer to the caller, and rejects it only when validateStatus says so', async () => {
    expect((await client().get('/missing')).status).toBe(404);
    const err = await client({ validateStatus: (s) => s < 400 }).get('/missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AxiosError);
    expect(err).toMatchObject({ code: AxiosError.ERR_BAD_REQUEST, response: { status: 404 } });
  });

  it('keeps a body that is not JSON as text', async () => {
    expect((await client().get('/text')).data).toBe('not json');
  });

  it('reuses the kept-alive socket across calls', async () => {
    seen.length = 0;
    for (let i = 0; i < 3; i++) await client().get('/again');
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });

  it('times the whole call out with ECONNABORTED, as axios does', async () => {
    const err = await client({ timeout: 100 }).get('/slow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AxiosError);
    expect(err).toMatchObject({ code: 'ECONNABORTED' });
  });

  it('refuses a response larger than a platform answer could be', async () => {
    const err = await client().get('/huge').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: AxiosError.ERR_BAD_RESPONSE });
  });

  it('rejects with the socket error code when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await client().get(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a body it cannot send as bytes', async () => {
    const err = await client()
      .post('/x', new Uint16Array(2), { transformRequest: [(d: unknown) => d] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: AxiosError.ERR_BAD_REQUEST });
  });
});
