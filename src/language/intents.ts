/**
 * Intent classification for FAQ and navigation messages. Keyword and phrase sets live in
 * locales/vi/intents.json so office staff can extend them; matching is diacritic-insensitive (phrases and messages
 * are folded and teencode-expanded the same way) and tolerant of one typo in longer words. The score of an intent is
 * the weight of its strongest phrase found in the message plus half of the others' weights; the confidence combines
 * the best score with its margin over the runner-up. Below INTENT_THRESHOLD the flow should ask a clarifying question.
 */
import { readFileSync } from 'node:fs';
import { levenshtein } from './fuzzy.ts';
import { normalize } from './normalize.ts';

export const INTENT_NAMES = [
  'what_is', 'who_can_join', 'contribution', 'support', 'pension', 'retirement_age', 'payment_methods', 'pause_resume',
  'withdraw_lump_sum', 'maternity', 'death_benefit', 'health_card', 'register', 'agent', 'human', 'menu', 'restart',
  'greeting', 'thanks', 'delete_data', 'stop', 'unknown',
] as const;

export type IntentName = (typeof INTENT_NAMES)[number];

export interface IntentMatch {
  intent: IntentName;
  confidence: number;
}

/** Below this confidence the flow asks a clarifying question instead of acting on the intent. */
export const INTENT_THRESHOLD = 0.5;

/** Words inside a phrase written as `*`: up to this many tokens of the message may stand there. */
const GAP = 3;

interface Phrase {
  /** Folded tokens (accented NFC tokens when `accented`); `*` marks a gap. */
  tokens: string[];
  weight: number;
  /** Written `=đẻ`: matches only the word with these diacritics (đẻ, not để). */
  accented?: true;
}

export interface IntentSet {
  intent: IntentName;
  phrases: Phrase[];
}

/** Same token form for phrases and messages: folded, teencode expanded, `1` read as `một`. */
export function intentTokens(text: string): string[] {
  return normalize(text).tokens.map((t) => (t === '1' ? 'mot' : t));
}

