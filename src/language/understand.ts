/**
 * Understanding one message: its questions in the order asked, each with its intent and calibrated confidence.
 * The message is cut where a new question may start (clauses.ts), greetings and politeness are stripped, and each
 * piece is classified; a piece that is no question of its own ("tôi 60 tuổi rồi" before ", còn tham gia được
 * không") is joined back to its neighbour and the whole read again. A message that is only a greeting is `greeting`;
 * greetings and thanks next to a real question are dropped ("cảm ơn, còn …" is the new question).
 */
import { trainIntentClassifier, type IntentClassifier, type TrainOptions } from './classifier.ts';
import { softParts, splitClauses, stripPoliteness } from './clauses.ts';
import { parseCorpus, type CorpusProblem, type Example } from './corpus.ts';
import { extractEntities, type Entities } from './entities.ts';
import type { IntentMatch, IntentName } from './intent-names.ts';
import { fold } from './normalize.ts';

/** Below this probability a piece is not understood (the flow asks, or says what the bot can help with). */
export const INTENT_THRESHOLD = 0.45;
/** A comma part below this probability is not a question of its own. */
export const PIECE_THRESHOLD = 0.7;
/** …and its intent is among this many likeliest for the whole piece. */
const LIKELY = 3;
/** Two intents closer than this (in probability) are both offered as buttons. */
export const CLOSE_MARGIN = 0.12;
/** …provided the runner-up has at least this probability. */
const RUNNER_UP_MIN = 0.2;

export interface ClauseReading {
  /** The piece as the classifier saw it (politeness stripped); '' for a greeting alone. */
  text: string;
  intent: IntentName;
  confidence: number;
  /** A runner-up close enough to ask about (never `unknown`, `greeting` or `thanks`). */
  runnerUp?: IntentMatch;
  /** `unknown` because no intent was likely enough, not because the message is out of scope. */
  unsure?: true;
}

export interface IntentReading {
  /** Intents in the order asked, one per question; `[{ unknown }]` when nothing was understood. */
  intents: IntentMatch[];
  clauses: ClauseReading[];
}

const SOCIAL = new Set<IntentName>(['greeting', 'thanks']);
const round = (p: number): number => Math.round(p * 1000) / 1000;

function read(classifier: IntentClassifier, piece: string): ClauseReading | undefined {
  const s = stripPoliteness(piece);
  if (s.text === '') return s.greeted ? { text: '', intent: 'greeting', confidence: 1 } : undefined;
  const [best, second] = classifier.rank(s.text) as [IntentMatch, IntentMatch];
  if (best.confidence < INTENT_THRESHOLD) return { text: s.text, intent: 'unknown', confidence: round(1 - best.confidence), unsure: true };
  const reading: ClauseReading = { text: s.text, intent: best.intent, confidence: round(best.confidence) };
  const askable = (i: IntentName) => i !== 'unknown' && !SOCIAL.has(i);
  if (askable(best.intent) && askable(second.intent) && second.confidence >= RUNNER_UP_MIN && best.confidence - second.confidence < CLOSE_MARGIN) {
    reading.runnerUp = { intent: second.intent, confidence: round(second.confidence) };
  }
  return reading;
}

/**
 * The questions of one piece. Its comma parts count as questions apart only when at least two of them are clearly
 * questions (probability ≥ PIECE_THRESHOLD) about different things that are also among the piece's likeliest
 * intents as a whole: "sinh 3/1966" alone looks like a question about giving birth, but not inside "tôi sinh 3/1966,
 * nam, đóng 9 năm, bao giờ nghỉ hưu?".
 */
function readPiece(classifier: IntentClassifier, piece: string): ClauseReading[] {
  let parts = softParts(piece);
  // "cảm ơn, còn bhyt thì sao", "chào em, …": a thanks or greeting before the question is not part of it.
  while (parts.length > 1 && SOCIAL.has(read(classifier, parts[0] as string)?.intent ?? 'unknown')) {
    const rest = parts.slice(1);
    if ((read(classifier, rest.join(', '))?.intent ?? 'unknown') === 'unknown') break;
    parts = rest;
  }
  piece = parts.join(', ');
  const whole = read(classifier, piece);
  if (parts.length < 2 || whole === undefined || whole.text === '') return whole ? [whole] : [];
  const likely = new Set(classifier.rank(whole.text).slice(0, LIKELY).map((m) => m.intent));
  const asked = parts
    .map((p) => read(classifier, p))
    .filter((r): r is ClauseReading => r !== undefined && r.text !== '' && !SOCIAL.has(r.intent) && r.intent !== 'unknown'
      && (REQUESTS.has(r.intent) || isQuestion(r.text)));
  const strong = asked.filter((r) => r.confidence >= PIECE_THRESHOLD && likely.has(r.intent));
  if (new Set(strong.map((r) => r.intent)).size >= 2) return strong;
  // Details then a question ("anh sn 75, đi làm công ty 10 năm, giờ … có được hưởng lương hưu không"), the whole of
  // which reads as no question: the parts that are questions.
  const clear = asked.filter((r) => r.confidence >= PIECE_THRESHOLD);
  if (whole.intent === 'unknown' && clear.length > 0) return clear;
  return [whole];
}

