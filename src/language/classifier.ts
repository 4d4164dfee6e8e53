/**
 * The intent classifier: multinomial logistic regression (softmax) over the sparse features of features.ts, trained
 * from the corpus at start-up by plain SGD in a fixed order (seeded shuffle: the same corpus gives the same model),
 * with a temperature fitted on out-of-fold predictions so the confidence is a calibrated probability.
 * src/language/README.md says which libraries were measured against it and why this one was kept.
 */
import { INTENT_NAMES, type IntentMatch, type IntentName } from './intent-names.ts';
import { intentFeatures } from './features.ts';

export interface TrainingExample {
  /** The text as the classifier sees it (politeness already stripped). */
  text: string;
  intent: IntentName;
}

export interface TrainOptions {
  epochs?: number;
  /** Initial learning rate (decays as 1 / (1 + t / n)). */
  learningRate?: number;
  /** L2 penalty per update. */
  l2?: number;
  seed?: number;
  /** Folds used to fit the temperature on out-of-fold predictions (0: temperature 1, no calibration). */
  calibrationFolds?: number;
}

export interface IntentClassifier {
  /** Every intent with its probability, best first. */
  rank(text: string): IntentMatch[];
  /** The temperature the logits are divided by (fitted at training). */
  readonly temperature: number;
  readonly featureCount: number;
}

const DEFAULTS: Required<TrainOptions> = { epochs: 50, learningRate: 6, l2: 1e-6, seed: 7, calibrationFolds: 3 };

/** mulberry32: a small seeded generator, so training is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sparse {
  idx: Int32Array;
  /** The same value for every feature present: 1 / sqrt(count), so long messages do not outweigh short ones. */
  val: number;
}

interface Linear {
  weights: Float64Array;
  bias: Float64Array;
  vocab: Map<string, number>;
}

const K = INTENT_NAMES.length;
const CLASS = new Map<string, number>(INTENT_NAMES.map((n, i) => [n, i]));

function encode(features: readonly string[], vocab: ReadonlyMap<string, number>): Sparse {
  const idx: number[] = [];
  for (const f of features) {
    const i = vocab.get(f);
    if (i !== undefined) idx.push(i);
  }
  return { idx: Int32Array.from(idx), val: idx.length ? 1 / Math.sqrt(idx.length) : 0 };
}

function logitsOf(m: Linear, x: Sparse, out: Float64Array): Float64Array {
  out.set(m.bias);
  for (const i of x.idx) {
    const row = i * K;
    for (let k = 0; k < K; k++) out[k]! += m.weights[row + k]! * x.val;
  }
  return out;
}

function softmax(logits: Float64Array, temperature: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    out[k] = Math.exp((logits[k]! - max) / temperature);
    sum += out[k]!;
  }
  for (let k = 0; k < K; k++) out[k]! /= sum;
  return out;
}

function fit(features: readonly string[][], labels: readonly number[], o: Required<TrainOptions>): Linear {
  const vocab = new Map<string, number>();
  for (const fs of features) for (const f of fs) if (!vocab.has(f)) vocab.set(f, vocab.size);
  const m: Linear = { weights: new Float64Array(vocab.size * K), bias: new Float64Array(K), vocab };
  const xs = features.map((fs) => encode(fs, vocab));
  const order = xs.map((_, i) => i);
  const random = rng(o.seed);
  const logits = new Float64Array(K);
  const p = new Float64Array(K);
  let t = 0;
  const n = xs.length;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const e of order) {
      const x = xs[e]!;
      const y = labels[e]!;
      const lr = o.learningRate / (1 + t / n);
      t++;
      softmax(logitsOf(m, x, logits), 1, p);
      p[y]! -= 1; // p is now the gradient of the log loss with respect to the logits
      const step = lr * x.val;
      const decay = 1 - lr * o.l2;
      for (let k = 0; k < K; k++) m.bias[k]! -= lr * p[k]!;
      for (const i of x.idx) {
        const row = i * K;
        for (let k = 0; k < K; k++) m.weights[row + k] = m.weights[row + k]! * decay - step * p[k]!;
      }
    }
  }
  return m;
}

/** The temperature minimising the log loss of held-out logits (golden-section search on log T). */
function fitTemperature(held: ReadonlyArray<{ logits: Float64Array; label: number }>): number {
  const p = new Float64Array(K);
  const loss = (logT: number): number => {
    const T = Math.exp(logT);
    let sum = 0;
    for (const h of held) sum -= Math.log(Math.max(softmax(h.logits, T, p)[h.label]!, 1e-12));
    return sum;
  };
  let a = Math.log(0.05);
  let b = Math.log(20);
  const r = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const c = b - r * (b - a);
    const d = a + r * (b - a);
    if (loss(c) < loss(d)) b = d;
    else a = c;
  }
  return Math.exp((a + b) / 2);
}

/** Trains the classifier (deterministic). Throws when an intent has no example at all, except `unknown`. */
export function trainIntentClassifier(examples: readonly TrainingExample[], options: TrainOptions = {}): IntentClassifier {
  const o = { ...DEFAULTS, ...options };
  const features = examples.map((e) => intentFeatures(e.text));
  const labels = examples.map((e) => CLASS.get(e.intent)!);
  let temperature = 1;
  if (o.calibrationFolds > 1) {
    const held: Array<{ logits: Float64Array; label: number }> = [];
    for (let f = 0; f < o.calibrationFolds; f++) {
      const trainIdx = labels.map((_, i) => i).filter((i) => i % o.calibrationFolds !== f);
      const testIdx = labels.map((_, i) => i).filter((i) => i % o.calibrationFolds === f);
      const m = fit(trainIdx.map((i) => features[i]!), trainIdx.map((i) => labels[i]!), o);
      for (const i of testIdx) held.push({ logits: logitsOf(m, encode(features[i]!, m.vocab), new Float64Array(K)), label: labels[i]! });
    }
    temperature = fitTemperature(held);
  }
  const model = fit(features, labels, o);
  return {
    temperature,
    featureCount: model.vocab.size,
    rank(text: string): IntentMatch[] {
      const x = encode(intentFeatures(text), model.vocab);
      const p = softmax(logitsOf(model, x, new Float64Array(K)), temperature, new Float64Array(K));
      return INTENT_NAMES.map((intent, k) => ({ intent, confidence: p[k]! })).sort((a, b) => b.confidence - a.confidence);
    },
  };
}
