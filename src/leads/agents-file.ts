import { readFile } from 'node:fs/promises';
import { isAppError } from '../errors.ts';
import { parseAgentsCsv } from './agents-csv.ts';
import { decodeCsv, detectSeparator, type CsvEncoding } from './csv-file.ts';
import type { Agent } from './types.ts';

export interface AgentsFile {
  agents: Agent[];
  encoding: CsvEncoding;
  separator: ',' | ';';
  /** Set when the file had to be converted (Windows-1258): tell the person who made it. */
  notice?: string;
}

/**
 * Reads and validates an agents CSV as staff saved it (encoding and separator detected, csv-file.ts); the one reader
 * of `npm run agents:import` and AGENTS_FILE. Throws BHXH_AGENTS_CSV_INVALID (every bad row, by line and field) or
 * BHXH_CSV_ENCODING_UNSUPPORTED; a missing file throws the system error (ENOENT) with the path.
 */
/** What went wrong reading an agents file, as lines for a terminal: the code and every bad row by line and field. */
export function describeAgentsFileError(err: unknown, path: string): string[] {
  if (isAppError(err)) {
    const errors = (err.details.errors as { line: number; field: string; message: string }[] | undefined) ?? [];
    if (errors.length === 0) return [`${err.code}: ${err.message}`];
    return [
      `${err.code}: ${path} rejected, nothing imported (${errors.length} error${errors.length > 1 ? 's' : ''}):`,
      ...errors.map((e) => `  line ${e.line}  ${e.field}: ${e.message}`),
    ];
  }
  return [(err as { code?: string }).code === 'ENOENT' ? `${path}: no such file` : (err as Error).message];
}

export async function readAgentsFile(path: string): Promise<AgentsFile> {
  const { text, encoding, notice } = decodeCsv(await readFile(path), path);
  return { agents: parseAgentsCsv(text), encoding, separator: detectSeparator(text), ...(notice ? { notice } : {}) };
}
