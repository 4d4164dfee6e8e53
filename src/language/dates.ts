/**
 * Birth dates, ages and contribution periods: `1985`, `sinh năm 85`, `15/8/1965`, `tháng 3 năm 1970`, `40 tuổi`;
 * `5 năm 7 tháng` → 67 months, `năm rưỡi` → 18, `chưa đóng` → 0.
 */
import { lex, type Token } from './lexer.ts';
import { fold, toNfc } from './normalize.ts';
import { readNumber } from './numbers.ts';

export type BirthResult = { kind: 'birth'; year: number; month?: number; day?: number } | { kind: 'age'; years: number };

/** Two-digit years: 20yy up to this year, 19yy otherwise (`sn 03` → 2003, `sn 85` → 1985). */
export function expandYear(yy: number, today: Date): number {
  const cut = today.getUTCFullYear() % 100;
  return yy <= cut ? 2000 + yy : 1900 + yy;
}

function validYear(y: number, today: Date): boolean {
  const now = today.getUTCFullYear();
  return y >= now - 120 && y <= now;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function yearOf(raw: string, today: Date): number | undefined {
  if (!/^\d+$/u.test(raw)) return undefined;
  const n = Number(raw);
  const y = raw.length === 2 ? expandYear(n, today) : raw.length === 4 ? n : NaN;
  return validYear(y, today) ? y : undefined;
}

const AGE_WORDS = new Set(['tuoi', 't']);
const isAgeUnit = (t: Token | undefined): boolean => t !== undefined && AGE_WORDS.has(t.f);
const BIRTH_MARKERS = new Set(['sinh', 'sn', 'de', 'ns']);
const BIRTH_FILLERS = new Set(['nam', 'vao', 'la', ':', 'ngay', 'thang', 'năm']);

/**
 * A birth date, birth year or age. A year (with or without a date) wins over an age. Two-digit years need a birth
 * word (`sn 85`, `sinh năm 68`) or a date (`1/1/80`).
 */
export function parseBirth(text: string, today: Date): BirthResult | undefined {
  const folded = fold(toNfc(text));
  const sep = String.raw`\s*[/.\-]\s*`;

  const full = new RegExp(String.raw`(?<![\d])(\d{1,2})${sep}(\d{1,2})${sep}(\d{4}|\d{2})(?!\d)`, 'u').exec(folded);
  if (full) {
    const [d, m, y] = [Number(full[1]), Number(full[2]), yearOf(full[3] ?? '', today)];
    if (y !== undefined && validDay(y, m, d)) return { kind: 'birth', year: y, month: m, day: d };
  }

  const tokens = lex(text);
  // ngày 5 tháng 6 năm 1975 / tháng 3 năm 1970 / tháng 3/1970
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k]?.f !== 'thang') continue;
    const m = readNumber(tokens, k + 1, { isUnit: (t) => t?.f === 'nam' });
    if (!m || m.value < 1 || m.value > 12 || m.decimal) continue;
    let j = m.end;
    while (j < tokens.length && ['nam', '/', ',', '-', '.'].includes(tokens[j]?.f ?? '')) j++;
    const y = yearOf(tokens[j]?.raw ?? '', today);
    if (y === undefined) continue;
    const dayTok = tokens[k - 1];
    const d = dayTok?.digits ? Number(dayTok.raw) : undefined;
    if (d !== undefined && validDay(y, m.value, d)) return { kind: 'birth', year: y, month: m.value, day: d };
    return { kind: 'birth', year: y, month: m.value };
  }

  const monthYear = new RegExp(String.raw`(?<![\d/.\-])(\d{1,2})${sep}(\d{4})(?!\d)`, 'u').exec(folded);
  if (monthYear) {
    const [m, y] = [Number(monthYear[1]), yearOf(monthYear[2] ?? '', today)];
    if (y !== undefined && m >= 1 && m <= 12) return { kind: 'birth', year: y, month: m };
  }

  for (const t of tokens) {
    if (t.digits && t.raw.length === 4) {
      const y = yearOf(t.raw, today);
      if (y !== undefined) return { kind: 'birth', year: y };
    }
  }

  // sn 85, sinh năm 68, đẻ năm 92, năm sinh 85
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    const marker = BIRTH_MARKERS.has(t.f) || (t.f === 'nam' && tokens[k + 1]?.f === 'sinh');
    if (!marker) continue;
    let j = k + 1;
    while (j < tokens.length && (BIRTH_FILLERS.has(tokens[j]?.f ?? '') || tokens[j]?.f === 'sinh')) j++;
    const tok = tokens[j];
    if (tok?.digits && tok.raw.length === 2 && !isAgeUnit(tokens[j + 1])) {
      const y = yearOf(tok.raw, today);
      if (y !== undefined) return { kind: 'birth', year: y };
    }
    // sinh năm tám lăm
    const words = tok && !tok.digits ? readNumber(tokens, j, { isUnit: () => false }) : undefined;
    if (words && words.value >= 10 && words.value <= 99 && !isAgeUnit(tokens[words.end])) {
      const y = yearOf(String(words.value), today);
      if (y !== undefined) return { kind: 'birth', year: y };
    }
  }

  // 40 tuổi, 47t, năm mươi lăm tuổi, tuổi 60
  for (let k = 0; k < tokens.length; k++) {
    const n = readNumber(tokens, k, { isUnit: isAgeUnit });
    if (n && !n.decimal && isAgeUnit(tokens[n.end]) && n.value >= 1 && n.value <= 120) return { kind: 'age', years: n.value };
    // tuổi 60, tuổi: 45, năm nay 50
    const ageLead = tokens[k]?.f === 'tuoi' || (tokens[k]?.f === 'nay' && tokens[k - 1]?.f === 'nam');
    if (ageLead) {
      let j = k + 1;
      while (tokens[j] !== undefined && (tokens[j]?.raw === ':' || ['em', 'e', 'toi', 'minh', 'da', 'duoc', 'la', 'cung'].includes(tokens[j]?.f ?? ''))) j++;
      const after = readNumber(tokens, j, { isUnit: () => false });
      if (after && !after.decimal && after.value >= 1 && after.value <= 120) return { kind: 'age', years: after.value };
    }
    if (n) k = n.end - 1;
  }
  return undefined;
}

