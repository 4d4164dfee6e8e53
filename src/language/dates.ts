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

/** Heavenly stems (can) and earthly branches (chi) of the sexagenary cycle, folded; index = (year − 4) mod 10 / 12. */
const CAN = ['giap', 'at', 'binh', 'dinh', 'mau', 'ky', 'canh', 'tan', 'nham', 'quy'];
const CHI_ACCENTED: Readonly<Record<string, number>> = {
  'tý': 0, 'sửu': 1, 'dần': 2, 'mão': 3, 'mẹo': 3, 'thìn': 4, 'tỵ': 5, 'tị': 5, 'ngọ': 6, 'mùi': 7, 'thân': 8, 'dậu': 9,
  'tuất': 10, 'hợi': 11,
};
/** Folded branches; `ty` is Tý or Tỵ, told apart by the stem's parity. */
const CHI_PLAIN: Readonly<Record<string, readonly number[]>> = {
  ty: [0, 5], suu: [1], dan: [2], mao: [3], meo: [3], thin: [4], ti: [5], ngo: [6], mui: [7], than: [8], dau: [9],
  tuat: [10], hoi: [11],
};

function chiOf(t: Token | undefined): readonly number[] | undefined {
  if (t === undefined) return undefined;
  const accented = CHI_ACCENTED[t.raw];
  if (accented !== undefined) return [accented];
  return t.plain ? CHI_PLAIN[t.f] : undefined;
}

/**
 * A birth year told with its zodiac animal: `tuổi Dần 1962`, `Nhâm Dần 62`, `1962 tuổi Dần`, `tuổi Nhâm Dần`. The
 * figure next to the animal is the year, never an age; a stem + branch pair alone gives the one year of the
 * 60-year cycle that makes an adult of working age. `zodiac: true` without a year: an animal alone (`tuổi Dần`),
 * which names no year but tells that `tuổi` here is not an age.
 */
function zodiacYear(tokens: readonly Token[], today: Date): { year?: number } | undefined {
  for (let k = 0; k < tokens.length; k++) {
    const chi = chiOf(tokens[k]);
    if (!chi) continue;
    const stemTok = tokens[k - 1];
    const can = stemTok ? CAN.indexOf(stemTok.f) : -1;
    const afterTuoi = tokens[can >= 0 ? k - 2 : k - 1]?.f === 'tuoi';
    const accented = tokens[k]?.raw !== tokens[k]?.f;
    // Folded branches collide with common words (`dan` dân, `hoi` hỏi, `than` thân): they need `tuổi` or a stem.
    if (!(can >= 0 || afterTuoi || (accented && yearNear(tokens, k, can, today) !== undefined))) continue;
    const near = yearNear(tokens, k, can, today);
    if (near !== undefined) return { year: near };
    if (can >= 0) {
      const now = today.getUTCFullYear();
      for (let y = now - 15; y >= now - 75; y--) {
        if ((y - 4) % 10 === can && chi.includes((y - 4) % 12)) return { year: y };
      }
    }
    return {};
  }
  return undefined;
}

/** A 4- or 2-digit year right before or after the animal (`1962 tuổi Dần`, `Dần 62`). */
function yearNear(tokens: readonly Token[], k: number, can: number, today: Date): number | undefined {
  const first = can >= 0 ? k - 1 : k;
  const candidates = [tokens[k + 1], tokens[first - 1], tokens[first - 1]?.f === 'tuoi' ? tokens[first - 2] : undefined];
  for (const t of candidates) {
    if (!t?.digits || !(t.raw.length === 2 || t.raw.length === 4)) continue;
    const y = yearOf(t.raw, today);
    if (y !== undefined) return y;
  }
  return undefined;
}

export interface BirthOptions {
  /** The bot asked for the birth year: a bare two-digit number (`72`) is a year. */
  asked?: boolean;
}

/**
 * A birth date, birth year or age. A year (with or without a date) wins over an age. Two-digit years need a birth
 * word (`sn 85`, `sinh năm 68`), a date (`1/1/80`, `5/72`), a zodiac animal (`Nhâm Dần 62`) or the question
 * (`asked`: `72` typed when the bot asked for the year).
 */
