import http from 'node:http';
import https from 'node:https';
import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

/** A platform answer is a small JSON object; anything this large is not one. */
export const MAX_RESPONSE_BYTES = 1 << 20;

/** Where one call goes; for a base URL, `path` is its path prefix. */
interface Target {
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
    let base = bases.get(config.baseURL);
    if (!base) bases.set(config.baseURL, (base = fromUrl(new URL(config.baseURL))));
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

/**
 * The axios adapter under the platform clients: one request on Node's http/https with the process's
 * kept-alive agents, the body as axios's request transforms left it, the response body handed back as text
 * for the clients' response transforms. axios's own http adapter does far more per call (proxy lookup from
 * the environment on every request, redirects, decompression, streams, progress events), which cost 45 µs of
 * each 110 µs platform call under load (bench/, issue 7); the platforms need none of it. Not supported, as the
 * clients use none of it: proxies (the platforms are called directly), cancellation signals, compressed
 * answers (no Accept-Encoding is sent, so servers answer uncompressed). Timeouts and socket errors reject with an AxiosError carrying the Node code
 * (`ECONNABORTED` for a timeout, as axios's adapter does), which the clients classify.
 */
export function createPlatformTransport(agents: { http: http.Agent; https: https.Agent }): AxiosAdapter {
  return (config) =>
    new Promise<AxiosResponse>((resolve, reject) => {
      let to: Target;
      try {
        to = target(config);
      } catch (err) {
        reject(AxiosError.from(err as Error, AxiosError.ERR_INVALID_URL, config));
        return;
      }
      const data: unknown = config.data;
      if (data !== undefined && data !== null && typeof data !== 'string' && !Buffer.isBuffer(data)) {
        reject(new AxiosError('platform transport sends string or Buffer bodies only', AxiosError.ERR_BAD_REQUEST, config));
        return;
      }
      const body = data ?? undefined;
      const headers = AxiosHeaders.from(config.headers).toJSON() as Record<string, string>;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const options = { hostname: to.hostname, port: to.port, path: to.path, method: (config.method ?? 'get').toUpperCase(), headers, agent: to.secure ? agents.https : agents.http };
      const req = (to.secure ? https : http).request(options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new AxiosError(`response larger than ${MAX_RESPONSE_BYTES} bytes`, AxiosError.ERR_BAD_RESPONSE, config, req));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err) => reject(AxiosError.from(err, (err as NodeJS.ErrnoException).code, config, req)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const response: AxiosResponse = {
            data: Buffer.concat(chunks).toString('utf8'),
            status,
            statusText: res.statusMessage ?? '',
            headers: res.headers,
            config,
            request: req,
          };
          if (!config.validateStatus || config.validateStatus(status)) resolve(response);
          else reject(new AxiosError(`Request failed with status code ${status}`, status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST, config, req, response));
        });
      });
      // The whole call, as axios's timeout means, not the socket's idle time.
      const timer = config.timeout
        ? setTimeout(() => req.destroy(new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config, req)), config.timeout)
        : undefined;
      req.on('close', () => clearTimeout(timer));
      req.on('error', (err) => reject(err instanceof AxiosError ? err : AxiosError.from(err, (err as NodeJS.ErrnoException).code, config, req)));
      req.end(body);
    });
}
