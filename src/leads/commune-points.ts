import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AppError, ErrorCodes } from '../errors.ts';
import type { GeoPoint } from './types.ts';

/**
 * The optional operator-supplied commune points (COMMUNE_POINTS_FILE): UTF-8 CSV with a header holding
 * `ward_code` (or `code`), `lat` and `lon`; other columns are ignored, so a table like the shared
 * vn-admin-2025 `wards.csv` works as it is. Used only to rank agents by distance when a user types a commune.
 */
export type CommunePoints = ReadonlyMap<string, GeoPoint>;

export function parseCommunePoints(text: string): CommunePoints {
  const rows = parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true }) as Record<string, string>[];
  const points = new Map<string, GeoPoint>();
  rows.forEach((row, i) => {
    const code = row.ward_code ?? row.code;
    const lat = Number(row.lat);
    const lon = Number(row.lon);
    if (!code || !/^[0-9]{1,5}$/.test(code) || row.lat === '' || row.lon === '' || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new AppError(ErrorCodes.CONFIG_INVALID, `commune points file: line ${i + 2} needs ward_code (or code), lat and lon`);
    }
    points.set(code.padStart(5, '0'), { lat, lon });
  });
  return points;
}

export function loadCommunePoints(file: string): CommunePoints {
  return parseCommunePoints(readFileSync(file, 'utf8'));
}
