import { readFile } from 'node:fs/promises';
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
export async function readAgentsFile(path: string): Promise<AgentsFile> {
  const { text, encoding, notice } = decodeCsv(await readFile(path), path);
  return { agents: parseAgentsCsv(text), encoding, separator: detectSeparator(text), ...(notice ? { notice } : {}) };
}
