import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for both platforms on loopback: Zalo's OA Open API (CS message send, OAuth refresh) and the Graph
 * Send API. It answers like the real ones and records every delivered message with its arrival time, so the
 * bench can count replies and measure end-to-end latency. Runs as its own process (see `main` below) so its
 * work does not share an event loop with the load generator.
 */

export interface Arrival {
  channel: 'zalo' | 'messenger';
  userId: string;
  /** Epoch ms with sub-ms precision (timeOrigin + performance.now()), comparable across local processes. */
  at: number;
  /** A short fingerprint of what was sent, to check that every user saw the same conversation. */
  text: string;
}

const clock = () => performance.timeOrigin + performance.now();

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

/** The text of a Zalo CS or Graph send body, whatever kind of message it is. */
function fingerprint(message: Record<string, unknown> | undefined): string {
  if (!message) return '';
  if (typeof message['text'] === 'string') return message['text'];
  return JSON.stringify(message).slice(0, 80);
}

export function startFakePlatform(port = 0): Promise<{ server: Server; url: string; arrivals: Arrival[] }> {
  const arrivals: Arrival[] = [];
  let ids = 0;
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = req.url ?? '';
      const at = clock();
      if (req.method === 'POST' && url.startsWith('/v3.0/oa/message/cs')) {
        const body = JSON.parse(raw) as { recipient?: { user_id?: string }; message?: Record<string, unknown> };
        arrivals.push({ channel: 'zalo', userId: body.recipient?.user_id ?? '', at, text: fingerprint(body.message) });
        return json(res, 200, { error: 0, message: 'Success', data: { message_id: `m${++ids}`, user_id: body.recipient?.user_id } });
      }
      if (req.method === 'POST' && url.startsWith('/v4/oa/access_token')) {
        return json(res, 200, { access_token: `access-${++ids}`, refresh_token: `refresh-${ids}`, expires_in: '90000' });
      }
      if (req.method === 'POST' && /^\/v\d+\.\d+\/me\/messages/.test(url)) {
        const body = JSON.parse(raw) as { recipient?: { id?: string }; message?: Record<string, unknown>; sender_action?: string };
        if (body.message) arrivals.push({ channel: 'messenger', userId: body.recipient?.id ?? '', at, text: fingerprint(body.message) });
        return json(res, 200, { recipient_id: body.recipient?.id, message_id: `mid.${++ids}` });
      }
      if (req.method === 'GET' && url === '/__arrivals') return json(res, 200, arrivals);
      if (req.method === 'GET' && url === '/__count') return json(res, 200, { count: arrivals.length });
      if (req.method === 'POST' && url === '/__reset') {
        arrivals.length = 0;
        return json(res, 200, { ok: true });
      }
      return json(res, 404, { error: { message: `no fake for ${req.method} ${url}` } });
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals })),
  );
}

// Run on its own: `tsx bench/fake-platform.ts <port>`; prints `ready <url>` once listening.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startFakePlatform(Number(process.argv[2] ?? 0));
  process.stdout.write(`ready ${url}\n`);
}
