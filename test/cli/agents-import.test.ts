import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENTS_CSV } from '../leads/fixtures.ts';
import { keysUnder, REDIS_URL, testPrefixes } from '../store/helpers.ts';
import { encodeWindows1258 } from '../support/cp1258.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agents-import-'));
const prefixes = testPrefixes();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await prefixes.drop();
});

interface Run { code: number; stdout: string; stderr: string }
async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/agents-import.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const file = (name: string, bytes: Buffer | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe('npm run agents:import', () => {
  it('--check on a Windows-1258 file with ; between fields: a notice, the counts, a preview of the first rows, nothing written', async () => {
    const semicolons = AGENTS_CSV.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/gm, ';');
    const path = file('excel.csv', encodeWindows1258(semicolons));
    const prefix = prefixes.next();
    const r = await cli(['--check', path], { REDIS_URL, REDIS_PREFIX: prefix });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Note: .*excel\.csv is in Windows-1258 .*Save it as UTF-8/);
    expect(lines[1]).toBe(`${path}: WINDOWS-1258, fields separated by ";", 6 agents (5 active, 1 marked sample data) valid; nothing written (--check).`);
    expect(lines[2]).toMatch(/^ {2}id +name +kind +phone +ward +province +active$/);
    expect(lines[3]).toMatch(/^ {2}A1 +Bưu điện Âu Lâu +post_office +0555 000 001 +04543 +15 +active +sample$/);
    expect(lines.at(-1)).toBe('  … and 1 more');
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('--dry-run is --check: it never writes', async () => {
    const prefix = prefixes.next();
    const r = await cli(['--dry-run', file('ok.csv', AGENTS_CSV)], { REDIS_URL, REDIS_PREFIX: prefix });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing written (--check)');
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('imports into Redis without a flag', async () => {
    const prefix = prefixes.next();
    const r = await cli([file('ok2.csv', AGENTS_CSV)], { REDIS_URL, REDIS_PREFIX: prefix });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`Imported 6 agents (5 active, 1 marked sample data) into ${prefix}agents.`);
    expect((await keysUnder(prefix)).length).toBeGreaterThan(0);
  });

  it('a rejected file: exit 1, every error by line and field; a missing file: exit 1 naming it', async () => {
    const bad = await cli(['--check', file('bad.csv', AGENTS_CSV.replace('post_office', 'bakery'))]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^BHXH_AGENTS_CSV_INVALID: .*bad\.csv rejected, nothing imported \(1 error\):\n {2}line 2 {2}kind: must be post_office/);
    const missing = await cli(['--check', join(dir, 'nope.csv')]);
    expect(missing).toMatchObject({ code: 1, stderr: `${join(dir, 'nope.csv')}: no such file\n` });
  });
});
