import cluster from 'node:cluster';

/**
 * Runs N copies of a server on one port (node:cluster hands each new connection to the next worker), the way
 * two app instances behind a load balancer share one Redis. `tsx bench/app-cluster.ts <workers> [script]
 * [node flags…]`: the script defaults to the compiled app (as production runs it; bench/run.ts builds it
 * first), a .ts script runs through tsx; the env is the server's own. Prints `workers <pid> <pid> …` once every
 * worker is listening.
 */
const workers = Number(process.argv[2] ?? 2);
const script = process.argv[3] ?? new URL('../dist/main.js', import.meta.url).pathname;
const flags = process.argv.slice(4);

if (cluster.isPrimary) {
  cluster.setupPrimary({ exec: script, execArgv: [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), ...flags] });
  const pids: number[] = [];
  let listening = 0;
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork();
    pids.push(worker.process.pid ?? 0);
    worker.on('listening', () => {
      if (++listening === workers) process.stdout.write(`workers ${pids.join(' ')}\n`);
    });
  }
  const stop = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
}
