import type { Redis } from 'ioredis';
import type { ErrorCode } from '../errors.ts';
import type { Logger } from '../log.ts';

/**
 * One log line per change of a Redis connection's state, not one per failed reconnect (ioredis emits `error` on every
 * attempt, several a second during an outage): `error` with the catalogue code when it goes down (and the first
 * time it cannot connect at all), `info` with the same code when it is back. What is logged names the connection
 * and the cause (`connect ECONNREFUSED 127.0.0.1:6379`), never the URL (it can hold a password).
 */
export class ConnectionState {
  private state: 'connecting' | 'up' | 'down' = 'connecting';

  constructor(
    private readonly logger: Pick<Logger, 'error' | 'info'>,
    private readonly code: ErrorCode,
    private readonly connection: string,
  ) {}

  down(err: unknown): void {
    if (this.state === 'down') return;
    const cause = err instanceof Error ? err.message : String(err);
    this.logger.error({ code: this.code, connection: this.connection, state: 'down', cause }, `${this.connection}: Redis unreachable; retrying`);
    this.state = 'down';
  }

  up(): void {
    if (this.state === 'down') this.logger.info({ code: this.code, connection: this.connection, state: 'up' }, `${this.connection}: Redis connection back`);
    this.state = 'up';
  }

  /** Follows an ioredis client: `error` → down, `ready` → up. Also the listener that keeps an `error` from crashing the process. */
  watch(redis: Pick<Redis, 'on'>): this {
    redis.on('error', (err: unknown) => this.down(err));
    redis.on('ready', () => this.up());
    return this;
  }
}
