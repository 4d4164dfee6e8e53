import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/estimate.ts', ...args], { cwd: root });

describe('npm run estimate', () => {
  it('prints a Vietnamese summary for the office-staff example', async () => {
    const { stdout } = await cli(['--income', '5tr', '--sex', 'female', '--born', '1985-03', '--paid', '5y', '--as-of', '2026-11-21']);
    expect(stdout).toContain('bạn đóng 1.034.000 đ/tháng');
    expect(stdout).toContain('đủ tuổi vào tháng 03/2045');
    expect(stdout).toContain('Lưu ý:');
  });

  it('--json prints the API answer; --paid takes 2y6m and periods apply', async () => {
    const { stdout } = await cli(['--income', '3.000.000', '--group', 'near_poor', '--period', '3', '--paid', '2y6m', '--as-of', '2026-09-01', '--json']);
    const r = JSON.parse(stdout) as { contribution: { periodNet: number } };
    expect(r.contribution.periodNet).toBe(1_584_000);
  });

  it('--compulsory and --salary feed a mixed career; --joined-before-2021 the transitional rule', async () => {
    const mixed = await cli(['--income', '3tr', '--sex', 'male', '--born', '1968', '--paid', '12y', '--compulsory', '12y', '--salary', '8tr', '--as-of', '2026-12-03', '--json']);
    const m = JSON.parse(mixed.stdout) as { pension: { ratePercent: number; monthlyAmount: number } };
    expect(m.pension.ratePercent).toBe(40.5);
    expect(m.pension.monthlyAmount).toBe(Math.floor(((144 * 8_000_000 + 38 * 3_000_000) * 4050) / (10_000 * 182)));
    const early = await cli(['--income', '3tr', '--sex', 'female', '--born', '1975-06', '--paid', '260m', '--avg', '3tr', '--joined-before-2021', '--as-of', '2026-12-03', '--json']);
    expect((JSON.parse(early.stdout) as { pension: { rule: string } }).pension.rule).toBe('transitional');
  });

  it('exits 2 naming the bad option', async () => {
    const err = await cli(['--income', '5tr', '--period', '2', '--as-of', '2026-11-21']).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toContain('period');
  });

  it('refuses a birth date after the date of the estimate (exit 2, one line, then the usage)', async () => {
    const err = (await cli(['--income', '5tr', '--sex', 'male', '--born', '2030-01', '--as-of', '2026-11-21']).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr.split('\n')[0]).toBe('npm run estimate: ngày sinh 2030-01 ở sau ngày tính 2026-11-21.');
    expect(err.stderr).toContain('Cách dùng:');
  });
});
