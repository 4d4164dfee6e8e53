/**
 * Income amounts as Vietnamese freelance workers type them: `5tr5`, `7 củ`, `năm triệu rưỡi`, `4.500.000đ`,
 * `2 triệu 250 nghìn`, ranges (`5-7 triệu`, `3 4 triệu`, two alternative amounts) and "no fixed income".
 * Only numbers with a money unit, a currency sign, or large enough to be VND are read: years, ages and household
 * sizes are ignored.
 */
import { levenshtein } from './fuzzy.ts';
import { lex, type Token } from './lexer.ts';
import { fold, toNfc } from './normalize.ts';
import { isCountStart, readNumber, type NumberRead } from './numbers.ts';

export type MoneyResult =
  | { kind: 'amount'; vnd: number }
  | { kind: 'range'; minVnd: number; maxVnd: number }
  | { kind: 'none' };

const THOUSAND = 1e3;
const MILLION = 1e6;
const BILLION = 1e9;

/** Multiplier of a money unit token, or undefined. Letters-only units (k, m) must follow a number. */
export function moneyUnit(t: Token | undefined, prev: Token | undefined): number | undefined {
  if (t === undefined || t.digits) return undefined;
  const f = t.f;
  const afterNumber = prev !== undefined;
  switch (f) {
    case 'k':
      return afterNumber ? THOUSAND : undefined;
    case 'nghin': case 'ngan': case 'ngin': case 'nghan':
      return THOUSAND;
    case 'tr': case 'trieu':
      return MILLION;
    case 'cu':
      return afterNumber ? MILLION : undefined;
    case 'm':
      return afterNumber && prev.digits ? MILLION : undefined;
    case 'ty': case 'ti': case 'b':
      return afterNumber ? BILLION : undefined;
    case 'toi':
      return t.raw === 'tỏi' && afterNumber ? BILLION : undefined;
    case 'lit': case 'xi':
      return afterNumber ? 100 * THOUSAND : undefined;
    default:
      break;
  }
  // Typos of triệu (`trieuj`, `trệu`, `triêu`), but never trăm.
  if (f.startsWith('tr') && f !== 'tram' && f.length >= 3 && f.length <= 7 && levenshtein(f, 'trieu') <= 2) return MILLION;
  return undefined;
}

const CURRENCY = new Set(['d', 'vnd', 'dong', 'vnđ', '₫', 'đ']);
const APPROX = new Set(['tầm', 'khoảng', 'khoang', 'cỡ', 'co', 'hơn', 'hon', 'gần', 'gan', 'trên', 'tren', 'dưới', 'duoi', 'độ', 'chừng', 'chung', 'ước', 'uoc', 'tam']);
const RANGE_LINK = new Set(['-', '–', '~', 'đến', 'den', 'tới', 'toi', 'hoặc', 'hoac', 'hay']);
/** Words after a bare number that make it a count of something else (`một tháng`, `4 người`). */
const COUNTERS = new Set(['thang', 'nam', 'ngay', 'tuan', 'nguoi', 'con', 'dua', 'tuoi', 'lan', 'gio', 'h', 'khau', 'sao', 'thg', 't']);
const ADD_WORDS = new Set(['thêm', 'them', 'cộng', 'cong', '+', 'và', 'với', 'voi', 'phụ', 'thưởng', 'thuong']);
const VAGUE = new Set(['vai', 'may', 'it', 'nhieu', 'bao', 'chuc']);
const HALF = new Set(['rưỡi', 'ruoi', 'rui', 'rưởi']);

interface Amount {
  vnd: number;
  start: number;
  end: number;
  /** Biggest unit of the amount (for `5-7 triệu`). */
  unit: number;
  /** Number read before the unit (for the spoken range `3 4 triệu`). */
  lead: number;
  bare: boolean;
}

const isUnitCtx = (t: Token | undefined, prev: Token | undefined): boolean => moneyUnit(t, prev) !== undefined;

function isHalf(t: Token | undefined): boolean {
  return t !== undefined && (HALF.has(t.raw) || (t.plain && HALF.has(t.f)));
}

/** Reads `N unit [rưỡi | tail | N2 smaller-unit…]` starting at `i` (N optional for word units). */
function readAmount(tokens: readonly Token[], i: number): Amount | undefined {
  const num = readNumber(tokens, i, { isUnit: isUnitCtx });
  let j = num ? num.end : i;
  const unit = moneyUnit(tokens[j], num ? tokens[j - 1] : undefined);
  if (unit === undefined) return undefined;
  if (!num && !(tokens[j]?.f === 'trieu' || tokens[j]?.f === 'ty')) return undefined;
  // `vài triệu`, `mấy triệu`: a vague quantity, not "one million".
  if (!num && VAGUE.has(tokens[i - 1]?.f ?? '')) return undefined;
  const lead = num?.value ?? 1;
  let vnd = lead * unit;
  let u = unit;
  j += 1;
  for (;;) {
    if (isHalf(tokens[j])) {
      vnd += u / 2;
      j += 1;
      break;
    }
    if (tokens[j]?.raw === '-') break;
    const n2 = readNumber(tokens, j, { isUnit: isUnitCtx, afterUnit: true });
    if (!n2) break;
    const u2 = moneyUnit(tokens[n2.end], tokens[n2.end - 1]);
    if (u2 !== undefined) {
      if (u2 < u) {
        vnd += n2.value * u2;
        u = u2;
        j = n2.end + 1;
        continue;
      }
      break;
    }
    const after = tokens[n2.end];
    if (after && COUNTERS.has(after.f)) break;
    if (n2.decimal) break;
    vnd += tailValue(n2, u);
    j = n2.end;
    break;
  }
  return { vnd: Math.round(vnd), start: i, end: j, unit, lead, bare: false };
}

