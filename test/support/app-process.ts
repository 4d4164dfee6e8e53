import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The real app as its own process: `node --import tsx src/main.ts` with the given environment, exactly as
 * `npm start` runs it. For fault tests that kill it (SIGKILL, SIGTERM) and start it again.
 */

const ROOT = new URL('../../', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly base: string;
  /** Everything it printed (stdout and stderr), for failure messages. */
  readonly output: string[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly running: boolean;
  /** Sends `signal` and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns the app and resolves once `GET /readyz` answers 200 (Redis reachable, a channel configured). `env` is
 * laid over this process's environment; PORT must be in it (see freePort) so the test knows where to go.
 */
export async function spawnApp(env: Record<string, string>, opts: { readyTimeoutMs?: number } = {}): Promise<AppProcess> {
  if (!env['PORT']) throw new Error('spawnApp needs PORT in env');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const base = `http://127.0.0.1:${env['PORT']}`;
  const app: AppProcess = {
    child,
    pid: child.pid ?? 0,
    base,
    output,
    exited,
    get running() {
      return running;
    },
    async kill(signal) {
      if (running) child.kill(signal);
      return exited;
    },
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (!running) throw new Error(`app exited before it was ready:\n${output.join('')}`);
    const ok = await fetch(`${base}/readyz`).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status === 200;
      },
      () => false,
    );
    if (ok) return app;
    if (Date.now() > deadline) {
      await app.kill('SIGKILL');
      throw new Error(`app not ready in time:\n${output.join('')}`);
    }
    await sleep(50);
  }
}
