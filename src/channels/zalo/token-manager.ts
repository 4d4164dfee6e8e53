import type { AxiosInstance } from 'axios';
import { createPlatformHttp } from '../http-client.ts';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ZaloConfig } from '../../config.ts';
import { AppError, ErrorCodes, isAppError } from '../../errors.ts';
import type { Store } from '../../store/types.ts';

/**
 * The OA access token, shared by every app instance through the Store (zalo.md §4).
 *
 * - One record per app under one key: `{ accessToken, refreshToken, expiresAt }` as JSON. One key is written
 *   atomically (setAll, one MULTI) and also read atomically, so no instance ever sees a new access token with
 *   an old refresh token.
 * - Refresh tokens are single-use, so every refresh (and the first seeding) happens under `store.withLock`
 *   with a re-read inside: whoever gets the lock second finds the fresh record and does not refresh again.
 * - The new pair is persisted before it is used or returned.
 * - Proactive: a token with less than `refreshMarginMs` (5 h of its 25 h) left is refreshed before use.
 * - `invalidate(oldToken)`: after -216/-220/401, refresh unless another caller already replaced that token.
 * - A token read from the store is reused in process for `cacheMs` (30 s) instead of a store read per message.
 *   Another instance's refresh reaches this one within that time, or at once: Zalo rejects the old token and
 *   `invalidate` re-reads the store.
 */

export interface TokenRecord {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms of the refresh (or seeding) that wrote this record. */
  updatedAt: number;
}

export interface TokenManager {
  /** A usable access token, refreshing first when it is missing or close to expiry. */
  getAccessToken(): Promise<string>;
  /** The platform rejected `oldToken`: returns a replacement, refreshing at most once across all instances. */
  invalidate(oldToken: string): Promise<string>;
  /** The stored record (tests, health checks). */
  read(): Promise<TokenRecord | undefined>;
}

export interface TokenManagerOptions {
  config: ZaloConfig;
  store: Store;
  logger: Logger;
  now?: () => number;
  /** Refresh when less than this is left. Default 5 h (refresh at ~20 h of 25 h). */
  refreshMarginMs?: number;
  /** Lifetime assumed for a ZALO_ACCESS_TOKEN seeded from the environment, whose issue time we do not know. */
  seededAccessTokenMs?: number;
  http?: AxiosInstance;
  /** How long a token read from the store is reused in process. Default 30 s; 0 reads the store every time. */
  cacheMs?: number;
}

export const TOKEN_PATH = '/v4/oa/access_token';
const DEFAULT_MARGIN_MS = 5 * 3600_000;
const DEFAULT_SEEDED_MS = 3600_000;
const DEFAULT_CACHE_MS = 30_000;
/** The lock outlives the refresh call's timeout, so a slow holder cannot lose it mid-refresh. */
const REFRESH_TIMEOUT_MS = 10_000;
const LOCK_TTL_MS = 30_000;
const LOCK_WAIT_MS = 30_000;

export function tokenKey(appId: string): string {
  return `zalo:token:{zalo:${appId}}`;
}

const RecordSchema = z.object({ accessToken: z.string(), refreshToken: z.string().min(1), expiresAt: z.number(), updatedAt: z.number() });

const RefreshOk = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  // "90000", as a string (zalo.md §4.1); a number is accepted too.
  expires_in: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(Number),
});