/** A number right after a unit: `5tr5` = 5.5 tr, `1tr550` = 1.55 tr, `3 triệu 2 trăm` = 3 tr + 200 nghìn. */
function tailValue(n: NumberRead, unit: number): number {
  if (n.endsWithHundred) return (n.value * unit) / 1000;
  if (n.fromDigits && n.digitString !== undefined) return Number(`0.${n.digitString}`) * unit;
  const digits = String(n.value).length;
  return (n.value / 10 ** digits) * unit;
}

/** `đ`, `vnd`, `đồng` (typed, or plain `dong`; `đóng` is the verb "to pay", not the currency). */
function isCurrency(t: Token | undefined): boolean {
  if (t === undefined) return false;
  if (t.f === 'dong') return t.raw === 'đồng' || t.plain;
  return CURRENCY.has(t.raw) || CURRENCY.has(t.f);
}

/** Patterns of irregular or unstated income (folded text). */
const NONE_PATTERNS: readonly RegExp[] = [
  /\btuy (thang|luc|mua|ngay|hom|dot|vu)\b/u,
  /\b(khong|ko|k|hok|chua) (co )?(thu nhap|luong|viec)( (co dinh|on dinh|deu))?\b/u,
  /\bthu nhap (khong|ko|k|chua) (co dinh|on dinh|deu|ro)\b/u,
  /\b(khong|ko|k) (co dinh|on dinh|deu|ro)\b/u,
  /\b(luc|thang|khi|hom|ngay|mua) nhieu (luc|thang|khi|hom|ngay|mua) it\b/u, /\b(luc|thang|khi) co (luc|thang|khi) khong\b/u,
  /\bthat nghiep\b/u, /\bbap benh\b/u, /\bthat thuong\b/u, /\bbat thuong\b/u, /\bbap bom\b/u,
  /\bluc co luc (khong|ko|k)\b/u, /\bngay (duoc|dc|co) ngay (khong|ko|k)\b/u, /\bthang (co|duoc|dc) thang (khong|ko|k)\b/u,
  /\b(khong|ko|k|chua|hok|hong) (biet|ro|nho|tinh|dem)\b/u, /\bbiet dau\b/u,
  /\b(vai|may|it) (trieu|tr|chuc|tram|cu|nghin|ngan)\b/u, /\blung tung\b/u, /\bphap phu\b/u, /\bkhong co gi\b/u,
  /\b(nghi|o) (nha|viec)\b.*\b(khong|ko|chua)\b/u, /\bnoi tro\b/u, /\bhet viec\b/u, /\bmat viec\b/u,
];

/** An amount or a range found in a message, with the token span it covers (tokens of `lex`). */
export type MoneySpan =
  | { kind: 'amount'; vnd: number; start: number; end: number }
  | { kind: 'range'; minVnd: number; maxVnd: number; start: number; end: number };

/** A minus sign right before a figure (`-5tr`), not a range dash between two figures (`5-7tr`). */
function negative(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i - 1];
  if (t === undefined || (t.raw !== '-' && t.raw !== '–')) return false;
  const before = tokens[i - 2];
  return before === undefined || !(before.digits || moneyUnit(before, tokens[i - 3]) !== undefined || isHalf(before));
}

interface Scan {
  amounts: Amount[];
  bares: Amount[];
}

