import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError, ErrorCodes } from '../errors.ts';
import { detectSeparator } from '../leads/csv-file.ts';
import type { Store } from '../store/types.ts';

/**
 * Yearly new-participant targets per province or commune, imported from CSV (header `year,province_code,ward_code,
 * target`; `ward_code` blank for a province-wide target), compared with registered leads. A year's file replaces
 * that year's targets as a whole.
 */
export const TARGET_COLUMNS = ['year', 'province_code', 'ward_code', 'target'] as const;

const Row = z.object({
  year: z.string().regex(/^20\d{2}$/, 'must be a year like 2026'),
  province_code: z.string().regex(/^\d{2}$/, 'must be a 2-digit province code (keep the leading zero)'),
  ward_code: z.string().regex(/^(\d{5})?$/, 'must be a 5-digit ward code or empty'),
  target: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0).max(10_000_000),
});

export interface Target {
  year: string;
  province: string;
  ward: string;
  target: number;
}

const key = (year: string) => `targets:{targets}:${year}`;

export function parseTargetsCsv(text: string): Target[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true, delimiter: detectSeparator(text) }) as Record<string, string>[];
  } catch (err) {
    throw new AppError(ErrorCodes.TARGETS_CSV_INVALID, `targets CSV unreadable: ${(err as Error).message}`);
  }
  const missing = TARGET_COLUMNS.filter((c) => rows[0] && !(c in rows[0]));
  if (rows.length === 0 || missing.length > 0) throw new AppError(ErrorCodes.TARGETS_CSV_INVALID, `header must be ${TARGET_COLUMNS.join(',')}${missing.length ? ` (missing ${missing.join(', ')})` : ''}`);
  const errors: string[] = [];
  const out: Target[] = [];
  rows.forEach((r, i) => {
    const p = Row.safeParse(r);
    if (!p.success) errors.push(...p.error.issues.map((e) => `line ${i + 2}, ${String(e.path[0])}: ${e.message}`));
    else out.push({ year: p.data.year, province: p.data.province_code, ward: p.data.ward_code, target: p.data.target });
  });
  if (errors.length > 0) throw new AppError(ErrorCodes.TARGETS_CSV_INVALID, `targets CSV rejected, nothing imported: ${errors.slice(0, 10).join('; ')}`, { details: { errors } });
  return out;
}

export class Targets {
  constructor(private readonly store: Store) {}

  async replace(targets: Target[]): Promise<void> {
    const years = [...new Set(targets.map((t) => t.year))];
    for (const year of years) {
      await this.store.del(key(year));
      await this.store.hashSet(key(year), Object.fromEntries(targets.filter((t) => t.year === year).map((t) => [`${t.province}|${t.ward}`, String(t.target)])));
    }
  }

  async forYear(year: string): Promise<Target[]> {
    const h = await this.store.hashGetAll(key(year));
    return Object.entries(h)
      .map(([f, v]) => {
        const [province = '', ward = ''] = f.split('|');
        return { year, province, ward, target: Number(v) };
      })
      .sort((a, b) => a.province.localeCompare(b.province) || a.ward.localeCompare(b.ward));
  }
}
