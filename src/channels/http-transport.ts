import http from 'node:http';
import https from 'node:https';
import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

/** A platform answer is a small JSON object; anything this large is not one. */
export const MAX_RESPONSE_BYTES = 1 << 20;

/** Where one call goes; for a base URL, `path` is its path prefix. */
export interface Target {
  secure: boolean;
  hostname: string;
  port: string;
  path: string;
}

function fromUrl(url: URL): Target {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${url.protocol}`);
  return { secure: url.protocol === 'https:', hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: url.pathname.replace(/\/+$/, '') };
}

/** Base URLs parsed once: a URL parse per call showed up in the profile. */
const bases = new Map<string, Target>();

/** `baseURL` + `url` (+ flat `params`), as axios would join them. */
function target(config: InternalAxiosRequestConfig): Target {
  const url = config.url ?? '';
  let to: Target;
  if (/^https?:\/\//i.test(url) || !config.baseURL) {
    const full = new URL(url);
    to = { ...fromUrl(full), path: full.pathname + full.search };
  } else {
    const base = baseTarget(config.baseURL);
    to = { ...base, path: `${base.path}/${url.replace(/^\/+/, '')}` };
  }
  const params = config.params as Record<string, unknown> | undefined;
  if (params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) query.append(k, String(v));
    const q = query.toString();
    if (q) to.path += (to.path.includes('?') ? '&' : '?') + q;
  }
  return to;
}

/** What a platform answered: the status, Node's headers, the body as text. */
export interface PlatformAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  data: string;
}

/** A failed call: Node's socket error code, `ECONNABORTED` for a timeout, `ERR_BAD_RESPONSE` for an oversized answer. */
export class PlatformCallError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly request?: http.ClientRequest,
  ) {
    super(message);
  }
}

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/**
 * One request on Node's http/https with the process's kept-alive agents: the call under the axios adapter
 * below, and the one the platform clients' hot sends make directly (http-client.ts `createPlatformPoster`).
 * `timeoutMs` bounds the whole call, as axios's timeout does, not the socket's idle time.
 */
export function platformCall(
  agents: Agents,
  to: Target,
  call: { method: string; headers: Record<string, string>; body?: string | Buffer | undefined; timeoutMs?: number | undefined },
): Promise<PlatformAnswer> {
  return new Promise<PlatformAnswer>((resolve, reject) => {
    const { body } = call;
    if (body !== undefined) call.headers['content-length'] = String(Buffer.byteLength(body));
    const options = { hostname: to.hostname, port: to.port, path: to.path, method: call.method, headers: call.headers, agent: to.secure ? agents.https : agents.http };
    const req = (to.secure ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy(new PlatformCallError(`response larger than ${MAX_RESPONSE_BYTES} bytes`, AxiosError.ERR_BAD_RESPONSE, req));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err) => reject(new PlatformCallError(err.message, (err as NodeJS.ErrnoException).code, req)));
      res.on('end', () => {
        const data = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, data });
      });
    });
    const timer = call.timeoutMs ? setTimeout(() => req.destroy(new PlatformCallError(`timeout of ${call.timeoutMs}ms exceeded`, AxiosError.ECONNABORTED, req)), call.timeoutMs) : undefined;
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => reject(err instanceof PlatformCallError ? err : new PlatformCallError(err.message, (err as NodeJS.ErrnoException).code, req)));
    req.end(body);
  });
}

/** A base URL parsed once (the path prefix in `path`), for callers that join paths to it themselves. */
export function baseTarget(baseURL: string): Target {
  let base = bases.get(baseURL);
  if (!base) bases.set(baseURL, (base = fromUrl(new URL(baseURL))));
  return base;
}

/**
 * The axios adapter under the platform clients' axios instances (the rare calls: token refresh, the Page
 * profile): `platformCall` with the body as axios's request transforms left it, the answer handed back as text
 * for the response transforms. axios's own http adapter does far more per call (proxy lookup from the
 * environment on every request, redirects, decompression, streams, progress events), which cost 45 µs of each
 * 110 µs platform call under load (bench/, issue 7); the platforms need none of it. Not supported, as the
 * clients use none of it: proxies (the platforms are called directly), cancellation signals, compressed answers
 * (no Accept-Encoding is sent, so servers answer uncompressed). Timeouts and socket errors reject with an
 * AxiosError carrying the Node code (`ECONNABORTED` for a timeout, as axios's adapter does), which the clients
 * classify.
 */
export function createPlatformTransport(agents: Agents): AxiosAdapter {
  return async (config) => {
    let to: Target;
    try {
      to = target(config);
    } catch (err) {
      throw AxiosError.from(err as Error, AxiosError.ERR_INVALID_URL, config);
    }
    const data: unknown = config.data;
    if (data !== undefined && data !== null && typeof data !== 'string' && !Buffer.isBuffer(data)) {
      throw new AxiosError('platform transport sends string or Buffer bodies only', AxiosError.ERR_BAD_REQUEST, config);
    }
    const headers = AxiosHeaders.from(config.headers).toJSON() as Record<string, string>;
    let answer: PlatformAnswer;
    try {
      answer = await platformCall(agents, to, { method: (config.method ?? 'get').toUpperCase(), headers, body: data ?? undefined, timeoutMs: config.timeout });
    } catch (err) {
      const e = err as PlatformCallError;
      throw AxiosError.from(e, e.code, config, e.request);
    }
    const response: AxiosResponse = { ...answer, config };
    if (!config.validateStatus || config.validateStatus(answer.status)) return response;
    throw new AxiosError(`Request failed with status code ${answer.status}`, answer.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST, config, undefined, response);
  };
}