function scan(tokens: readonly Token[]): Scan {
  const amounts: Amount[] = [];
  const bares: Amount[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i] as Token;
    // `tầm` before a number means "about"; without diacritics `tam` before a number also means tầm.
    if (APPROX.has(t.raw) && !(t.raw === 'tam' && !isCountStart(tokens[i + 1]))) {
      if (t.raw !== 'co' || isNumberStart(tokens, i + 1)) {
        i += 1;
        continue;
      }
    }
    const a = readAmount(tokens, i);
    if (a) {
      if (!negative(tokens, i)) amounts.push(a);
      i = a.end;
      continue;
    }
    const n = readNumber(tokens, i, { isUnit: isUnitCtx });
    if (n) {
      const bare: Amount = { vnd: n.value, start: i, end: n.end, unit: 1, lead: n.value, bare: true };
      const yearLike = n.fromDigits && !n.decimal && /^(19|20)\d\d$/u.test(tokens[i]?.raw ?? '');
      const big = n.fromDigits && !yearLike && (n.value >= 100_000 || (/[.,]\d{3}(?:[.,]\d{1,2})?$/u.test(tokens[i]?.raw ?? '') && n.value >= 10_000));
      if (negative(tokens, i) && (big || isCurrency(tokens[n.end]))) {
        // `-5.000.000đ`: a debt or a change, not an income.
      } else if (isCurrency(tokens[n.end]) && n.value >= 1000 && !(yearLike && tokens[n.end]?.f === 'dong')) {
        // (`sinh năm 1972 dong …` without diacritics: a year and the verb đóng, not 1,972 đồng.)
        amounts.push({ ...bare, bare: false, end: n.end + 1 });
      } else if (big) {
        amounts.push({ ...bare, bare: false });
      } else {
        bares.push(bare);
      }
      i = n.end;
      continue;
    }
    i += 1;
  }
  return { amounts, bares };
}

/**
 * Every amount and range of a message, in order, with token spans, for readers that must tell an income from a
 * contribution or a past salary by the words around each figure (src/language/entities.ts).
 */
export function moneySpans(tokens: readonly Token[]): MoneySpan[] {
  const { amounts, bares } = scan(tokens);
  const out: MoneySpan[] = [];
  const used = new Set<Amount>();
  for (const b of amounts) {
    const r = rangeEndingAt(tokens, b, amounts, bares);
    if (r) {
      used.add(r.low).add(b);
      const prev = out.at(-1);
      if (prev && prev.kind === 'amount' && prev.start === r.low.start) out.pop();
      out.push({ kind: 'range', minVnd: r.min, maxVnd: b.vnd, start: r.low.start, end: b.end });
      continue;
    }
    if (!used.has(b)) out.push({ kind: 'amount', vnd: b.vnd, start: b.start, end: b.end });
  }
  return out;
}

/**
 * Reads the income in a message. `undefined`: no money found (not a money message). `{kind:'none'}`: the user says
 * the income is irregular, unknown or vague (`tùy tháng`, `vài triệu`).
 */
export function parseMoney(text: string): MoneyResult | undefined {
  const tokens = lex(text);
  const { amounts, bares } = scan(tokens);

  for (const b of amounts) {
    const r = rangeEndingAt(tokens, b, amounts, bares);
    if (r) return { kind: 'range', minVnd: r.min, maxVnd: b.vnd };
  }
  if (amounts.length === 1) return { kind: 'amount', vnd: (amounts[0] as Amount).vnd };
  if (amounts.length > 1) {
    // `lương 4tr5 thêm thưởng 1tr`: parts of one income are added; otherwise two figures are alternatives (a range).
    const added = amounts.slice(1).every((a, k) =>
      tokens.slice((amounts[k] as Amount).end, a.start).some((t) => ADD_WORDS.has(t.raw) || ADD_WORDS.has(t.f)));
    if (added) return { kind: 'amount', vnd: amounts.reduce((sum, a) => sum + a.vnd, 0) };
    const values = amounts.map((a) => a.vnd);
    const min = Math.min(...values);
    const max = Math.max(...values);
    return min === max ? { kind: 'amount', vnd: min } : { kind: 'range', minVnd: min, maxVnd: max };
  }
  return noIncome(text) ? { kind: 'none' } : undefined;
}

/** The user says the income is irregular, unknown or vague (`tùy tháng`, `ko ổn định`, `vài triệu`). */
export function noIncome(text: string): boolean {
  const folded = fold(toNfc(text));
  return NONE_PATTERNS.some((re) => re.test(folded));
}

function isNumberStart(tokens: readonly Token[], i: number): boolean {
  return readNumber(tokens, i, { isUnit: isUnitCtx }) !== undefined;
}

/** `5-7 triệu`, `từ 3 đến 4 triệu`, `3tr-3tr5`, spoken `3 4 triệu`: the lower end of a range closed by `b`. */
function rangeEndingAt(
  tokens: readonly Token[], b: Amount, amounts: readonly Amount[], bares: readonly Amount[],
): { low: Amount; min: number } | undefined {
  const before = [...bares, ...amounts].find((x) => x.end === b.start || (x.end === b.start - 1 && RANGE_LINK.has(tokens[x.end]?.raw ?? '')));
  if (!before) return undefined;
  const linked = before.end === b.start - 1;
  const low = before.bare ? before.vnd * b.unit : before.vnd;
  if (!linked) {
    // Spoken range: two numbers side by side, the second a little larger (`3 4 triệu`, `ba bốn triệu`).
    if (!before.bare || !(before.vnd < b.lead && b.lead - before.vnd <= 3 && b.vnd === b.lead * b.unit)) return undefined;
  }
  return low > 0 && low < b.vnd ? { low: before, min: low } : undefined;
}
