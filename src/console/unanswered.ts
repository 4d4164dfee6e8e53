import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { fold } from '../language/index.ts';
import type { Store } from '../store/types.ts';
import { redact } from './redact.ts';

/**
 * Messages the bot did not understand, kept redacted (redact.ts) for 30 days and grouped by similarity, so staff
 * can see what people ask and label a message with the intent it meant. A label is not fed to the model: it is
 * added to a reviewable list, exported as JSON Lines (`/console/unanswered/labelled.jsonl`) for a developer to
 * review and add to the training examples in a normal change.
 */
export const KEEP_DAYS = 30;
const INDEX = 'unanswered';
const LABELLED = 'unq:{unq}:labelled';
const itemKey = (id: string) => `unq:${id}`;

export interface Unanswered {
  id: string;
  text: string;
  at: number;
  /** Set once staff labelled it. */
  label?: { intent: string; by: string; at: number };
}

export interface QuestionGroup {
  /** The most recent message of the group, shown as its title. */
  sample: Unanswered;
  items: Unanswered[];
}

export interface LabelledExample {
  text: string;
  intent: string;
  by: string;
  at: string;
  source: 'console';
}

/** Few-letter words that say nothing about the topic ("ạ", "à", "cho", "em", "hỏi"). */
const STOP = new Set(['a', 'a?', 'ah', 'oi', 'la', 'cho', 'em', 'anh', 'chi', 'minh', 'toi', 'hoi', 'voi', 'thi', 'ma', 'nhe', 'nha', 'vay', 'the', 'co', 'khong', 'duoc', 'gi', 'sao', 'ko', 'k', 'ban', 'bot', 'ad', 'shop', 'xin', 'cam', 'on', 'vui', 'long', 'giup']);

export function tokens(text: string): Set<string> {
  return new Set(fold(text.toLowerCase()).split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 1 && !STOP.has(t) && !t.startsWith('[')));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common);
}

/** Greedy grouping: each message joins the first group whose sample shares half its words (Jaccard ≥ 0.5). */
export function groupBySimilarity(items: Unanswered[], threshold = 0.5): QuestionGroup[] {
  const groups: { words: Set<string>; group: QuestionGroup }[] = [];
  for (const item of items) {
    const words = tokens(item.text);
    const home = groups.find((g) => jaccard(g.words, words) >= threshold);
    if (home) home.group.items.push(item);
    else groups.push({ words, group: { sample: item, items: [item] } });
  }
  return groups.map((g) => g.group).sort((a, b) => b.items.length - a.items.length || b.sample.at - a.sample.at);
}

/**
 * The labelled examples of one intent as a training file of the understanding layer (src/language/README.md:
 * `locales/vi/nlu/<intent>.yaml`, `intent` + `examples`), to be reviewed and committed as `<intent>-console.yaml`.
 */
export function labelledYaml(intent: string, rows: { text: string; by: string; at: string }[]): string {
  const header = [
    `# Câu staff gán nhãn "${intent}" trong bảng điều khiển (đã che số điện thoại, tên). Xem lại từng câu trước khi`,
    `# thêm vào locales/vi/nlu/${intent}-console.yaml; chạy npm run flows:check và npm run eval sau khi thêm.`,
    ...rows.map((r) => `#   ${r.at.slice(0, 10)} ${r.by}: ${r.text.replace(/\n/g, ' ')}`),
  ].join('\n');
  return `${header}\n${stringify({ intent, examples: [...new Set(rows.map((r) => r.text.replace(/\s+/g, ' ').trim()))] })}`;
}

export class UnansweredQuestions {
  constructor(private readonly store: Store) {}

  /** Keeps a message the bot did not understand, redacted, for KEEP_DAYS. */
  async record(text: string, at: number): Promise<Unanswered | undefined> {
    const clean = redact(text).slice(0, 500);
    if (clean.length < 2) return undefined;
    const id = createHash('sha256').update(`${at}\u0000${clean}`).digest('base64url').slice(0, 12).replace(/[-_]/g, 'x');
    const item: Unanswered = { id, text: clean, at };
    await this.store.setAll([{ key: itemKey(id), value: JSON.stringify(item), ttlSeconds: KEEP_DAYS * 86_400, index: { name: INDEX, at } }]);
    await this.store.indexTrim(INDEX, at - KEEP_DAYS * 86_400_000);
    return item;
  }

  /** The last 30 days' messages not yet labelled (the `limit` most recent), grouped; `total` counts all 30 days. */
  async groups(now: number, limit = 500): Promise<{ total: number; groups: QuestionGroup[] }> {
    const min = now - KEEP_DAYS * 86_400_000;
    const [total, ids] = await Promise.all([this.store.indexCount(INDEX, min), this.store.indexRange(INDEX, { min, limit, newestFirst: true })]);
    const raw = await Promise.all(ids.map((k) => this.store.get(k)));
    const items = raw.flatMap((r) => (r === null ? [] : [JSON.parse(r) as Unanswered])).filter((i) => !i.label);
    return { total, groups: groupBySimilarity(items) };
  }

  /** Labels a message (and, with `group`, the others of its group) with an intent: they join the reviewable list. */
  async label(ids: string[], intent: string, by: string, at: number): Promise<number> {
    let n = 0;
    for (const id of ids) {
      const raw = await this.store.get(itemKey(id));
      if (raw === null) continue;
      const item = JSON.parse(raw) as Unanswered;
      item.label = { intent, by, at };
      const example: LabelledExample = { text: item.text, intent, by, at: new Date(at).toISOString(), source: 'console' };
      await this.store.set(itemKey(id), JSON.stringify(item), KEEP_DAYS * 86_400);
      await this.store.hashSet(LABELLED, { [id]: JSON.stringify(example) });
      n++;
    }
    return n;
  }

  /** Every labelled example not yet taken out, oldest first. */
  async labelled(): Promise<(LabelledExample & { id: string })[]> {
    const h = await this.store.hashGetAll(LABELLED);
    return Object.entries(h)
      .map(([id, v]) => ({ id, ...(JSON.parse(v) as LabelledExample) }))
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Drops a labelled example from the list (once it has been reviewed into the corpus, or rejected). */
  async unlabel(id: string): Promise<void> {
    await this.store.hashSet(LABELLED, { [id]: undefined });
  }
}