/** Intents that are requests, not questions: they need no question word ("gọi cho tôi", "xóa dữ liệu của tôi"). */
const REQUESTS = new Set<IntentName>(['register', 'agent', 'human', 'menu', 'restart', 'delete_data', 'stop']);
/**
 * Words that make a part a question or an ask ("bao nhiêu", "không", "thế nào", "răng", "mô", "tính giúp"): a
 * part without one ("đang hưởng lương hưu", "mẹ em 57 tuổi") is a detail, not a question of its own.
 */
const QUESTION_WORDS = new Set([
  'khong', 'ko', 'k', 'hong', 'hok', 'hem', 'chua', 'gi', 'j', 'sao', 'nao', 'dau', 'may', 'nhieu', 'bn', 'ha', 'a',
  'ntn', 'rang', 'chi', 'mo', 'nhe', 'nha', 'nhen', 'giup', 'dum', 'gium', 'tinh', 'cho', 'muon', 'hoi', 'biet', 'the',
  'khi', 'bao', 'ne', 'khum', 'hk', 'kg', 'duoc', 'dc', 'coi', 'xem', 'lam',
]);

function isQuestion(text: string): boolean {
  return text.includes('?') || fold(text).split(/[^\p{L}\p{N}]+/u).some((w) => QUESTION_WORDS.has(w));
}

/** Reads a message: every question in it, in order (see the module comment). */
export function readIntents(classifier: IntentClassifier, text: string): IntentReading {
  let clauses = splitClauses(text).flatMap((p) => readPiece(classifier, p));
  if (clauses.some((c) => c.intent !== 'unknown' && !SOCIAL.has(c.intent))) {
    // Greetings, thanks and pieces that are no question (details, chatter) next to a real question are dropped.
    clauses = clauses.filter((c) => c.intent !== 'unknown' && !SOCIAL.has(c.intent));
  } else if (clauses.some((c) => SOCIAL.has(c.intent))) {
    clauses = clauses.filter((c) => SOCIAL.has(c.intent));
  } else if (clauses.length > 1) {
    // Nothing understood piece by piece: read the message as one.
    const whole = read(classifier, splitClauses(text).join(', '));
    clauses = whole ? [whole] : [];
  }
  // The same intent twice is one question.
  clauses = clauses.filter((c, i) => clauses.findIndex((d) => d.intent === c.intent) === i);
  if (clauses.length === 0) clauses = [{ text: '', intent: 'unknown', confidence: 1 }];
  return { intents: clauses.map((c) => ({ intent: c.intent, confidence: c.confidence })), clauses };
}

/** What `npm run understand` prints for a message, plus the clauses the engine routes on. */
export interface Understanding {
  text: string;
  /** In the order asked; `[{ intent: 'unknown' }]` when nothing was understood. */
  intents: IntentMatch[];
  entities: Entities;
  clauses: ClauseReading[];
}

export interface Understander {
  understand(text: string, now: Date): Understanding;
  readonly classifier: IntentClassifier;
}

export function createUnderstander(classifier: IntentClassifier): Understander {
  return {
    classifier,
    understand(text: string, now: Date): Understanding {
      const { intents, clauses } = readIntents(classifier, text);
      return { text, intents, entities: extractEntities(text, now), clauses };
    },
  };
}

/** The classifier's view of the corpus: each example with its politeness stripped (a greeting alone needs no model). */
export function trainingSet(examples: readonly Example[]): Array<{ text: string; intent: IntentName }> {
  return examples.map((e) => ({ text: stripPoliteness(e.text).text, intent: e.intent })).filter((e) => e.text !== '');
}

/** Validates the corpus files (file name → YAML) and trains on them: deterministic, about a second. */
export function trainFromCorpus(
  files: Readonly<Record<string, string>>,
  options: TrainOptions = {},
): { understander: Understander; examples: Example[]; problems: CorpusProblem[] } {
  const { examples, problems } = parseCorpus(files);
  return { understander: createUnderstander(trainIntentClassifier(trainingSet(examples), options)), examples, problems };
}
