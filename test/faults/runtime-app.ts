import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchEnv, type SignedRequest } from '../../bench/events.ts';
import type { ChannelAdapter } from '../../src/channels/channel.ts';
import { createMessengerChannel } from '../../src/channels/messenger/index.ts';
import { createZaloChannel } from '../../src/channels/zalo/index.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Engine } from '../../src/conversation/types.ts';
import type { RetryPolicy } from '../../src/queue/types.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { REDIS_URL } from '../store/helpers.ts';
import { echoEngine, silentLogger } from '../support/fakes.ts';

/**
 * The app in this process: createRuntime with the real Zalo and Messenger adapters on the real Redis under
 * `prefix`, talking to the fake platform at `platformUrl` over loopback.
 */
export interface InProcessApp {
  rt: Runtime;
  config: Config;
  base: string;
  post(req: SignedRequest): Promise<number>;
  stop(): Promise<void>;
}

export function appConfig(platformUrl: string, prefix: string): Config {
  return loadConfig({ ...benchEnv({ port: 0, platformUrl, redisUrl: REDIS_URL, redisPrefix: prefix }), LOG_LEVEL: 'silent' });
}

export async function startInProcessApp(opts: {
  platformUrl: string;
  prefix: string;
  engine?: Engine;
  outboundRetry?: RetryPolicy;
}): Promise<InProcessApp> {
  const config = appConfig(opts.platformUrl, opts.prefix);
  const rt = createRuntime({
    config,
    engine: opts.engine ?? echoEngine,
    logger: silentLogger,
    adapters: (store): ChannelAdapter[] => [
      createZaloChannel({ config: config.zalo!, store, logger: silentLogger }),
      createMessengerChannel({ config: config.messenger!, store, logger: silentLogger }),
    ],
    outboxSweepMs: 500,
    ...(opts.outboundRetry ? { outboundRetry: opts.outboundRetry } : {}),
  });
  const server = await rt.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped = false;
  return {
    rt,
    config,
    base,
    post: (req) => postSigned(base, req),
    async stop() {
      if (stopped) return;
      stopped = true;
      await rt.stop();
    },
  };
}

/** One POST; the status, or 0 when the connection failed. */
export async function postSigned(base: string, req: SignedRequest): Promise<number> {
  try {
    const res = await fetch(base + req.path, { method: 'POST', body: req.body, headers: req.headers });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Like a platform: POSTs the same signed request until it is acknowledged with 200. */
export async function deliverUntilAcked(base: () => string, req: SignedRequest, opts: { gaveUp?: () => boolean } = {}): Promise<boolean> {
  for (;;) {
    if (opts.gaveUp?.()) return false;
    if ((await postSigned(base(), req)) === 200) return true;
    await sleep(50);
  }
}

/** Polls `check` every 20 ms until it holds; fails with `what` after `ms`. Never used to assert a duration. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(20);
  }
}
