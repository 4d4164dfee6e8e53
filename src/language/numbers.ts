/**
 * Reads a Vietnamese number from tokens: digits (`25`, `2,5`) optionally followed by `trăm`/`chục`, or number
 * words (`hai mươi lăm`, `mười lăm`, `không trăm năm mươi`, `chục`). Words that are also ordinary words when
 * typed without diacritics (`nam` five/year/male, `tam` tám/tầm, `ba`, `sau`, `bay`) only count as numbers when a
 * number word, multiplier or a unit of the caller's context follows.
 */
import { digitValue, type Token } from './lexer.ts';

export interface NumberRead {
  value: number;
  /** Index after the last token read. */
  end: number;
  /** Read from a digit group (not from words). */
  fromDigits: boolean;
  /** The digit string of a digit group (separators removed for thousands), for decimal tails (`1tr550`). */
  digitString?: string;
  /** The digit group carried a decimal mark (`2,5`). */
  decimal: boolean;
  /** The last multiplier was `trăm` (`3 triệu 2 trăm` means 200 nghìn). */
  endsWithHundred: boolean;
}

type Kind = 'digit' | 'ten' | 'tens' | 'hundred' | 'linh' | 'zero' | 'five' | 'one' | 'four';

/** Accented forms (as typed, NFC lower case). */
const ACCENTED: Readonly<Record<string, { kind: Kind; v?: number }>> = {
  'không': { kind: 'zero' }, 'một': { kind: 'digit', v: 1 }, 'mốt': { kind: 'one' }, 'hai': { kind: 'digit', v: 2 },
  'ba': { kind: 'digit', v: 3 }, 'bốn': { kind: 'digit', v: 4 }, 'tư': { kind: 'four' }, 'năm': { kind: 'digit', v: 5 },
  'lăm': { kind: 'five' }, 'nhăm': { kind: 'five' }, 'sáu': { kind: 'digit', v: 6 }, 'bảy': { kind: 'digit', v: 7 },
  'bẩy': { kind: 'digit', v: 7 }, 'tám': { kind: 'digit', v: 8 }, 'chín': { kind: 'digit', v: 9 },
  'mười': { kind: 'ten' }, 'mươi': { kind: 'tens' }, 'chục': { kind: 'tens' }, 'trăm': { kind: 'hundred' },
  'linh': { kind: 'linh' }, 'lẻ': { kind: 'linh' },
};

/** Forms typed without diacritics. `muoi` is mười or mươi depending on what precedes it. */
const PLAIN: Readonly<Record<string, { kind: Kind | 'muoi'; v?: number }>> = {
  khong: { kind: 'zero' }, mot: { kind: 'digit', v: 1 }, hai: { kind: 'digit', v: 2 }, ba: { kind: 'digit', v: 3 },
  bon: { kind: 'digit', v: 4 }, tu: { kind: 'four' }, nam: { kind: 'digit', v: 5 }, lam: { kind: 'five' },
  nham: { kind: 'five' }, sau: { kind: 'digit', v: 6 }, bay: { kind: 'digit', v: 7 },
  tam: { kind: 'digit', v: 8 }, chin: { kind: 'digit', v: 9 }, muoi: { kind: 'muoi' }, chuc: { kind: 'tens' },
  tram: { kind: 'hundred' }, linh: { kind: 'linh' }, le: { kind: 'linh' },
};

/** Words that are numbers only when a number word, multiplier or unit follows. */
const AMBIGUOUS = new Set(['năm', 'nam', 'tam', 'sau', 'bay', 'ba', 'mot']);

export interface ReadOptions {
  /** Is this token a unit in the caller's context (triệu, năm, tuổi…)? */
  isUnit: (t: Token | undefined, prev: Token | undefined) => boolean;
  /** Allow `mốt`/`tư` at the start (right after a unit: `triệu mốt`, `một triệu tư`). */
  afterUnit?: boolean;
}

function wordInfo(t: Token): { kind: Kind | 'muoi'; v?: number } | undefined {
  return ACCENTED[t.raw] ?? (t.plain ? PLAIN[t.f] : undefined);
}

function isNumberish(t: Token | undefined): boolean {
  if (t === undefined) return false;
  if (t.digits) return true;
  const w = wordInfo(t);
  return w !== undefined && !AMBIGUOUS.has(t.raw);
}

function isMultiplier(t: Token | undefined): boolean {
  if (t === undefined) return false;
  const w = wordInfo(t);
  return w !== undefined && (w.kind === 'tens' || w.kind === 'hundred' || w.kind === 'muoi' || w.kind === 'ten' || w.kind === 'five');
}

