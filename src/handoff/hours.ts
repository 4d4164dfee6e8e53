import { AppError, ErrorCodes } from '../errors.ts';

/**
 * Office hours of a staff member, as office staff write them: `07:30-17:00`, or several ranges
 * `07:30-11:30,13:30-17:00`, optionally after the days they apply to: `T2-T7 07:30-11:30` (T2 = Monday …
 * T7 = Saturday, CN = Sunday; a list `T2,T4,T6` works too). Without days: Monday to Friday, the working
 * week of Vietnamese public offices. A range that ends before it starts (`22:00-06:00`) runs past midnight
 * into the next day. Times are Vietnam time (UTC+7 all year, no daylight saving).
 */
export interface OfficeHours {
  /** 0 = Sunday … 6 = Saturday. */
  days: ReadonlySet<number>;
  /** Minutes after midnight, [start, end); end ≤ start: until `end` the next day. */
  ranges: readonly { start: number; end: number }[];
}

/** What an unset `hours` means. */
export const DEFAULT_HOURS = '07:30-17:00';

const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_NAMES: Record<string, number> = { CN: 0, T2: 1, T3: 2, T4: 3, T5: 4, T6: 5, T7: 6 };
const WEEKDAYS = new Set([1, 2, 3, 4, 5]);

function invalid(text: string, why: string): AppError {
  return new AppError(ErrorCodes.HOURS_INVALID, `office hours "${text}": ${why} (like 07:30-17:00 or T2-T7 07:30-11:30)`, { details: { why } });
}

function minutes(hhmm: string, text: string): number {
  const m = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw invalid(text, `"${hhmm}" is not HH:MM`);
  const value = Number(m[1]) * 60 + Number(m[2]);
  if (value > 1440) throw invalid(text, `"${hhmm}" is past midnight`);
  return value;
}

function parseDays(spec: string, text: string): Set<number> {
  const days = new Set<number>();
  for (const part of spec.toUpperCase().split(',')) {
    const [from, to] = part.split('-') as [string, string | undefined];
    const a = DAY_NAMES[from.trim()];
    const b = to === undefined ? a : DAY_NAMES[to.trim()];
    if (a === undefined || b === undefined) throw invalid(text, `"${part}" is not a day (T2 … T7, CN)`);
    // T2-CN wraps through the weekend: Monday … Sunday.
    for (let d = a, n = 0; n < 7; d = (d + 1) % 7, n++) {
      days.add(d);
      if (d === b) break;
    }
  }
  return days;
}

/** Parses the `hours` field; throws BHXH_HOURS_INVALID naming what is wrong. */
export function parseOfficeHours(text: string | undefined): OfficeHours {
  const source = (text ?? '').trim() || DEFAULT_HOURS;
  const m = /^(?:([A-Za-z0-9,-]+)\s+)?([0-9:,\s-]+)$/.exec(source);
  if (!m) throw invalid(source, 'unreadable');
  const days = m[1] ? parseDays(m[1], source) : WEEKDAYS;
  const ranges = m[2]!.split(',').map((r) => {
    const [a, b, ...rest] = r.trim().split('-');
    if (a === undefined || b === undefined || rest.length > 0) throw invalid(source, `"${r.trim()}" is not a range HH:MM-HH:MM`);
    const range = { start: minutes(a.trim(), source), end: minutes(b.trim(), source) };
    if (range.end === range.start) throw invalid(source, `"${r.trim()}" is empty`);
    return range;
  });
  return { days, ranges };
}

/** Vietnam wall-clock parts of an instant. */
function local(at: number): { day: number; minute: number; midnight: number } {
  const shifted = at + VN_OFFSET_MS;
  const midnight = Math.floor(shifted / DAY_MS) * DAY_MS - VN_OFFSET_MS;
  const d = new Date(shifted);
  return { day: d.getUTCDay(), minute: d.getUTCHours() * 60 + d.getUTCMinutes(), midnight };
}

export function isOnDuty(hours: OfficeHours, at: number): boolean {
  const { day, minute } = local(at);
  const yesterday = (day + 6) % 7;
  return hours.ranges.some((r) =>
    r.end > r.start
      ? hours.days.has(day) && minute >= r.start && minute < r.end
      : (hours.days.has(day) && minute >= r.start) || (hours.days.has(yesterday) && minute < r.end),
  );
}

/** The next instant (epoch ms) after `at` when these hours begin; undefined when they never do. */
export function nextOpening(hours: OfficeHours, at: number): number | undefined {
  const today = local(at).midnight;
  for (let i = 0; i <= 7; i++) {
    const midnight = today + i * DAY_MS;
    if (!hours.days.has(local(midnight).day)) continue;
    const starts = hours.ranges.map((r) => midnight + r.start * 60_000).filter((s) => s > at).sort((a, b) => a - b);
    if (starts[0] !== undefined) return starts[0];
  }
  return undefined;
}

/** How a time is said to the user: which day (relative to `now`), weekday, date and clock, in Vietnam time. */
export function vietnamMoment(at: number, now: number): { relative: 'today' | 'tomorrow' | 'later'; weekday: number; date: string; time: string } {
  const a = local(at);
  const n = local(now);
  const days = Math.round((a.midnight - n.midnight) / DAY_MS);
  const d = new Date(at + VN_OFFSET_MS);
  const pad = (v: number) => String(v).padStart(2, '0');
  const hh = Math.floor(a.minute / 60);
  const mm = a.minute % 60;
  return {
    relative: days === 0 ? 'today' : days === 1 ? 'tomorrow' : 'later',
    weekday: a.day,
    date: `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}`,
    time: mm === 0 ? `${hh} giờ` : `${hh} giờ ${pad(mm)}`,
  };
}
