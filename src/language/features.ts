/**
 * Features of a message for the intent classifier, on both forms of the text:
 * - folded words (no diacritics, teencode expanded: `ko` → khong, `bn` → bao nhieu) and their bigrams, so "luong huu"
 *   and "lương hưu" look alike;
 * - the words as typed when they carry diacritics, so typed diacritics still tell nhắn from nhận, nghe from nghề,
 *   để from đẻ;
 * - character 3- and 4-grams of the folded words, so typos ("luog huu", "tinh muc dog") and run-together words keep
 *   most of their features.
 * Nothing crosses punctuation: a comma, a full stop or a question mark ends every n-gram, so a phrase is never
 * read across two clauses. Details become what they are, found by the same readers as the entities (money.ts,
 * dates.ts): an amount is `<money>`, "9 năm" is `<period>`, "sinh 3/1966" / "sn 85" is `<birth>`, "52 tuổi" is
 * `<age>` — so "sinh" in a birth date is not a question about giving birth, and "đóng 20 năm" and "đóng 15 năm" are
 * the same question. Other numbers become their shape (`<n>`, `<year>`, `<num>`).
 */
import { periodSpans } from './dates.ts';
import { lex, type Token } from './lexer.ts';
import { moneySpans } from './money.ts';
import { expandTokens } from './normalize.ts';

function numberShape(raw: string): string {
  if (/^(?:19|20)\d\d$/u.test(raw)) return '<year>';
  if (/^\d{1,2}$/u.test(raw)) return '<n>';
  return '<num>';
}

const BIRTH_WORDS = new Set(['sinh', 'sn']);
const DATE_WORDS = new Set(['nam', 'ngay', 'thang']);
const AGE_WORDS = new Set(['tuoi', 't']);
/** Between two digit groups these join a date ("3/1966"), not two clauses. */
const SEPARATOR = new Set(['/', '-']);

/** Token index → the placeholder of the detail it belongs to (only the first token of a span carries it). */
function details(tokens: readonly Token[]): Map<number, string | null> {
  const out = new Map<number, string | null>();
  const mark = (start: number, end: number, name: string): void => {
    if ([...Array(end - start).keys()].some((k) => out.has(start + k))) return;
    for (let k = start; k < end; k++) out.set(k, k === start ? name : null);
  };
  tokens.forEach((t, i) => {
    if (!BIRTH_WORDS.has(t.f)) return;
    const d = tokens[i + 1]?.digits ? i + 1 : DATE_WORDS.has(tokens[i + 1]?.f ?? '') && tokens[i + 2]?.digits ? i + 2 : -1;
    if (d < 0) return;
    // "sinh 3/1966", "sn 15-8-85": the whole date.
    let end = d + 1;
    while (SEPARATOR.has(tokens[end]?.raw ?? '') && tokens[end + 1]?.digits) end += 2;
    mark(i, end, '<birth>');
  });
  tokens.forEach((t, i) => {
    if (t.digits && AGE_WORDS.has(tokens[i + 1]?.f ?? '')) mark(i, i + 2, '<age>');
  });
  for (const s of moneySpans(tokens)) mark(s.start, s.end, '<money>');
  for (const s of periodSpans(tokens)) mark(s.start, s.end, '<period>');
  return out;
}

/** Teencode expansion, except where the short form is part of a longer word: "công ty" is not "công thanks". */
function expand(words: readonly string[]): string[] {
  const out: string[] = [];
  words.forEach((w, i) => {
    if (w === 'ty' && words[i - 1] === 'cong') out.push(w);
    else out.push(...expandTokens([w]));
  });
  return out;
}

function charGrams(word: string, out: Set<string>): void {
  const padded = ` ${word} `;
  for (const n of [3, 4]) {
    for (let i = 0; i + n <= padded.length; i++) out.add(`c:${padded.slice(i, i + n)}`);
  }
}

interface Word {
  /** Folded (or a placeholder). */
  f: string;
  /** As typed, NFC lower case (a placeholder for details). */
  raw: string;
}

/** The message as segments of words, cut at punctuation, details replaced by their placeholder. */
function segments(text: string): Word[][] {
  const tokens = lex(text);
  const masked = details(tokens);
  const out: Word[][] = [[]];
  tokens.forEach((t, i) => {
    const m = masked.get(i);
    if (m === null) return;
    if (m !== undefined) out.at(-1)!.push({ f: m, raw: m });
    else if (t.digits) out.at(-1)!.push({ f: numberShape(t.raw), raw: numberShape(t.raw) });
    else if (/\p{L}/u.test(t.raw)) out.at(-1)!.push({ f: t.f, raw: t.raw });
    else if (SEPARATOR.has(t.raw) && tokens[i - 1]?.digits && tokens[i + 1]?.digits) return;
    else if (out.at(-1)!.length > 0) out.push([]);
  });
  return out.filter((s) => s.length > 0);
}

/** The feature names of a (politeness-stripped) message; a set, so each counts once. */
export function intentFeatures(text: string): string[] {
  const out = new Set<string>();
  for (const segment of segments(text)) {
    const folded = segment.map((w) => w.f);
    const words = expand(folded);
    words.forEach((w, i) => {
      out.add(`w:${w}`);
      if (i > 0) out.add(`b:${words[i - 1]}_${w}`);
    });
    out.add(`b:^_${words[0]}`);
    for (const w of segment) if (w.raw !== w.f) out.add(`a:${w.raw}`);
    for (const w of folded) if (!w.startsWith('<')) charGrams(w, out);
    // Grams across the space between two words, for words run together or split apart ("luonghuu", "bh xh").
    for (let i = 1; i < folded.length; i++) {
      const a = folded[i - 1] as string;
      const b = folded[i] as string;
      if (!a.startsWith('<') && !b.startsWith('<')) out.add(`j:${a.slice(-2)}${b.slice(0, 2)}`);
    }
  }
  return [...out];
}