/** NFC lower-case words with their diacritics, for phrases written `=…`. */
function accentedTokens(text: string): string[] {
  return normalize(text).nfc.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/** Parses the locale file's shape: `{ intents: { name: ["phrase|weight", …] } }`. */
export function compileIntents(data: unknown): IntentSet[] {
  const intents = (data as { intents?: Record<string, unknown> }).intents ?? {};
  const out: IntentSet[] = [];
  for (const [name, list] of Object.entries(intents)) {
    if (!(INTENT_NAMES as readonly string[]).includes(name) || !Array.isArray(list)) continue;
    const phrases: Phrase[] = [];
    for (const entry of list) {
      if (typeof entry !== 'string') continue;
      const [spec = '', w] = entry.split('|');
      const accented = spec.trimStart().startsWith('=');
      const text = accented ? spec.trimStart().slice(1) : spec;
      const tokenize = accented ? accentedTokens : intentTokens;
      const tokens = text.split('*').map((part) => tokenize(part)).reduce<string[]>(
        (acc, part, k) => (k === 0 ? part : [...acc, '*', ...part]), [],
      );
      const words = tokens.filter((t) => t !== '*').length;
      if (words === 0) continue;
      const weight = w !== undefined && Number.isFinite(Number(w)) ? Number(w) : words;
      // The same words written twice (`xóa`, `xoá`) count once, with the larger weight.
      const same = phrases.find((p) => p.accented === (accented || undefined) && p.tokens.join(' ') === tokens.join(' '));
      if (same) same.weight = Math.max(same.weight, weight);
      else phrases.push(accented ? { tokens, weight, accented } : { tokens, weight });
    }
    out.push({ intent: name as IntentName, phrases });
  }
  return out;
}

function tokenEq(a: string, b: string): boolean {
  if (a === b) return true;
  // One typo in a longer word (`tham gja`, `luong huuu`).
  return a.length >= 5 && b.length >= 5 && Math.abs(a.length - b.length) <= 1 && levenshtein(a, b) <= 1;
}

/** Message tokens, each with the phrase words it stands for (itself, plus phrase words one typo away). */
type Canon = ReadonlyArray<ReadonlySet<string>>;

function canonicalise(msg: readonly string[], vocabulary: ReadonlySet<string>, longWords: readonly string[]): Canon {
  return msg.map((t) => {
    const set = new Set<string>([t]);
    if (!vocabulary.has(t) && t.length >= 5) for (const w of longWords) if (tokenEq(t, w)) set.add(w);
    return set;
  });
}

/** Does the phrase occur in the message (contiguous, `*` allowing up to GAP tokens)? */
function phraseAt(msg: Canon, phrase: readonly string[]): boolean {
  const first = phrase[0];
  if (first === undefined) return false;
  const gapped = phrase.includes('*');
  for (let i = 0; i < msg.length; i++) {
    if (!(msg[i] as ReadonlySet<string>).has(first)) continue;
    if (gapped ? matchFrom(msg, phrase, i + 1, 1) : contiguous(msg, phrase, i)) return true;
  }
  return false;
}

function contiguous(msg: Canon, phrase: readonly string[], i: number): boolean {
  if (i + phrase.length > msg.length) return false;
  for (let k = 1; k < phrase.length; k++) if (!(msg[i + k] as ReadonlySet<string>).has(phrase[k] as string)) return false;
  return true;
}

function matchFrom(msg: Canon, phrase: readonly string[], mi: number, pi: number): boolean {
  if (pi === phrase.length) return true;
  const p = phrase[pi] as string;
  if (p === '*') {
    for (let g = 0; g <= GAP && mi + g <= msg.length; g++) if (matchFrom(msg, phrase, mi + g, pi + 1)) return true;
    return false;
  }
  return mi < msg.length && (msg[mi] as ReadonlySet<string>).has(p) && matchFrom(msg, phrase, mi + 1, pi + 1);
}

/** Does the phrase occur in the message tokens (contiguous, `*` allowing up to GAP tokens, one typo in long words)? */
export function phraseIn(msg: readonly string[], phrase: readonly string[]): boolean {
  const words = phrase.filter((p) => p !== '*');
  return phraseAt(canonicalise(msg, new Set(words), words.filter((w) => w.length >= 5)), phrase);
}

const LOCALE_FILE = new URL('../../locales/vi/intents.json', import.meta.url);
let compiled: IntentSet[] | undefined;

function sets(): IntentSet[] {
  compiled ??= compileIntents(JSON.parse(readFileSync(LOCALE_FILE, 'utf8')) as unknown);
  return compiled;
}

interface Index {
  /** Every (folded) phrase word, and those long enough for the one-typo rule. */
  all: Set<string>;
  long: string[];
  /** Phrases by their first word, folded and accented apart: a message is checked only against phrases that can start in it. */
  folded: Map<string, Phrase[]>;
  accented: Map<string, Phrase[]>;
}

const indexes = new WeakMap<readonly IntentSet[], Index>();

function indexOf(intentSets: readonly IntentSet[]): Index {
  let v = indexes.get(intentSets);
  if (!v) {
    const all = new Set(intentSets.flatMap((s) => s.phrases.filter((p) => !p.accented).flatMap((p) => p.tokens)).filter((t) => t !== '*'));
    const folded = new Map<string, Phrase[]>();
    const accented = new Map<string, Phrase[]>();
    for (const p of intentSets.flatMap((s) => s.phrases)) {
      const byFirst = p.accented ? accented : folded;
      const first = p.tokens[0] as string;
      byFirst.set(first, [...(byFirst.get(first) ?? []), p]);
    }
    v = { all, long: [...all].filter((w) => w.length >= 5), folded, accented };
    indexes.set(intentSets, v);
  }
  return v;
}

/** The phrases whose first word occurs in the message: the only ones that can match. */
function candidates(msg: Canon, byFirst: ReadonlyMap<string, Phrase[]>): Set<Phrase> {
  const out = new Set<Phrase>();
  for (const words of msg) for (const w of words) for (const p of byFirst.get(w) ?? []) out.add(p);
  return out;
}

/** Share of the other matched phrases' weights added to the strongest one (overlapping phrases say little more). */
const EXTRA_EVIDENCE = 0.5;

function combine(weights: readonly number[]): number {
  if (weights.length === 0) return 0;
  const max = Math.max(...weights);
  const sum = weights.reduce((a, b) => a + b, 0);
  return max + EXTRA_EVIDENCE * (sum - max);
}

/** Scores of every intent for a message (for debugging and tests). */
export function scoreIntents(text: string, intentSets: readonly IntentSet[] = sets()): Array<{ intent: IntentName; score: number }> {
  const index = indexOf(intentSets);
  const msg = canonicalise(intentTokens(text), index.all, index.long);
  const accentedMsg: Canon = accentedTokens(text).map((t) => new Set([t]));
  const possible = candidates(msg, index.folded);
  for (const p of candidates(accentedMsg, index.accented)) possible.add(p);
  const found = (p: Phrase): boolean => possible.has(p) && phraseAt(p.accented ? accentedMsg : msg, p.tokens);
  return intentSets
    .map((s) => ({ intent: s.intent, score: combine(s.phrases.filter(found).map((p) => p.weight)) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
}

/**
 * The most likely intent and a confidence in [0, 1]; undefined when nothing in the message matches any intent
 * (off-topic: treat as `unknown`).
 */
export function matchIntent(text: string, intentSets: readonly IntentSet[] = sets()): IntentMatch | undefined {
  // A turn asks about the same message more than once (is it a greeting? then at the step): the last answer is kept.
  if (lastMatch?.text === text && lastMatch.sets === intentSets) return lastMatch.match;
  const match = scoreMatch(text, intentSets);
  lastMatch = { text, sets: intentSets, match: match && Object.freeze(match) };
  return lastMatch.match;
}

let lastMatch: { text: string; sets: readonly IntentSet[]; match: IntentMatch | undefined } | undefined;

function scoreMatch(text: string, intentSets: readonly IntentSet[]): IntentMatch | undefined {
  const scores = scoreIntents(text, intentSets);
  const best = scores[0];
  if (!best) return undefined;
  const second = scores[1]?.score ?? 0;
  const strength = 1 - Math.exp(-best.score / 3);
  const margin = (best.score - second) / best.score;
  // A tie between two intents is never confident enough to act on.
  const tie = best.score === second ? 0.75 : 1;
  const confidence = Math.round(strength * (0.65 + 0.35 * margin) * tie * 1000) / 1000;
  return { intent: best.intent, confidence };
}
