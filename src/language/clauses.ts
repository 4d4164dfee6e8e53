/**
 * A message as people write it: several questions in one ("1. … 2. …", "…? …", "…; …", ", còn …", "với lại …",
 * "và cho hỏi …", one per line), wrapped in greetings and politeness ("chào em, cho chị hỏi …", "ad ơi", "dạ", "ạ").
 * `splitClauses` cuts a message where a new question may start; `stripPoliteness` removes the wrapping so the
 * classifier sees only the question. Both are rules, not learnt: they are few, stable and must never be wrong in
 * ways a classifier could hide (the classifier decides afterwards whether a piece was a question of its own).
 *
 * Matching runs on the folded text (no diacritics) with the same indexes as the NFC text, so what is cut out of
 * one is cut out of the other and the remainder keeps the diacritics the user typed.
 */
import { fold } from './normalize.ts';

/** NFC + lower case, whitespace kept as typed except that runs of spaces and tabs become one space. */
function nfcLower(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[ \t\u00a0]+/gu, ' ');
}

const folds = new Map<string, string>();

/** Folds each character on its own, so the result has the same length (and indexes) as the input. */
function foldSameLength(nfc: string): string {
  let out = '';
  for (const ch of nfc) {
    let f = folds.get(ch);
    if (f === undefined) {
      const g = fold(ch);
      f = g.length === ch.length ? g : ch;
      if (folds.size < 4096) folds.set(ch, f);
    }
    out += f;
  }
  return out;
}

/** Where a new question may start: a line, a list number, `?`, `!`, `;`, a sentence end, or a connector. */
const BREAKS: readonly RegExp[] = [
  /\n+/gu,
  // "1. …", "2) …", "câu 3: …", "- …" (a digit group like 1.500.000 has no space after its dot).
  /(?:^|\s)(?:cau\s*)?\d{1,2}\s*[.):]\s+(?=\S)/gu,
  /(?:^|\s)[-•*+]\s+(?=\S)/gu,
  /[?!;…]+/gu,
  /\.(?:\s+|$)/gu,

  new RegExp(String.raw`\s(?=(?:voi lai|vs lai|va cho (?:\p{L}+ )?hoi|cho (?:\p{L}+ )?hoi them|ngoai ra)\s)`, 'gu'),
];

/** Softer cuts inside a piece: a comma or "và" may end a question ("… có tham gia được không, mỗi tháng đóng bao nhiêu"). */
const SOFT_BREAK = /\s*,+\s*|\s+(?=va\s)/gu;

/**
 * The pieces of a message where a new question or request surely starts (a new line, a list number, `?`, `;`, a
 * sentence end, "với lại", "và cho hỏi"), in order, trimmed, none empty.
 */
