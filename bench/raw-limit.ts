import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http, { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Cluster, Redis } from 'ioredis';
import { BENCH_SECRETS } from './events.ts';

/**
 * The raw limit the first-message job compares the app with: the least a webhook server can do on this machine
 * and still be honest — node http, the platform signature checked on the raw bytes, one Redis SET NX (dedupe,
 * before the ack), the ack, then one send to the (fake) platform on a kept-alive socket. No flow, no session,
 * no lock, no outbox, no express, no axios. Its own process: `tsx bench/raw-limit.ts`, configured by the same
 * environment as the app (bench/events.ts benchEnv); prints `ready <port>` once listening.
 *
 * The reply is one fixed text per event, so the bench can count and order-check replies as it does the app's.
 */

const RAW_REPLY = 'raw-limit reply';

const env = process.env;
const port = Number(env['PORT'] ?? 0);
const prefix = env['REDIS_PREFIX'] ?? 'bench:raw:';
const clusterNodes = env['REDIS_CLUSTER_NODES'];
const redis = clusterNodes
  ? new Cluster(clusterNodes.split(',').map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })), { enableAutoPipelining: true })
  : new Redis(env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const platform = new URL(env['ZALO_API_BASE_URL'] ?? 'http://127.0.0.1:1');
const graphVersion = env['MESSENGER_GRAPH_VERSION'] ?? 'v25.0';
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const pageToken = env['MESSENGER_PAGE_ACCESS_TOKEN'] ?? '';
const zaloToken = env['ZALO_ACCESS_TOKEN'] ?? '';
const DEDUPE_TTL_S = 72 * 3600;

function send(path: string, headers: Record<string, string>, body: string): void {
  const req = http.request(
    { hostname: platform.hostname, port: platform.port, path, method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
    (res) => res.resume(),
  );
  req.on('error', () => {});
  req.end(body);
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks the signature and returns [user, event id] of each message, or undefined when the request is refused. */
function messenger(raw: Buffer, headers: IncomingMessage['headers']): [string, string][] | undefined {
  const header = headers['x-hub-signature-256'];
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return undefined;
  if (!same(Buffer.from(header.slice(7), 'hex'), createHmac('sha256', BENCH_SECRETS.messengerAppSecret).update(raw).digest())) return undefined;
  const body = JSON.parse(raw.toString('utf8')) as { entry: { messaging: { sender: { id: string }; message?: { mid: string } }[] }[] };
  return body.entry.flatMap((e) => e.messaging.map((m): [string, string] => [m.sender.id, m.message?.mid ?? '']));
}

function zalo(raw: Buffer, headers: IncomingMessage['headers']): [string, string][] | undefined {
  const header = headers['x-zevent-signature'];
  if (typeof header !== 'string') return undefined;
  const body = JSON.parse(raw.toString('utf8')) as { timestamp: string; sender: { id: string }; message: { msg_id: string } };
  const mac = createHash('sha256').update(BENCH_SECRETS.zaloAppId).update(raw).update(body.timestamp).update(BENCH_SECRETS.zaloOaSecretKey).digest();
  if (!same(Buffer.from(header.replace(/^mac=/, ''), 'hex'), mac)) return undefined;
  return [[body.sender.id, body.message.msg_id]];
}

function reply(channel: 'zalo' | 'messenger', userId: string): void {
  if (channel === 'zalo') {
    send('/v3.0/oa/message/cs', { access_token: zaloToken }, JSON.stringify({ recipient: { user_id: userId }, message: { text: RAW_REPLY } }));
  } else {
    send(`/${graphVersion}/me/messages?access_token=${pageToken}`, {}, JSON.stringify({ recipient: { id: userId }, messaging_type: 'RESPONSE', message: { text: RAW_REPLY } }));
  }
}

async function webhook(channel: 'zalo' | 'messenger', raw: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let events: [string, string][] | undefined;
  try {
    events = channel === 'zalo' ? zalo(raw, req.headers) : messenger(raw, req.headers);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (!events) {
    res.writeHead(403).end();
    return;
  }
  try {
    const fresh = await Promise.all(events.map(([user, id]) => redis.set(`${prefix}seen:{u:${channel}:${user}}:${id}`, '1', 'EX', DEDUPE_TTL_S, 'NX')));
    res.writeHead(200).end();
    events.forEach(([user], i) => {
      if (fresh[i] === 'OK') reply(channel, user);
    });
  } catch {
    res.writeHead(503).end();
  }
}

const server = createServer((req, res) => {
  const url = req.url ?? '';
  if (req.method === 'GET') {
    res.writeHead(url === '/readyz' || url === '/healthz' ? 200 : 404).end();
    return;
  }
  const channel = url === '/webhooks/zalo' ? 'zalo' : url === '/webhooks/messenger' ? 'messenger' : undefined;
  if (!channel) {
    res.writeHead(404).end();
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => void webhook(channel, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), req, res));
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${(server.address() as { port: number }).port}\n`));
// Nothing to drain: the bench stops it only once the replies settled.
process.on('SIGTERM', () => process.exit(0));
