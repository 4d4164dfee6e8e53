import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { startFakePlatform, type Arrival } from '../../bench/fake-platform.ts';

/**
 * The bench's fake Zalo + Graph platform (bench/fake-platform.ts) with a fault hook in front of it: a rule sees
 * every request first and may answer it itself (429, 5xx, a Zalo error code) instead of letting it through.
 * A request answered by a fault is not recorded as an arrival, exactly like a platform that did not deliver.
 */

export interface PlatformRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The raw body (already read). */
  body: string;
  kind: 'zalo_cs' | 'zalo_refresh' | 'graph_send' | 'other';
}

/** Answer instead of the platform, or (`delayMs` only) let the request through after a pause. */
export type Fault = { status: number; body: unknown } | { delayMs: number };

export type FaultRule = (req: PlatformRequest) => Fault | undefined;

export interface FaultPlatform {
  url: string;
  arrivals: Arrival[];
  /** Every request by kind, including the ones a fault answered. */
  calls: Record<PlatformRequest['kind'], number>;
  /** Requests a fault answered. */
  faulted: PlatformRequest[];
  setRule(rule: FaultRule | undefined): void;
  /** Arrivals for one user, in arrival order. */
  to(userId: string): Arrival[];
  close(): Promise<void>;
}

function kindOf(method: string, url: string): PlatformRequest['kind'] {
  if (method !== 'POST') return 'other';
  if (url.startsWith('/v3.0/oa/message/cs')) return 'zalo_cs';
  if (url.startsWith('/v4/oa/access_token')) return 'zalo_refresh';
  if (/^\/v\d+\.\d+\/me\/messages/.test(url)) return 'graph_send';
  return 'other';
}

/** The request with its body, already read, served again to the inner handler's data/end listeners. */
function replayOf(req: IncomingMessage, body: string): IncomingMessage {
  return Object.assign(Object.create(req) as IncomingMessage, {
    on(event: string, fn: (arg?: unknown) => void) {
      if (event === 'data') queueMicrotask(() => fn(Buffer.from(body)));
      else if (event === 'end') queueMicrotask(() => queueMicrotask(() => fn()));
      return this;
    },
  });
}

export async function startFaultPlatform(): Promise<FaultPlatform> {
  const fake = await startFakePlatform(0);
  const [inner] = fake.server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (!inner) throw new Error('fake platform has no request handler');
  fake.server.removeAllListeners('request');
  let rule: FaultRule | undefined;
  const calls: FaultPlatform['calls'] = { zalo_cs: 0, zalo_refresh: 0, graph_send: 0, other: 0 };
  const faulted: PlatformRequest[] = [];

  fake.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? '';
    const url = req.url ?? '';
    const kind = kindOf(method, url);
    if (kind !== 'other') calls[kind]++;
    if (!rule) {
      inner(req, res);
      return;
    }
    // The inner handler reads the body itself; here it is read once and replayed to it.
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const fault = rule?.({ method, url, headers: req.headers, body, kind });
      if (fault && 'delayMs' in fault) {
        setTimeout(() => inner(replayOf(req, body), res), fault.delayMs);
        return;
      }
      if (fault) {
        faulted.push({ method, url, headers: req.headers, body, kind });
        const data = JSON.stringify(fault.body);
        res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
        res.end(data);
        return;
      }
      inner(replayOf(req, body), res);
    });
  });

  return {
    url: fake.url,
    arrivals: fake.arrivals,
    calls,
    faulted,
    setRule: (r) => {
      rule = r;
    },
    to: (userId) => fake.arrivals.filter((a) => a.userId === userId),
    close: () =>
      new Promise((resolve) => {
        fake.server.closeAllConnections();
        fake.server.close(() => resolve());
      }),
  };
}

/** A key prefix no other test uses. */
export function uniquePrefix(label: string): string {
  return `test:fault-${label}-${randomUUID().slice(0, 8)}:`;
}

export { dropPrefix, keysUnder } from '../store/helpers.ts';
