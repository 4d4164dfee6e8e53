/**
 * The one argument parser of our command-line tools, on node's util.parseArgs (no dependency: parseArgs does the
 * parsing; this file only adds what every tool must do the same way):
 * - `--help` / `-h` prints the usage on stdout and exits 0;
 * - an unknown flag, a missing value or a stray argument prints ONE line (`<tool>: <what is wrong>`) and the usage
 *   on stderr, and exits 2;
 * - `runCli` runs a tool's main: its return value is the exit code; an error it throws is printed as one line
 *   (`BHXH_…: message` for our catalogued errors; no stack trace) and exits 1.
 * Exit codes (README "Command-line tools"): 0 done, 1 failed (bad data, service unreachable), 2 usage error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isAppError } from '../errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliSpec<O extends Options> {
  /** The tool's name as typed (`npm run estimate`), used at the start of an error line. */
  name: string;
  /** The full usage text: synopsis, then one line per option. */
  usage: string;
  options: O;
  /** Whether the tool takes arguments that are not flags (a file name, a sub-command). */
  positionals?: boolean;
}

/** Where a tool writes and how it ends; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): never;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  exit: (code) => process.exit(code),
};

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** parseArgs' messages carry a hint about `--` on several lines; ours say only what is wrong. */
function plainMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unknown option ${flag}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unexpected argument ${arg}`;
  }
  return message.split('\n')[0]!.replace(/\.$/, '');
}

/** Prints `<tool>: <message>` and the usage on stderr, exits 2. For a tool's own checks (a missing required flag…). */
export function usageError(spec: Pick<CliSpec<Options>, 'name' | 'usage'>, message: string, io: CliIo = processIo): never {
  io.err(`${spec.name}: ${message}`);
  io.err(spec.usage);
  return io.exit(EXIT_USAGE);
}

/** Parses `argv` (default: this process's arguments) by `spec`; handles --help and usage errors as described above. */
export function parseCli<const O extends Options>(spec: CliSpec<O>, argv: string[] = process.argv.slice(2), io: CliIo = processIo) {
  let parsed;
  try {
    parsed = parseArgs<{ args: string[]; options: O & typeof HELP; allowPositionals: boolean; strict: true }>({
      // npm passes everything after `npm run x --` through; a `--` that still arrives is not an argument.
      args: argv.filter((a) => a !== '--'),
      options: { ...spec.options, ...HELP },
      allowPositionals: spec.positionals ?? false,
      strict: true,
    });
  } catch (err) {
    return usageError(spec, plainMessage(err), io);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(spec.usage);
    return io.exit(EXIT_OK);
  }
  return parsed;
}

/** Runs a tool's main and sets the exit code from what it returns or throws (see the top of this file). */
export async function runCli(main: () => Promise<number | void> | number | void, io: CliIo = processIo): Promise<void> {
  try {
    process.exitCode = (await main()) ?? EXIT_OK;
  } catch (err) {
    io.err(isAppError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err));
    process.exitCode = EXIT_FAILURE;
  }
}