/** A digit group or a plain digit word (not a multiplier): what may follow `tầm` in "tầm 3 triệu". */
export function isCountStart(t: Token | undefined): boolean {
  if (t === undefined) return false;
  if (t.digits) return true;
  const w = wordInfo(t);
  return w !== undefined && (w.kind === 'digit' || w.kind === 'ten') && t.f !== 'tam';
}

export function readNumber(tokens: readonly Token[], start: number, opts: ReadOptions): NumberRead | undefined {
  const first = tokens[start];
  if (first === undefined) return undefined;
  if (first.digits) {
    const d = digitValue(first.raw);
    let value = d.value;
    let end = start + 1;
    let endsWithHundred = false;
    const next = tokens[end];
    const w = next ? wordInfo(next) : undefined;
    if (w && !d.decimals && (w.kind === 'hundred' || w.kind === 'tens' || (w.kind === 'muoi'))) {
      value *= w.kind === 'hundred' ? 100 : 10;
      endsWithHundred = w.kind === 'hundred';
      end += 1;
    }
    return {
      value, end, fromDigits: true, digitString: d.decimals === undefined ? d.intPart : undefined,
      decimal: d.decimals !== undefined, endsWithHundred,
    };
  }

  let hundreds = 0;
  let cur: number | undefined;
  let last: Kind | undefined;
  let i = start;
  for (; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const info = wordInfo(t);
    if (info === undefined) break;
    const next = tokens[i + 1];
    let kind = info.kind;
    if (kind === 'muoi') kind = last === 'digit' ? 'tens' : 'ten';
    if (kind === 'digit' && AMBIGUOUS.has(t.raw)) {
      // năm/nam: a unit, number word or multiplier must follow (`năm triệu`, `năm mươi`), else it is a word.
      // Right after a unit, a plain `tam` is tám (`5 trieu tam` = 5,8 triệu): tầm only comes before a figure.
      const tamTail = opts.afterUnit === true && last === undefined && t.plain && t.f === 'tam' && !isCountStart(next);
      const ok = tamTail || opts.isUnit(next, t) || isMultiplier(next) || (isNumberish(next) && !(t.raw === 'tam' && t.plain));
      if (!ok) break;
    }
    if (kind === 'zero') {
      const nw = next ? wordInfo(next) : undefined;
      if (!nw || !(nw.kind === 'hundred' || nw.kind === 'tens' || nw.kind === 'muoi' || nw.kind === 'linh')) break;
      cur = 0;
      last = 'digit';
      continue;
    }
    if (kind === 'digit') {
      const v = info.v ?? 0;
      if (last === undefined || last === 'hundred' || last === 'linh') cur = v;
      else if (last === 'ten' || last === 'tens') cur = (cur ?? 0) + v;
      else break;
      last = 'digit';
      continue;
    }
    if (kind === 'five') {
      if (last === 'ten' || last === 'tens') cur = (cur ?? 0) + 5;
      else if (last === 'digit') cur = (cur ?? 0) * 10 + 5;
      else break;
      last = 'five';
      continue;
    }
    if (kind === 'one' || kind === 'four') {
      const v = kind === 'one' ? 1 : 4;
      if (last === 'tens' || last === 'ten') cur = (cur ?? 0) + v;
      else if (last === undefined && opts.afterUnit && !isNumberish(next) && !opts.isUnit(next, t)) {
        // `triệu mốt`, `triệu tư`: a tail digit; folded `tu` only when nothing follows that makes it `từ`.
        if (t.plain && t.f === 'tu' && next !== undefined && next.digits) break;
        cur = v;
      } else break;
      last = 'digit';
      i++;
      break;
    }
    if (kind === 'ten') {
      if (last === undefined || last === 'hundred' || last === 'linh') cur = 10;
      else break;
      last = 'ten';
      continue;
    }
    if (kind === 'tens') {
      if (last === 'digit') cur = (cur ?? 0) * 10;
      else if (last === undefined && t.f === 'chuc') cur = 10;
      else break;
      last = 'tens';
      continue;
    }
    if (kind === 'hundred') {
      if (last === 'digit' || last === undefined) hundreds += (cur ?? 1) * 100;
      else break;
      cur = undefined;
      last = 'hundred';
      continue;
    }
    if (kind === 'linh') {
      if (last === 'hundred') {
        last = 'linh';
        continue;
      }
      break;
    }
    break;
  }
  if (last === undefined) return undefined;
  // A trailing `linh` without a digit is not part of the number.
  const end = last === 'linh' ? i - 1 : i;
  return {
    value: hundreds + (cur ?? 0), end, fromDigits: false, decimal: false, endsWithHundred: last === 'hundred',
  };
}
