/** Calendar arithmetic on months as integers (year × 12 + month − 1): no Date objects, no time zones. */

export type MonthIndex = number;

export function monthIndex(year: number, month: number): MonthIndex {
  return year * 12 + (month - 1);
}

/** `YYYY-MM` or `YYYY-MM-DD` → month index (the day is ignored). */
export function monthOf(date: string): MonthIndex {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return monthIndex(year, month);
}

export function yearOf(m: MonthIndex): number {
  return Math.floor(m / 12);
}

export function formatMonth(m: MonthIndex): string {
  const year = Math.floor(m / 12);
  const month = (m % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** True when `YYYY-MM-DD` names a real calendar day (rejects 2026-02-30). */
export function isValidDay(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= daysInMonth;
}

/** Vietnam keeps UTC+7 all year (no daylight saving since 1975). */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * Today's date in Vietnam (UTC+7) for a given instant. Callers pass the instant, so the pure functions never read
 * the clock; a request at 23:30 UTC is already tomorrow in Hà Nội. Plain arithmetic rather than
 * Intl.DateTimeFormat: it runs on every estimate turn, and building a formatter costs about a millisecond.
 */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