export function createTokenManager(opts: TokenManagerOptions): TokenManager {
  const { config, store, logger } = opts;
  const now = opts.now ?? Date.now;
  const margin = opts.refreshMarginMs ?? DEFAULT_MARGIN_MS;
  const key = tokenKey(config.appId);
  const http = opts.http ?? createPlatformHttp({ baseURL: config.oauthBaseUrl, timeout: REFRESH_TIMEOUT_MS });
  const cacheMs = opts.cacheMs ?? DEFAULT_CACHE_MS;
  /** In-process single-flight: concurrent callers in one process share one lock attempt. */
  let inflight: Promise<TokenRecord> | undefined;
  let cached: { record: TokenRecord; until: number } | undefined;
  const remember = (record: TokenRecord): string => {
    cached = { record, until: now() + cacheMs };
    return record.accessToken;
  };

  async function read(): Promise<TokenRecord | undefined> {
    const raw = await store.get(key);
    if (raw === null) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const parsed = RecordSchema.safeParse(json);
    if (!parsed.success) {
      logger.error({ code: ErrorCodes.ZALO_TOKEN }, 'zalo token record unreadable; reseeding from the environment');
      return undefined;
    }
    return parsed.data;
  }

  async function write(record: TokenRecord): Promise<void> {
    await store.setAll([{ key, value: JSON.stringify(record) }]);
  }

  const fresh = (r: TokenRecord) => r.accessToken !== '' && r.expiresAt - now() > margin;

  async function callRefresh(refreshToken: string): Promise<TokenRecord> {
    const form = new URLSearchParams({ refresh_token: refreshToken, app_id: config.appId, grant_type: 'refresh_token' });
    let res;
    try {
      res = await http.post(TOKEN_PATH, form.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: config.appSecret },
      });
    } catch (err) {
      throw new AppError(ErrorCodes.ZALO_TOKEN_REFRESH_FAILED, 'Zalo token refresh unreachable', { retry: 'retry', cause: err, details: { reason: 'network' } });
    }
    const ok = RefreshOk.safeParse(res.data);
    if (res.status >= 200 && res.status < 300 && ok.success) {
      const at = now();
      return { accessToken: ok.data.access_token, refreshToken: ok.data.refresh_token, expiresAt: at + ok.data.expires_in * 1000, updatedAt: at };
    }
    const body = (typeof res.data === 'object' && res.data !== null ? res.data : {}) as { error?: unknown; error_name?: unknown };
    const retry = res.status >= 500 || res.status === 429 ? 'retry' : 'never';
    // -14020 and friends: the refresh token is dead; an OA admin must re-consent. Page a human.
    throw new AppError(ErrorCodes.ZALO_TOKEN_REFRESH_FAILED, 'Zalo token refresh refused', {
      retry,
      details: { httpStatus: res.status, zaloError: body.error, errorName: typeof body.error_name === 'string' ? body.error_name : undefined },
    });
  }

  /** Under the lock: re-read, then seed or refresh only if still needed. `stale` forces past that token. */
  function refreshShared(stale?: string): Promise<TokenRecord> {
    inflight ??= store
      .withLock(
        key,
        async () => {
          let current = await read();
          if (!current) {
            current = {
              accessToken: config.accessToken ?? '',
              refreshToken: config.refreshToken,
              expiresAt: config.accessToken ? now() + (opts.seededAccessTokenMs ?? DEFAULT_SEEDED_MS) : 0,
              updatedAt: now(),
            };
            await write(current);
            logger.info({ withAccessToken: !!config.accessToken }, 'zalo token store seeded from the environment');
          }
          const rejected = stale !== undefined && current.accessToken === stale;
          if (fresh(current) && !rejected) return current; // someone else refreshed while we waited
          const started = now();
          try {
            const next = await callRefresh(current.refreshToken);
            await write(next); // persist before anyone uses it: the old refresh token is already dead
            logger.info({ ms: now() - started, expiresInS: Math.round((next.expiresAt - now()) / 1000) }, 'zalo token refreshed');
            return next;
          } catch (err) {
            const code = isAppError(err) ? err.code : 'unexpected';
            const details = isAppError(err) ? err.details : undefined;
            // A proactive refresh that fails leaves a still-valid token usable.
            if (!rejected && current.accessToken !== '' && current.expiresAt > now()) {
              logger.warn({ code, details }, 'zalo proactive token refresh failed; using the current token');
              return current;
            }
            logger.error({ code, details }, 'zalo token refresh failed');
            throw err;
          }
        },
        { ttlMs: LOCK_TTL_MS, waitMs: LOCK_WAIT_MS },
      )
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  }

  return {
    read,
    async getAccessToken() {
      if (cached && now() < cached.until && fresh(cached.record)) return cached.record.accessToken;
      const current = await read();
      if (current && fresh(current)) return remember(current);
      return remember(await refreshShared());
    },
    async invalidate(oldToken: string) {
      if (cached?.record.accessToken === oldToken) cached = undefined;
      const current = await read();
      if (current && current.accessToken !== oldToken && fresh(current)) return remember(current);
      let next = await refreshShared(oldToken);
      // Joined a proactive check that started before the rejection and kept the old token: go again.
      if (next.accessToken === oldToken) next = await refreshShared(oldToken);
      return remember(next);
    },
  };
}
