import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime } from '../../src/runtime.ts';
import { ConnectionState } from '../../src/store/connection-state.ts';
import { echoEngine, FakeChannel, testConfig } from '../support/fakes.ts';

/** A pino logger writing JSON lines into an array. */
function recorder() {
  const lines: { level: string; obj: Record<string, unknown> }[] = [];
  const logger = createLogger('info', {
    write: (line: string) => {
      const obj = JSON.parse(line) as Record<string, unknown>;
      lines.push({ level: obj.level === 50 ? 'error' : obj.level === 30 ? 'info' : String(obj.level), obj });
    },
  });
  return { lines, logger };
}

describe('ConnectionState', () => {
  it('logs once when the connection goes down and once when it is back, whatever the number of errors', () => {
    const { lines, logger } = recorder();
    const redis = new EventEmitter();
    new ConnectionState(logger, ErrorCodes.STORE_UNAVAILABLE, 'store').watch(redis as never);
    redis.emit('ready');
    for (let i = 0; i < 5; i++) redis.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    redis.emit('ready');
    redis.emit('ready');
    redis.emit('error', new Error('read ECONNRESET'));
    expect(lines.map((l) => [l.level, l.obj.code, l.obj.state, l.obj.cause])).toEqual([
      ['error', 'BHXH_STORE_UNAVAILABLE', 'down', 'connect ECONNREFUSED 127.0.0.1:6379'],
      ['info', 'BHXH_STORE_UNAVAILABLE', 'up', undefined],
      ['error', 'BHXH_STORE_UNAVAILABLE', 'down', 'read ECONNRESET'],
    ]);
  });
});

describe('a runtime whose Redis is unreachable', () => {
  it('says so once for the store and once per queue, with their codes, and never prints the URL', async () => {
    const { lines, logger } = recorder();
    const rt = createRuntime({
      config: testConfig({ redisUrl: 'redis://user:s3cret@127.0.0.1:1', redisPrefix: 'test-unreachable:' }),
      engine: echoEngine,
      logger,
      adapters: () => [new FakeChannel()],
    });
    await new Promise((r) => setTimeout(r, 1_500)); // ioredis retries several times meanwhile
    const down = lines.filter((l) => l.obj.state === 'down');
    expect(down.map((l) => `${l.obj.code} ${l.obj.connection}`).sort()).toEqual(['BHXH_QUEUE_UNAVAILABLE queue outbound', 'BHXH_STORE_UNAVAILABLE store']);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
    await Promise.race([rt.stop().catch(() => {}), new Promise((r) => setTimeout(r, 1_000))]);
  });
});