const YEAR_UNITS = new Set(['nam']);
const MONTH_UNITS = new Set(['thang', 'th', 'thg']);
const isPeriodUnit = (t: Token | undefined): boolean =>
  t !== undefined && ((YEAR_UNITS.has(t.f) && t.raw !== 'nắm') || MONTH_UNITS.has(t.f));
const isHalf = (t: Token | undefined): boolean => t !== undefined && ['ruoi', 'rui'].includes(t.f);

/** `(đóng) từ năm 2015`, `từ tháng 3/2018`: months from then until `today` (a year alone counts from its start). */
function monthsSince(tokens: readonly Token[], today: Date): number | undefined {
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k]?.f !== 'tu') continue;
    let j = k + 1;
    let month = 1;
    if (tokens[j]?.f === 'thang') {
      const m = readNumber(tokens, j + 1, { isUnit: () => false });
      if (!m || m.value < 1 || m.value > 12) continue;
      month = m.value;
      j = m.end;
      while (['/', '-', '.', 'nam'].includes(tokens[j]?.f ?? '')) j++;
    } else if (tokens[j]?.f === 'nam') {
      j++;
    }
    const y = tokens[j]?.digits && tokens[j]?.raw.length === 4 ? Number(tokens[j]?.raw) : NaN;
    const now = today.getUTCFullYear();
    if (!(y >= 1995 && y <= now)) continue;
    const months = (now - y) * 12 + (today.getUTCMonth() + 1 - month);
    return months >= 0 ? months : undefined;
  }
  return undefined;
}

/** "Never paid" answers (folded). */
const ZERO_PATTERNS: readonly RegExp[] = [
  /^\s*(da |dạ )?chua\b/u,
  /\bchua (tung |he |bao gio |lan nao |co )?(dong|tham gia|co so|tham)\b/u,
  /\b(chua|khong|ko|k|hok) (bao gio|lan nao|ngay nao|dong ngay nao) (dong|tham gia)\b/u,
  /\b(khong|ko|k|hok|chua) (co )?(dong|tham gia)( bhxh| bao hiem)? (bao gio|lan nao|ngay nao|gi ca)\b/u,
  /\bmoi (bat dau|dang ky|tinh)\b/u, /^\s*0\s*(thang|nam)?\s*$/u,
];

/**
 * Months already contributed: years × 12 + months, several periods added together (`10 năm bắt buộc với 3 năm tự
 * nguyện` → 156). `chưa đóng` → 0. Undefined when no period can be read (`ko nhớ rõ`, `vài tháng`).
 */
export function parsePaidMonths(text: string, today: Date = new Date()): number | undefined {
  const tokens = lex(text);
  let total = 0;
  let found = false;
  for (let i = 0; i < tokens.length; ) {
    const n = readNumber(tokens, i, { isUnit: isPeriodUnit });
    const unitTok = n ? tokens[n.end] : undefined;
    if (n && isPeriodUnit(unitTok)) {
      const perUnit = YEAR_UNITS.has(unitTok?.f ?? '') ? 12 : 1;
      let months = n.value * perUnit;
      let j = n.end + 1;
      if (isHalf(tokens[j])) {
        months += perUnit === 12 ? 6 : 0;
        j += 1;
      }
      total += months;
      found = true;
      i = j;
      continue;
    }
    // `năm rưỡi` = one year and a half.
    const t = tokens[i];
    if (!n && t !== undefined && YEAR_UNITS.has(t.f) && isHalf(tokens[i + 1])) {
      total += 18;
      found = true;
      i += 2;
      continue;
    }
    i = n ? Math.max(n.end, i + 1) : i + 1;
  }
  if (found) return Math.round(total);
  const since = monthsSince(tokens, today);
  if (since !== undefined) return since;
  const folded = fold(toNfc(text));
  if (ZERO_PATTERNS.some((re) => re.test(folded))) return 0;
  return undefined;
}
