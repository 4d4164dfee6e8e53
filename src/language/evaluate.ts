/**
 * Measuring the understanding layer on data (pure; the caller reads the files): per-intent precision and recall,
 * k-fold cross-validation of the classifier on its own corpus, and the whole-message set (intents in order and
 * entities) of test/fixtures/nlu/messages.jsonl. Used by `npm run eval` and by the threshold tests.
 */
import { z } from 'zod';
import { trainIntentClassifier, type TrainOptions } from './classifier.ts';
import type { Example } from './corpus.ts';
import { entitiesSchema, type Entities } from './entities.ts';
import { INTENT_NAMES, type IntentName } from './intent-names.ts';
import { createUnderstander, trainingSet, type Understander } from './understand.ts';

export interface Outcome {
  expected: string;
  got: string;
}

export interface IntentScore {
  intent: string;
  precision: number;
  recall: number;
  support: number;
}

export function accuracy(outcomes: readonly Outcome[]): number {
  return outcomes.length === 0 ? 0 : outcomes.filter((o) => o.expected === o.got).length / outcomes.length;
}

/** Precision and recall of every intent that was expected or predicted (NaN-free: 1 when there is nothing to get wrong). */
export function perIntent(outcomes: readonly Outcome[]): IntentScore[] {
  const names = [...new Set(outcomes.flatMap((o) => [o.expected, o.got]))].sort(
    (a, b) => INTENT_NAMES.indexOf(a as IntentName) - INTENT_NAMES.indexOf(b as IntentName),
  );
  return names.map((intent) => {
    const tp = outcomes.filter((o) => o.expected === intent && o.got === intent).length;
    const predicted = outcomes.filter((o) => o.got === intent).length;
    const support = outcomes.filter((o) => o.expected === intent).length;
    return { intent, precision: predicted ? tp / predicted : 1, recall: support ? tp / support : 1, support };
  });
}

/** The first intent the understander reads in a one-question message. */
export function firstIntent(u: Understander, text: string, now: Date): string {
  return u.understand(text, now).intents[0]?.intent ?? 'unknown';
}

/**
 * k-fold cross-validation: the corpus is split by position within each intent (example i of an intent goes to fold
 * i mod k), each fold is classified by a model trained on the others. Returns every example's outcome.
 */
export function crossValidate(examples: readonly Example[], folds: number, now: Date, options: TrainOptions = {}): Outcome[] {
  const position = new Map<string, number>();
  const fold = examples.map((e) => {
    const n = position.get(e.intent) ?? 0;
    position.set(e.intent, n + 1);
    return n % folds;
  });
  const out: Outcome[] = [];
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => fold[i] !== f);
    const u = createUnderstander(trainIntentClassifier(trainingSet(train), options));
    examples.forEach((e, i) => {
      if (fold[i] === f) out.push({ expected: e.intent, got: firstIntent(u, e.text, now) });
    });
  }
  return out;
}

/** One line of test/fixtures/nlu/messages.jsonl: the `npm run understand` shape, confidences left out. */
export const messageCaseSchema = z.strictObject({
  text: z.string().min(1),
  intents: z.array(z.strictObject({ intent: z.enum(INTENT_NAMES) })).min(1),
  /** When given, every field listed must be read exactly (fields not listed are not checked). */
  entities: entitiesSchema.optional(),
});
export type MessageCase = z.infer<typeof messageCaseSchema>;

export function parseMessageCases(jsonl: string): MessageCase[] {
  return jsonl
    .split(/\r?\n/u)
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const r = messageCaseSchema.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`messages.jsonl line ${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return r.data;
    });
}

export interface MessageResult {
  case: MessageCase;
  intents: string[];
  entities: Entities;
  intentsRight: boolean;
  /** Fields expected / fields read exactly (0 / 0 when the case lists no entities). */
  entityFields: number;
  entityFieldsRight: number;
}

export function evaluateMessages(u: Understander, cases: readonly MessageCase[], now: Date): MessageResult[] {
  return cases.map((c) => {
    const r = u.understand(c.text, now);
    const intents = r.intents.map((m) => m.intent);
    const expected = Object.entries(c.entities ?? {});
    const right = expected.filter(([k, v]) => JSON.stringify((r.entities as Record<string, unknown>)[k]) === JSON.stringify(v)).length;
    return {
      case: c,
      intents,
      entities: r.entities,
      intentsRight: intents.join(',') === c.intents.map((m) => m.intent).join(','),
      entityFields: expected.length,
      entityFieldsRight: right,
    };
  });
}
