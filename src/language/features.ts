/**
 * Features of a message for the intent classifier, on both forms of the text:
 * - folded words (no diacritics, teencode expanded: `ko` → khong, `bn` → bao nhieu) and their bigrams, so "luong huu"
 *   and "lương hưu" look alike;
 * - the words as typed when they carry diacritics, so typed diacritics still tell nhắn from nhận, nghe from nghề,
 *   để from đẻ;
 * - character 3- and 4-grams of the folded words, so typos ("luog huu", "tinh muc dog") and run-together words keep
 *   most of their features.
 * Nothing crosses punctuation: a comma, a full stop or a question mark ends every n-gram, so a phrase is never
 * read across two clauses. Numbers become their shape (`<n>`, `<year>`, `<num>`): "đóng 20 năm" and "đóng 15 năm"
 * are the same question.
 */
import { expandTokens, fold } from './normalize.ts';

/** Words and digit groups (a digit group keeps its inner `.`/`,`/`/`: 1.500.000, 3/1966). */
const TOKEN = /\p{L}+|\d+(?:[.,/]\d+)*/gu;
/** Punctuation ends a segment, except between two digits (1.500.000, 3/1966). */
const SEGMENT_BREAK = /(?<!\d)[^\p{L}\p{N}\s]+|[^\p{L}\p{N}\s]+(?!\d)/gu;

function numberShape(raw: string): string {
  if (/^(?:19|20)\d\d$/u.test(raw)) return '<year>';
  if (/^\d{1,2}$/u.test(raw)) return '<n>';
  return '<num>';
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

/** The feature names of a (politeness-stripped) message; a set, so each counts once. */
export function intentFeatures(text: string): string[] {
  const nfc = text.normalize('NFC').toLowerCase();
  const out = new Set<string>();
  for (const segment of nfc.split(SEGMENT_BREAK)) {
    const raw = [...segment.matchAll(TOKEN)].map((m) => m[0]);
    if (raw.length === 0) continue;
    const typed = raw.map((t) => (/^\d/u.test(t) ? numberShape(t) : t));
    const folded = typed.map((t) => (t.startsWith('<') ? t : fold(t)));
    const words = expand(folded);
    words.forEach((w, i) => {
      out.add(`w:${w}`);
      if (i > 0) out.add(`b:${words[i - 1]}_${w}`);
    });
    out.add(`b:^_${words[0]}`);
    typed.forEach((t, i) => {
      if (t !== folded[i]) out.add(`a:${t}`);
    });
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
