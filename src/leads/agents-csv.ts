import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError, ErrorCodes } from '../errors.ts';
import { detectSeparator } from './csv-file.ts';
import type { Agent } from './types.ts';

/**
 * The agent registry file (`npm run agents:import -- FILE`, or AGENTS_FILE at start), as text (csv-file.ts decodes
 * the bytes). CSV with `,` or `;` between fields (detected from the header), RFC 4180 quoting, header `id,name,kind,phone,zalo_user_id,ward_code,province_code,lat,lon,address,hours,active`
 * plus an optional `sample` column (true marks demo data, shown as such to users).
 */
export const AGENT_COLUMNS = ['id', 'name', 'kind', 'phone', 'zalo_user_id', 'ward_code', 'province_code', 'lat', 'lon', 'address', 'hours', 'active'] as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const bool = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((s) => s === 'true');
const coord = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'must be a decimal number' }).min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`).optional(),
  );
const optionalText = z.preprocess(blankToUndefined, z.string().max(500).optional());

const RowSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . -'),
    name: z.string().min(1, 'is required').max(200),
    kind: z.enum(['post_office', 'commune_agent', 'insurance_office'], { error: 'must be post_office, commune_agent or insurance_office' }),
    phone: z.string().regex(/^\+?[0-9][0-9 .-]{6,18}[0-9]$/, 'must be a phone number (digits, spaces, dots, dashes)'),
    zalo_user_id: z.string().regex(/^[0-9]{1,32}$/, 'must be the decimal Zalo user id'),
    ward_code: z.string().regex(/^[0-9]{5}$/, 'must be a 5-digit ward code (keep the leading zeros)'),
    province_code: z.string().regex(/^[0-9]{2}$/, 'must be a 2-digit province code (keep the leading zero)'),
    lat: coord(-90, 90),
    lon: coord(-180, 180),
    address: optionalText,
    hours: optionalText,
    active: bool,
    sample: z.preprocess(blankToUndefined, bool.optional()),
  });

export interface CsvRowError {
  /** Line in the file (the header is line 1). */
  line: number;
  field: string;
  message: string;
}

function invalid(errors: CsvRowError[]): AppError {
  const shown = errors.slice(0, 20).map((e) => `line ${e.line}, ${e.field}: ${e.message}`);
  const more = errors.length > 20 ? `; and ${errors.length - 20} more` : '';
  return new AppError(ErrorCodes.AGENTS_CSV_INVALID, `agents CSV rejected, nothing imported: ${shown.join('; ')}${more}`, { details: { errors } });
}

/** Parses and validates the whole file; any bad row rejects all of it (AGENTS_CSV_INVALID with every error). */
export function parseAgentsCsv(text: string): Agent[] {
  const delimiter = detectSeparator(text);
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, bom: true, trim: true, skip_empty_lines: true, delimiter }) as typeof rows;
  } catch (err) {
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as { lines: number }).lines : 0;
    throw invalid([{ line, field: '(file)', message: (err as Error).message }]);
  }
  const header = rows[0] ? Object.keys(rows[0].record) : (parse(text, { bom: true, to_line: 1, delimiter }) as string[][])[0] ?? [];
  const missing = AGENT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw invalid(missing.map((field) => ({ line: 1, field, message: 'column missing from the header' })));

  const errors: CsvRowError[] = [];
  const agents: Agent[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const parsed = RowSchema.safeParse(record);
    const latSet = (record.lat ?? '') !== '';
    const lonSet = (record.lon ?? '') !== '';
    if (latSet !== lonSet) errors.push({ line: info.lines, field: latSet ? 'lon' : 'lat', message: 'lat and lon go together: set both or neither' });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ line: info.lines, field: String(issue.path[0] ?? '(row)'), message: issue.message });
      continue;
    }
    if (latSet !== lonSet) continue;
    const r = parsed.data;
    const first = seen.get(r.id);
    if (first !== undefined) {
      errors.push({ line: info.lines, field: 'id', message: `duplicate of line ${first}` });
      continue;
    }
    seen.set(r.id, info.lines);
    agents.push({
      id: r.id,
      name: r.name,
      kind: r.kind,
      phone: r.phone,
      zaloUserId: r.zalo_user_id,
      wardCode: r.ward_code,
      provinceCode: r.province_code,
      ...(r.lat !== undefined && r.lon !== undefined ? { lat: r.lat, lon: r.lon } : {}),
      ...(r.address !== undefined ? { address: r.address } : {}),
      ...(r.hours !== undefined ? { hours: r.hours } : {}),
      active: r.active,
      sample: r.sample ?? false,
    });
  }
  const zaloSeen = new Map<string, string>();
  for (const a of agents) {
    const other = zaloSeen.get(a.zaloUserId);
    if (other !== undefined) errors.push({ line: seen.get(a.id) ?? 0, field: 'zalo_user_id', message: `same Zalo user as agent ${other}` });
    zaloSeen.set(a.zaloUserId, a.id);
  }
  if (errors.length > 0) throw invalid(errors);
  return agents;
}
