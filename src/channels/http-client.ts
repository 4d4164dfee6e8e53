import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios';
import { baseTarget, createPlatformTransport, platformCall, type PlatformAnswer } from './http-transport.ts';

const primed = new WeakSet<Socket>();
const USER_AGENT = 'bhxh-tu-nguyen-bot';

/**
 * Node's agent sets TCP keep-alive (two setsockopt calls) every time a socket goes back to the pool, which
 * showed up as 3 % of the app's CPU under load. It only needs setting once per socket.
 */
export function keepAliveOnce<A extends http.Agent>(agent: A): A {
  const keepSocketAlive = agent.keepSocketAlive.bind(agent);
  agent.keepSocketAlive = (socket: Socket) => {
    if (!primed.has(socket)) {
      primed.add(socket);
      return keepSocketAlive(socket);
    }
    const setKeepAlive = socket.setKeepAlive;
    socket.setKeepAlive = () => socket;
    try {
      return keepSocketAlive(socket);
    } finally {
      socket.setKeepAlive = setKeepAlive;
    }
  };
  return agent;
}

// One pool of kept-alive sockets per process for every platform call: a new TLS handshake per message would
// cost more than the message itself under campaign load.
const httpAgent = keepAliveOnce(new http.Agent({ keepAlive: true, maxSockets: 64 }));
const httpsAgent = keepAliveOnce(new https.Agent({ keepAlive: true, maxSockets: 64 }));
const agents = { http: httpAgent, https: httpsAgent };
const transport = createPlatformTransport(agents);

/**
 * The axios instance under each platform client, on the lean platform transport (http-transport.ts). Every
 * status is returned to the caller, which classifies it with the body's own error code.
 */
export function createPlatformHttp(opts: Pick<CreateAxiosDefaults, 'baseURL' | 'timeout' | 'transformResponse'>): AxiosInstance {
  const instance = axios.create({ ...opts, adapter: transport, validateStatus: () => true });
  // axios deep-merges its default header blocks (common plus one per method) into every call's config; the
  // platforms need two headers. With only `common` left the merge allocated a fifth less per call (bench/).
  instance.defaults.headers = { common: { Accept: 'application/json', 'User-Agent': USER_AGENT } } as unknown as typeof instance.defaults.headers;
  return instance;
}

/** A JSON POST to one platform's base URL: `(path with its query, headers, JSON text) → the answer`. */
export type PlatformPoster = (path: string, headers: Record<string, string>, json: string) => Promise<PlatformAnswer>;

/**
 * The platform clients' hot path (one call per message sent): straight to the transport under the axios
 * adapter, on the same kept-alive sockets, with no axios in between. axios's request() merges configs, builds
 * header objects, runs interceptors and transforms on every call — a tenth of the app's CPU and a fifth of its
 * allocations in the first-message bench — for a request whose method, headers and body are already final.
 * Rejects with a PlatformCallError (`code`: Node's socket code, `ECONNABORTED` for a timeout) the clients
 * classify like axios's errors; every status is returned.
 */
export function createPlatformPoster(opts: { baseURL: string; timeout: number }): PlatformPoster {
  const base = baseTarget(opts.baseURL);
  return (path, headers, json) =>
    platformCall(agents, { ...base, path: base.path + path }, {
      method: 'POST',
      headers: { accept: 'application/json', 'user-agent': USER_AGENT, 'content-type': 'application/json', ...headers },
      body: json,
      timeoutMs: opts.timeout,
    });
}
