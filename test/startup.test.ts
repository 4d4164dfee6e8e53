import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, testPrefixes } from './store/helpers.ts';
import { freePort } from './support/app-process.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'startup-'));
const prefixes = testPrefixes();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await prefixes.drop();
});

/** Starts `npm start`'s entry with `env`; resolves with what it printed once `until` matches or it exits. */
function start(env: Record<string, string>, until: RegExp): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve) => {
    const seen = (d: Buffer) => {
      output += d.toString();
      if (until.test(output)) {
        child.kill('SIGTERM');
        resolve({ output, code: null });
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => resolve({ output, code }));
  });
}

describe.concurrent('start-up tells the truth', () => {
  it('a broken AGENTS_FILE stops start-up (exit 1) with the file, line and field', async () => {
    const file = join(dir, 'agents.csv');
    writeFileSync(file, 'id,name,kind,phone,zalo_user_id,ward_code,province_code,lat,lon,address,hours,active\nA1,X,bakery,0555 000 001,1,04543,15,,,,,true\n');
    const r = await start({ PORT: String(await freePort()), AGENTS_FILE: file, REDIS_URL: '' }, /$^/);
    expect(r.code).toBe(1);
    expect(r.output).toContain('Start-up stopped: fix these, then start again.');
    expect(r.output).toContain(`AGENTS_FILE=${file}:`);
    expect(r.output).toContain('  line 2  kind: must be post_office, commune_agent or insurance_office');
  });

  it('the trial banner names the Redis in use (without its password) when REDIS_URL is set', async () => {
    const url = new URL(REDIS_URL);
    url.username = 'ops';
    url.password = 's3cret';
    const prefix = prefixes.next();
    const r = await start({ PORT: String(await freePort()), REDIS_URL: url.href, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' }, /No channel configured.*\n/);
    expect(r.output).toContain(`dữ liệu lưu ở Redis redis://${new URL(REDIS_URL).host}`);
    expect(r.output).toContain(`(prefix ${prefix})`);
    expect(r.output).not.toContain('bộ nhớ');
    expect(r.output).not.toContain('s3cret');
  });
});