export function splitClauses(text: string): string[] {
  const nfc = nfcLower(text);
  const folded = foldSameLength(nfc);
  const cuts = new Set<number>([0, nfc.length]);
  const spans: Array<[number, number]> = [];
  for (const re of BREAKS) {
    for (const m of folded.matchAll(re)) {
      spans.push([m.index, m.index + m[0].length]);
      cuts.add(m.index);
      cuts.add(m.index + m[0].length);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    // A separator span itself is not a piece.
    if (spans.some(([a, b]) => a <= from && to <= b)) continue;
    const piece = nfc.slice(from, to).replace(/^[\s,.:]+|[\s,.:]+$/gu, '').trim();
    if (/[\p{L}\p{N}]/u.test(piece)) out.push(piece);
  }
  return out;
}

/**
 * The parts of a piece between commas and before "và": where a question may end, though often it does not
 * ("tôi sinh 1966, nam, đóng 9 năm, bao giờ nghỉ hưu"). The caller decides whether the parts are questions apart.
 */
export function softParts(piece: string): string[] {
  const folded = foldSameLength(piece);
  const out: string[] = [];
  let from = 0;
  for (const m of folded.matchAll(SOFT_BREAK)) {
    out.push(piece.slice(from, m.index));
    from = m.index + m[0].length;
  }
  out.push(piece.slice(from));
  return out.map((p) => p.trim()).filter((p) => /[\p{L}\p{N}]/u.test(p));
}

const SELF = String.raw`(?:em|e|chi|c|anh|a|toi|t|tui|minh|mk|mik|chau|con|bac|co|chu|to|ba|ong|cj|me|bo)`;
const ADDRESSEE = String.raw`(?:em|e|anh|a|chi|c|cj|ad|admin|ban|b|bot|co|chu|bac|chau|con|shop|can bo|moi nguoi|ca nha|oi|nhe|nha|a)`;
const GREETING_WORD = String.raw`(?:xin chao+|kinh chao+|chao+|hel+o+|hel+u+|hi+|(?:alo+|a lo)(?: (?:alo+|a lo))*|he lo|hey)`;

const ONLY_ADDRESSEE = new RegExp(String.raw`^(?:${ADDRESSEE}|nhen|nghen|hen|nhe|nha)(?: (?:${ADDRESSEE}|nhen|nghen|hen|nhe|nha))*[\s!.]*$`, 'u');
/** Greetings: "xin chào", "chào em", "hello ad", "alo alo". */
const GREETING = new RegExp(String.raw`^(?:(?:${SELF}|da) )?${GREETING_WORD}(?: ${ADDRESSEE}){0,3}(?=$|[\s,.!])`, 'u');
/** Calling someone: "ad ơi", "em ơi", "chị ơi". */
const VOCATIVE = new RegExp(String.raw`(?:^|(?<=[\s,]))(?:${ADDRESSEE}|nhan vien|cac ban)(?: \p{L}+)? oi(?: oi)*(?=$|[\s,.!?])`, 'gu');
/** Asking to ask: "cho chị hỏi", "tôi muốn hỏi về", "xin hỏi", "hỏi chút". */
const ASKING = new RegExp(
  String.raw`^(?:(?:cho|xin cho) (?:${SELF} )?(?:xin )?hoi|xin hoi|(?:${SELF} )?(?:dang |cung )?(?:muon|mun|mon|can|xin phep) (?:duoc )?hoi|${SELF} hoi|hoi|(?:${SELF} )?(?:co )?(?:chut|cau|vai cau) hoi)` +
    String.raw`(?: (?:chut|xiu|ti|cai|voi|tham|nhe|nha|luon|them|mot chut|mot cau|nay|ne|ad|em|chi|anh|ban))*(?: (?:ve|la|rang|xem|thu))?(?=$|[\s,.:!?])`,
  'u',
);
/** Words that open a piece without meaning: a leading connector, "vâng", "giờ" ("còn" stays: "còn thiếu …"). */
const OPENER = /^(?:voi lai|vs lai|va|them nua|ngoai ra|mat khac|vang|da vang|gio|bay gio|bi gio|vay thi|the thi)(?=$|[\s,.!?])/u;
/** Openers recognised only with their diacritics (without them they are other words: "ở", "anh"). */
const ACCENTED_OPENER = /^(?:à|ừ|ơ|ờ|ủa|ừm|ờm)(?=$|[\s,.!?])/u;

export interface Stripped {
  /** The piece without greetings and politeness (NFC, lower case, diacritics as typed); '' when nothing is left. */
  text: string;
  /** A greeting or a call ("ad ơi") was removed. */
  greeted: boolean;
}

/**
 * Removes greetings, calls and politeness from the start of a piece ("chào em, cho chị hỏi", "ad ơi", "dạ",
 * "xin chào, tôi muốn hỏi về"), and "ạ"/"dạ" anywhere. "Dạ" and "ạ" are removed only with their diacritics: without
 * them they are "đã" and "a(nh)".
 */
export function stripPoliteness(piece: string): Stripped {
  let nfc = nfcLower(piece).replace(/\s+/gu, ' ').trim();
  let greeted = false;
  // Politeness particles with their diacritics, anywhere.
  nfc = nfc.replace(/(?:^|(?<=[\s,]))(?:dạ|ạ|ạh|dạa)(?=$|[\s,.!?])/gu, ' ');
  for (let guard = 0; guard < 8; guard++) {
    nfc = nfc.replace(/^[\s,.:;!-]+/u, '');
    const folded = foldSameLength(nfc);
    const vocative = [...folded.matchAll(VOCATIVE)];
    if (vocative.length > 0) {
      greeted = true;
      for (const m of vocative.reverse()) nfc = nfc.slice(0, m.index) + ' '.repeat(m[0].length) + nfc.slice(m.index + m[0].length);
      continue;
    }
    const greeting = GREETING.exec(folded);
    const m = greeting ?? ASKING.exec(folded) ?? OPENER.exec(folded) ?? ACCENTED_OPENER.exec(nfc);
    if (!m) break;
    if (greeting) greeted = true;
    nfc = nfc.slice(m[0].length);
  }
  const text = nfc.replace(/\s+/gu, ' ').replace(/^[\s,.:;!-]+|[\s,:;-]+$/gu, '').trim();
  // What is left of "em ơi em", "chào ad nhé": only the person called.
  if (greeted && ONLY_ADDRESSEE.test(foldSameLength(text))) return { text: '', greeted };
  return { text: /[\p{L}\p{N}]/u.test(text) ? text : '', greeted };
}
