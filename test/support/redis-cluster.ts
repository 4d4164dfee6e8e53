import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './app-process.ts';

const run = promisify(execFile);

/**
 * A throw-away Redis Cluster of `masters` redis-servers on loopback (no replicas), each with append-only
 * persistence fsynced on every write, so a killed master restarted on its port comes back with everything it
 * acknowledged. `cluster-require-full-coverage no`: while one master is down, the others' slots keep working.
 * Started by the cluster test project's global setup (test/support/cluster-setup.ts), never on the shared Redis.
 */
export class DisposableCluster {
  private readonly procs = new Map<number, ChildProcess>();
  private readonly dir = mkdtempSync(join(tmpdir(), 'bhxh-cluster-'));

  private constructor(
    readonly ports: number[],
    private readonly durable: boolean,
  ) {}

  /** `durable: false` (the bench): no append-only file, so a write costs no fsync. */
  static async start(masters = 3, opts: { durable?: boolean } = {}): Promise<DisposableCluster> {
    const ports: number[] = [];
    while (ports.length < masters) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const cluster = new DisposableCluster(ports, opts.durable ?? true);
    for (const port of ports) await cluster.up(port);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    await cluster.settled();
    return cluster;
  }

  get nodes(): { host: string; port: number }[] {
    return this.ports.map((port) => ({ host: '127.0.0.1', port }));
  }

  /** `REDIS_CLUSTER_NODES` for these servers. */
  get spec(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  /** Starts (or restarts) the server on `port` with its own directory, nodes file and append-only file. */
  async up(port: number): Promise<void> {
    const dir = join(this.dir, String(port));
    mkdirSync(dir, { recursive: true });
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf',
      '--cluster-node-timeout', '2000', '--cluster-require-full-coverage', 'no', '--save', '', ...(this.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
    this.procs.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    for (let i = 0; i < 100; i++) {
      if (await probe.connect().then(() => probe.ping(), () => undefined)) break;
      await sleep(50);
    }
    probe.disconnect();
  }

  /** SIGKILLs the server on `port` (a crashed master) and waits for it to be gone. */
  async kill(port: number): Promise<void> {
    const proc = this.procs.get(port);
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }

  /** Waits until every node reports the cluster ok with all 16384 slots assigned. */
  async settled(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(
        this.ports.map((p) => run('redis-cli', ['-p', String(p), 'cluster', 'info']).then((r) => r.stdout, () => '')),
      );
      if (states.every((s) => /cluster_state:ok/.test(s) && /cluster_slots_ok:16384/.test(s))) return;
      if (Date.now() > deadline) throw new Error(`cluster not ok in time:\n${states.join('\n')}`);
      await sleep(100);
    }
  }

  /** The master owning `key`'s slot. */
  async portOf(key: string): Promise<number> {
    const slot = Number((await run('redis-cli', ['-p', String(this.ports[0]), 'cluster', 'keyslot', key])).stdout.trim());
    const { stdout } = await run('redis-cli', ['-p', String(this.ports[0]), 'cluster', 'nodes']);
    for (const line of stdout.split('\n')) {
      const [, addr, flags, , , , , , ...ranges] = line.split(' ');
      if (!flags?.includes('master') || !addr) continue;
      for (const r of ranges) {
        const [lo, hi = lo] = r.split('-').map(Number);
        if (slot >= lo! && slot <= hi!) return Number(addr.split(':')[1]!.split('@')[0]);
      }
    }
    throw new Error(`no master owns slot ${slot}`);
  }

  async dispose(): Promise<void> {
    for (const port of this.ports) await this.kill(port);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