export function parseBirth(text: string, today: Date, opts: BirthOptions = {}): BirthResult | undefined {
  const folded = fold(toNfc(text));
  const sep = String.raw`\s*[/.\-]\s*`;
  const tokens = lex(text);

  const zodiac = zodiacYear(tokens, today);
  if (zodiac?.year !== undefined) return { kind: 'birth', year: zodiac.year };

  if (opts.asked) {
    const bare = /^\s*(?:(?:da|dạ|em|toi|tôi|minh|mình|sinh|nam|năm)\s+)*(\d{2})\s*(?:a|ạ|nhe|nhé|a\.)?\s*[.!]?\s*$/u.exec(toNfc(text));
    if (bare) {
      const y = yearOf(bare[1] ?? '', today);
      if (y !== undefined) return { kind: 'birth', year: y };
    }
  }

  const full = new RegExp(String.raw`(?<![\d])(\d{1,2})${sep}(\d{1,2})${sep}(\d{4}|\d{2})(?!\d)`, 'u').exec(folded);
  if (full) {
    const [d, m, y] = [Number(full[1]), Number(full[2]), yearOf(full[3] ?? '', today)];
    if (y !== undefined && validDay(y, m, d)) return { kind: 'birth', year: y, month: m, day: d };
  }

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
  // `5/72`: month / two-digit year; a second figure above 31 cannot be a day of a day/month date.
  const monthYy = new RegExp(String.raw`(?<![\d/.\-])(\d{1,2})\s*/\s*(\d{2})(?![\d/])`, 'u').exec(folded);
  if (monthYy) {
    const [m, yy] = [Number(monthYy[1]), Number(monthYy[2])];
    const y = yy > 31 || opts.asked ? yearOf(monthYy[2] ?? '', today) : undefined;
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

  // 40 tuổi, 47t, năm mươi lăm tuổi, tuổi 60 (but `tuổi Dần` names an animal, not an age)
  if (zodiac) return undefined;
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
export function monthsSince(tokens: readonly Token[], today: Date): number | undefined {
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

/** A period of time found in a message (`5 năm 7 tháng` gives two), with its token span. */
export interface PeriodSpan {
  months: number;
  start: number;
  end: number;
}

/** Every `N năm` / `N tháng` (`rưỡi` adds half a year) and `năm rưỡi` of a message, in order. */
export function periodSpans(tokens: readonly Token[]): PeriodSpan[] {
  const out: PeriodSpan[] = [];
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
      out.push({ months, start: i, end: j });
      i = j;
      continue;
    }
    // `năm rưỡi` = one year and a half.
    const t = tokens[i];
    if (!n && t !== undefined && YEAR_UNITS.has(t.f) && isHalf(tokens[i + 1])) {
      out.push({ months: 18, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    i = n ? Math.max(n.end, i + 1) : i + 1;
  }
  return out;
}

/** "Never paid" (folded), said anywhere in a longer message. */
export const NEVER_PAID = /\bchua (tung |he |bao gio |lan nao |co )?(dong|tham gia)\b|\b(khong|ko|k|hok|chua) (bao gio|lan nao|co) (dong|tham gia)\b/u;

/**
 * Months already contributed: years × 12 + months, several periods added together (`10 năm bắt buộc với 3 năm tự
 * nguyện` → 156). `chưa đóng` → 0. Undefined when no period can be read (`ko nhớ rõ`, `vài tháng`).
 */
export function parsePaidMonths(text: string, today: Date = new Date()): number | undefined {
  const tokens = lex(text);
  const spans = periodSpans(tokens);
  if (spans.length > 0) return Math.round(spans.reduce((sum, p) => sum + p.months, 0));
  const since = monthsSince(tokens, today);
  if (since !== undefined) return since;
  const folded = fold(toNfc(text));
  if (ZERO_PATTERNS.some((re) => re.test(folded))) return 0;
  return undefined;
}
