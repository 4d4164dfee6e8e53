import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios';

// One pool of kept-alive sockets per process for every platform call: a new TLS handshake per message would
// cost more than the message itself under campaign load.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * The axios instance under each platform client. Platform APIs never redirect, so `maxRedirects: 0` keeps axios
 * on Node's plain http transport (no follow-redirects wrapper on every request); every status is returned to
 * the caller, which classifies it with the body's own error code.
 */
export function createPlatformHttp(opts: Pick<CreateAxiosDefaults, 'baseURL' | 'timeout' | 'transformResponse'>): AxiosInstance {
  return axios.create({ ...opts, httpAgent, httpsAgent, maxRedirects: 0, validateStatus: () => true });
}
