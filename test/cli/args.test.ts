import { describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, parseCli, runCli, type CliIo } from '../../src/cli/args.ts';
import { AppError, ErrorCodes } from '../../src/errors.ts';

const SPEC = {
  name: 'npm run demo',
  usage: 'usage: npm run demo -- [--dry-run] [--limit N] FILE',
  options: { 'dry-run': { type: 'boolean' }, limit: { type: 'string' } },
  positionals: true,
} as const;

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface RecordingIo extends CliIo {
  printed: string[];
  errors: string[];
}

function io(): RecordingIo {
  const printed: string[] = [];
  const errors: string[] = [];
  return {
    printed,
    errors,
    out: (t) => void printed.push(t),
    err: (t) => void errors.push(t),
    exit: (code): never => {
      throw new Exit(code);
    },
  };
}

const exitOf = (f: () => unknown): number => {
  try {
    f();
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
  return -1;
};

describe('parseCli', () => {
  it('reads flags and positionals, dropping a stray --', () => {
    const r = parseCli(SPEC, ['--', '--dry-run', '--limit', '3', 'agents.csv'], io());
    expect(r.values).toMatchObject({ 'dry-run': true, limit: '3' });
    expect(r.positionals).toEqual(['agents.csv']);
  });

  it('--help and -h print the usage on stdout and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const t = io();
      expect(exitOf(() => parseCli(SPEC, [flag], t))).toBe(EXIT_OK);
      expect(t.printed).toEqual([SPEC.usage]);
      expect(t.errors).toEqual([]);
    }
  });

  it('an unknown flag: one line naming it, then the usage, exit 2', () => {
    const t = io();
    expect(exitOf(() => parseCli(SPEC, ['--dryrun', 'a.csv'], t))).toBe(EXIT_USAGE);
    expect(t.errors).toEqual(['npm run demo: unknown option --dryrun', SPEC.usage]);
  });

  it('a missing value and a stray argument are usage errors too, each on one line', () => {
    const missing = io();
    expect(exitOf(() => parseCli(SPEC, ['--limit'], missing))).toBe(EXIT_USAGE);
    expect(missing.errors[0]).toMatch(/^npm run demo: .*--limit/);
    expect(missing.errors[0]).not.toContain('\n');
    const stray = io();
    expect(exitOf(() => parseCli({ ...SPEC, positionals: false }, ['x.csv'], stray))).toBe(EXIT_USAGE);
    expect(stray.errors[0]).toBe('npm run demo: unexpected argument x.csv');
  });
});

describe('runCli', () => {
  it('sets the exit code from main, and prints a thrown error as one line with exit 1', async () => {
    const before = process.exitCode;
    try {
      await runCli(() => 0);
      expect(process.exitCode).toBe(0);
      const t = io();
      await runCli(() => {
        throw new AppError(ErrorCodes.CONFIG_INVALID, 'AGENTS_FILE: line 3 kind');
      }, t);
      expect(process.exitCode).toBe(1);
      expect(t.errors).toEqual(['BHXH_CONFIG_INVALID: AGENTS_FILE: line 3 kind']);
    } finally {
      process.exitCode = before;
    }
  });
});
