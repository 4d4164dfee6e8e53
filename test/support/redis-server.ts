import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A throw-away redis-server with append-only persistence, for fault tests that stop and restart Redis
 * without touching the shared one on 6379.
 */
export class DisposableRedis {
  private proc: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'bhxh-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<DisposableRedis> {
    const r = new DisposableRedis(await freePort());
    await r.up();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: 'ignore' });
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    for (let i = 0; i < 100; i++) {
      if (await probe.connect().then(() => probe.ping(), () => undefined)) break;
      await sleep(50);
    }
    probe.disconnect();
  }

  /** Stops the server (SIGTERM: it flushes its append-only file first) and waits for it to exit. */
  async down(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered — a hung Redis, not a dead one. */
  pause(): void {
    this.proc?.kill('SIGSTOP');
  }

  /** Lets a paused server go on (SIGCONT): it answers everything that waited. */
  resume(): void {
    this.proc?.kill('SIGCONT');
  }

  async dispose(): Promise<void> {
    this.resume();
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
