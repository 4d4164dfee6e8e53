/**
 * Splits a message into tokens that keep both the accented form (to tell năm from nam, tư from từ) and the folded
 * form. Digits are split from letters (`5tr5` → `5`, `tr`, `5`); digit groups keep their `.`/`,` separators.
 */
import { fold, toNfc } from './normalize.ts';

export interface Token {
  /** NFC lower-case form as typed. */
  raw: string;
  /** Diacritics folded. */
  f: string;
  /** True for a run of digits (possibly with `.`/`,` separators). */
  digits: boolean;
  /** True when the user typed no diacritics on this word, so a folded reading is all we have. */
  plain: boolean;
}

const TOKEN_RE = /\d+(?:[.,]\d+)*|\p{L}+|[^\s\p{L}\d]/gu;

export function lex(text: string): Token[] {
  const nfc = toNfc(text);
  const out: Token[] = [];
  for (const m of nfc.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const f = fold(raw);
    out.push({ raw, f, digits: /^\d/u.test(raw), plain: raw === f });
  }
  return out;
}

/**
 * Value of a digit group. `.`/`,` followed by exactly three digits groups thousands (`4.500.000`, `3,000,000`);
 * otherwise one separator is a decimal mark (`1,5`, `2.5`).
 */
export function digitValue(raw: string): { value: number; decimals: string | undefined; intPart: string } {
  const parts = raw.split(/[.,]/u);
  if (parts.length === 1) return { value: Number(raw), decimals: undefined, intPart: raw };
  const tail = parts.slice(1);
  if (tail.every((p) => p.length === 3)) {
    const joined = parts.join('');
    return { value: Number(joined), decimals: undefined, intPart: joined };
  }
  if (parts.length === 2) {
    const [a = '0', b = ''] = parts;
    return { value: Number(`${a}.${b}`), decimals: b, intPart: a };
  }
  // `1.500.000,00` / `1,500,000.00`: thousands groups, then a different mark before cents.
  const marks = raw.replace(/\d/gu, '');
  const last = parts.at(-1) ?? '';
  const middle = parts.slice(1, -1);
  if (marks.length >= 2 && marks.at(-1) !== marks[0] && new Set(marks.slice(0, -1)).size === 1 && middle.every((p) => p.length === 3)) {
    const intPart = parts.slice(0, -1).join('');
    return { value: Number(`${intPart}.${last}`), decimals: last, intPart };
  }
  const joined = parts.join('');
  return { value: Number(joined), decimals: undefined, intPart: joined };
}
